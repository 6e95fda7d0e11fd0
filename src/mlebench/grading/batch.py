"""Grading many submissions at once, in a pool of processes: ``grade_many(items, jobs=N)``.

The reports come back in the order of the items and are the ones ``grade_csv`` gives one by one
(only ``created_at`` and ``grader_seconds`` differ). Submissions of one competition are graded
together in one worker, so its answers are parsed once per worker (``grading.answers``). One
submission never stops the others: an exception is that submission's ``grading_error``, and a
worker that dies (a crash, the OOM killer) costs only the submissions it held, which are retried
once each in a fresh process before being reported as a grading error.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from mlebench.grading.core import _require_prepared, build_report, grade_csv
from mlebench.grading.report import CompetitionReport
from mlebench.registry import Competition, CompetitionConfig

logger = logging.getLogger(__name__)

Item = tuple[Competition, Path]
_Task = tuple[CompetitionConfig, Path, list[tuple[int, Path]]]  # what crosses to a worker: no grader objects


def grade_many(items: Iterable[tuple[Competition, Path | str]], *, jobs: int = 1) -> list[CompetitionReport]:
    """Grade ``(competition, submission path)`` pairs with up to ``jobs`` processes; reports in the items' order.

    Raises ``NotPreparedError`` before grading anything when a competition is not prepared (as the
    serial loop would on reaching it); everything else about a submission is in its report.
    """
    pairs: list[Item] = [(c, Path(p)) for c, p in items]
    for competition in {(c.id, str(c.data_dir)): c for c, _ in pairs}.values():
        _require_prepared(competition)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if jobs == 1 or len(pairs) <= 1:
        return [_grade_one(c, p) for c, p in pairs]
    reports: list[CompetitionReport | None] = [None] * len(pairs)
    broken: list[int] = []
    tasks = _tasks(pairs, jobs)
    with _pool(min(jobs, len(tasks))) as pool:
        futures = [(task, pool.submit(_grade_task, task)) for task in tasks]
        for task, future in futures:
            try:
                for i, report in future.result():
                    reports[i] = report
            except Exception:  # a dead worker (BrokenProcessPool), a result that would not pickle
                broken.extend(i for i, _ in task[2])
    for i in broken:  # each alone in a fresh process: one submission that kills its worker spares the rest
        competition, path = pairs[i]
        reports[i] = _retry_alone(competition, path, i)
    return [r for r in reports if r is not None]


def _grade_one(competition: Competition, path: Path) -> CompetitionReport:
    try:
        return grade_csv(path, competition)
    except Exception as e:  # a harness fault: recorded against us, never the submission
        logger.exception("grading %s for %s failed", path, competition.id)
        return _error_report(competition, path, f"{type(e).__name__}: {e}")


def _error_report(competition: Competition, path: Path, error: str) -> CompetitionReport:
    exists = path.is_file() and not path.is_symlink()
    return build_report(competition, path, None, None, exists=exists, error=error)


def _tasks(items: Sequence[Item], jobs: int) -> list[_Task]:
    """Items grouped by competition, each group cut into at most ``jobs`` chunks, biggest answers first."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (c, _) in enumerate(items):
        groups.setdefault((c.id, str(c.data_dir)), []).append(i)
    tasks = []
    for indices in groups.values():
        competition = items[indices[0]][0]
        size = math.ceil(len(indices) / jobs)
        for start in range(0, len(indices), size):
            chunk = [(i, items[i][1]) for i in indices[start:start + size]]
            tasks.append((competition.config, competition.data_dir, chunk))
    return sorted(tasks, key=lambda t: -_answers_bytes(t) * len(t[2]))


def _answers_bytes(task: _Task) -> int:
    try:
        return os.stat(Competition(task[0], task[1]).answers).st_size
    except OSError:
        return 0


def _grade_task(task: _Task) -> list[tuple[int, CompetitionReport]]:
    config, data_dir, chunk = task
    competition = Competition(config, data_dir)
    return [(i, _grade_one(competition, path)) for i, path in chunk]


def _retry_alone(competition: Competition, path: Path, i: int) -> CompetitionReport:
    try:
        with _pool(1) as pool:
            return pool.submit(_grade_task, (competition.config, competition.data_dir, [(i, path)])).result()[0][1]
    except BrokenProcessPool:
        logger.error("grading %s for %s killed its process twice", path, competition.id)
        return _error_report(competition, path, "the grading process died (crash or out of memory) on this submission")
    except Exception as e:
        logger.exception("grading %s for %s failed in its worker", path, competition.id)
        return _error_report(competition, path, f"{type(e).__name__}: {e}")


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers)  # the platform's start method, as `mlebench prepare -j`


__all__ = ["grade_many"]
