"""Grading one mutated file and checking what came out; counts kept for the session's summary."""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mlebench.grading.core import grade_file
from mlebench.registry import Competition
from tests.fuzz._mutations import INVALID, SAME, Base, base_from_frame, write

STATS: Counter = Counter()


@dataclass
class Target:
    """A prepared competition, its answers and its valid bases with their scores."""

    competition: Competition
    answers: object
    bases: list[Base] = field(default_factory=list)
    base_scores: dict[str, float] = field(default_factory=dict)


def make_target(comp: Competition, answers, sample, perfect, tmp: Path) -> Target:
    spec = comp.config.extra["submission"]
    ids = [spec["id_column"]] if isinstance(spec["id_column"], str) else list(spec["id_column"])
    target = Target(comp, answers)
    # a number column is one where both the answers and the sample hold numbers (a sample may hold zeros
    # for text; answers may hold one label where the sample shows a space-separated list of them)
    numeric = [c for c in spec["target_columns"] if all(
        pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for df in (sample, perfect))]
    for name, df in (("sample", sample), ("answers", perfect)):
        base = base_from_frame(name, df[[*ids, *spec["target_columns"]]], id_columns=ids,
                               target_columns=list(spec["target_columns"]), numeric_columns=numeric,
                               allow_empty=bool(spec.get("allow_empty")),
                               extra_ids_ok=len(sample) > len(perfect), spare_rows=name == "sample" and len(sample) > len(perfect))
        path = tmp / f"{comp.id}.{name}.csv"
        path.write_bytes(write(base.header, base.rows))
        result = grade_file(path, comp, answers)
        assert result.score is not None and result.error is None, f"{comp.id}: the {name} base is not valid: {result}"
        target.bases.append(base)
        target.base_scores[name] = result.score
    return target


def check_case(target: Target, base: Base, label: str, data: bytes, expect: str, path: Path) -> None:
    """Grade ``data`` as a submission file and assert the fuzz properties; count the outcome."""
    STATS["cases"] += 1
    path.write_bytes(data)
    started = time.perf_counter()
    where = f"{target.competition.id} [{base.name}] {label}"
    try:
        result = grade_file(path, target.competition, target.answers)
    except BaseException as e:  # noqa: BLE001 - the property under test: nothing escapes
        STATS["escaped_exceptions"] += 1
        raise AssertionError(f"{where}: {type(e).__name__} escaped grading: {e}") from e
    finally:
        STATS["grading_seconds_x1000"] += int((time.perf_counter() - started) * 1000)
    if result.error is not None:
        STATS["internal_errors"] += 1
        raise AssertionError(f"{where}: internal grader error for a user's mistake: {result.error}")
    if result.score is None:
        STATS["invalid"] += 1
        assert result.invalid_reason and result.invalid_reason.strip(), f"{where}: invalid without a reason"
        assert "\n" not in result.invalid_reason, f"{where}: the reason is not one line: {result.invalid_reason!r}"
        assert len(result.invalid_reason) < 1100, f"{where}: a reason of {len(result.invalid_reason)} characters"
        assert expect != SAME, f"{where}: must grade like the base, got invalid: {result.invalid_reason}"
        return
    STATS["scored"] += 1
    if not math.isfinite(result.score):
        STATS["non_finite_scores"] += 1
        raise AssertionError(f"{where}: non-finite score {result.score}")
    assert expect != INVALID, f"{where}: must be invalid, got score {result.score}"
    if expect == SAME:
        assert abs(result.score - target.base_scores[base.name]) <= 1e-9, (
            f"{where}: score {result.score} differs from the base's {target.base_scores[base.name]}"
        )
