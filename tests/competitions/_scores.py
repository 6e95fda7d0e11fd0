"""Scores of every competition's grader on a fixed set of submissions, for before/after checks.

``submissions(comp)`` builds, from a prepared competition, the answers as a submission, the
sample submission and perturbed ones (sample values mixed in, rows' targets swapped, blends, rows
shuffled, a row missing, a value out of range). ``scores(comp)`` grades each (``None`` when the
grader calls it invalid). ``declarative_scores.json`` beside this file holds the scores the
hand-written ``grade.py`` files gave before the move to declarative grading; it was written by

    .venv/bin/python -m tests.competitions._scores --write DATA_DIR

and tests/competitions/test_declarative.py checks that today's graders give the same.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.grading import InvalidSubmissionError
from mlebench.grading.submission import read_csv
from mlebench.registry import Competition, resolve_fn
from mlebench.utils import load_answers

EXPECTED = Path(__file__).with_name("declarative_scores.json")
SEED = 20261203


def spec_of(comp: Competition) -> tuple[list[str], list[str]]:
    sub = comp.config.extra.get("submission") or {}
    ids = sub["id_column"]
    return ([ids] if isinstance(ids, str) else list(ids)), list(sub["target_columns"])


def perfect_submission(comp: Competition) -> pd.DataFrame:
    """The answers written as a submission (a competition may say how, or ship a gold submission)."""
    answers = load_answers(comp.answers)
    grade_py = comp.folder / "grade.py"
    fn = None
    if grade_py.exists():
        try:
            fn = resolve_fn(comp.folder, "grade.py:answers_to_submission", comp.id)
        except AttributeError:
            fn = None
    if fn is not None:
        return fn(answers)
    if comp.config.gold_submission:
        return read_csv(comp.gold_submission)
    ids, targets = spec_of(comp)
    return answers[[*ids, *targets]].copy()


def _swap_rows(df: pd.DataFrame, targets: list[str], share: float, rng: np.random.Generator) -> pd.DataFrame:
    """A copy in which ``share`` of the rows trade their target values among themselves."""
    out = df.copy()
    rows = np.flatnonzero(rng.random(len(df)) < share)
    perm = rng.permutation(rows)
    for c in targets:
        values = out[c].to_numpy(copy=True)
        values[rows] = df[c].to_numpy()[perm]
        out[c] = values
    return out


def submissions(comp: Competition) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    ids, targets = spec_of(comp)
    perfect = perfect_submission(comp).reset_index(drop=True)
    sample = read_csv(comp.sample_submission)
    subs = {"perfect": perfect, "sample": sample}
    subs["swap20"] = _swap_rows(perfect, targets, 0.2, rng)
    subs["swap60"] = _swap_rows(perfect, targets, 0.6, rng)
    subs["swap20_shuffled"] = subs["swap20"].sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    key = ids[0]
    if len(ids) == 1 and sample[key].is_unique and set(targets) <= set(sample.columns):
        lookup = sample.drop_duplicates(key).set_index(key)
        found = perfect[key].isin(lookup.index).to_numpy()
        mixed = perfect.copy()
        flip = (rng.random(len(perfect)) < 0.3) & found
        blended = perfect.copy()
        for c in targets:
            theirs = lookup[c].reindex(perfect[key]).to_numpy()
            mixed[c] = np.where(flip, theirs, perfect[c].to_numpy(dtype=object)).tolist()
            if pd.api.types.is_numeric_dtype(perfect[c]) and pd.api.types.is_numeric_dtype(lookup[c]) and found.all():
                blended[c] = 0.5 * perfect[c].to_numpy(dtype=float) + 0.5 * theirs.astype(float)
        subs["mix30"] = mixed
        subs["mix30_shuffled"] = mixed.sample(frac=1.0, random_state=SEED + 1).reset_index(drop=True)
        if not blended.equals(perfect):
            subs["blend50"] = blended
    subs["missing_row"] = perfect.iloc[1:]
    bad = perfect.copy()
    bad[targets[0]] = bad[targets[0]].astype(object)
    bad.loc[bad.index[0], targets[0]] = 1.5
    subs["one_value_1.5"] = bad
    text = perfect.copy()
    text[targets[0]] = text[targets[0]].astype(object)
    text.loc[text.index[0], targets[0]] = "x"
    subs["one_value_text"] = text
    return subs


def _raw_score(comp: Competition, df: pd.DataFrame, answers) -> float | str | None:
    """The grade function's own value (not rounded, so that small differences show); None if invalid."""
    try:
        return float(comp.grader.grade_fn(df, answers))
    except InvalidSubmissionError:
        return None
    except Exception as e:  # noqa: BLE001 - recorded, so that a crash that was there stays visible
        return f"error: {type(e).__name__}"


def scores(comp: Competition) -> dict[str, float | str | None]:
    answers = load_answers(comp.answers)
    return {name: _raw_score(comp, df, answers) for name, df in submissions(comp).items()}


def main(argv: list[str]) -> None:
    """``--write DATA_DIR``: prepare every competition there from its fixture and record its scores."""
    from tests.conftest import PreparedData

    if len(argv) != 2 or argv[0] != "--write":
        raise SystemExit("usage: python -m tests.competitions._scores --write DATA_DIR")
    prepared = PreparedData(Path(argv[1]))
    result = {}
    for cid in prepared.registry.list_competition_ids():
        result[cid] = scores(prepared.get(cid))
        print(cid, result[cid], flush=True)
    EXPECTED.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
