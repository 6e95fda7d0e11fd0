"""Ceiling and test-set quality of a generated competition (shared by the offline competitions whose
``config.yaml`` records ``ceiling:`` and ``quality:``; they load it with ``load_competition_module``).

- ``ceiling``: the score of the generator's own best predictions (``raw.py:ceiling(answers)``, built
  from the generating process's truth, never from the public files); no reference solution may
  beat it.
- ``quality``: the bootstrap standard error (200 resamples of the test rows) of one mid-board
  reference solution's score, and the gap between the board's gold and bronze thresholds; the
  test set is large enough when the error is below the gap.

    python src/mlebench/competitions/offline-ordinal/quality.py <competition id>

prepares the competition in a temporary folder and prints both blocks for its config.yaml.
"""

from __future__ import annotations

import sys
import tempfile

import numpy as np
import pandas as pd

from mlebench.grading.leaderboard import thresholds
from mlebench.registry import Competition, registry, resolve_fn
from mlebench.utils import load_answers

RESAMPLES = 200


def ceiling_score(comp: Competition) -> float:
    answers = load_answers(comp.answers)
    submission = resolve_fn(comp.folder, "raw.py:ceiling", comp.id)(answers)
    result = comp.grader.grade(submission, answers)
    assert result.score is not None, result.invalid_reason
    return float(result.score)


def gold_bronze_gap(comp: Competition) -> float:
    board = pd.read_csv(comp.folder / "leaderboard.csv")
    t = thresholds(board["score"], lower_is_better=comp.is_lower_better)
    return round(abs(t.gold - t.bronze), 5)


def mid_board_entry(comp: Competition) -> str:
    board = pd.read_csv(comp.folder / "leaderboard.csv")
    return str(board["teamName"].iloc[len(board) // 2])


def bootstrap_se(comp: Competition, entry: str, *, resamples: int = RESAMPLES, seed: int = 0) -> float:
    """Standard deviation of ``entry``'s score over bootstrap resamples of the test rows.

    A resample's rows get fresh ids (their position), so a row drawn twice is two rows."""
    from threadpoolctl import threadpool_limits

    solutions = dict(resolve_fn(comp.folder, "reference.py:solutions", comp.id)())
    with threadpool_limits(1):
        submission = solutions[entry](comp.public_dir)
    answers = load_answers(comp.answers)
    id_column = comp.config.extra["submission"]["id_column"]
    order = pd.Series(np.arange(len(answers)), index=answers[id_column].astype(str))
    submission = submission.iloc[order.loc[submission[id_column].astype(str)].argsort()].reset_index(drop=True)
    r = np.random.default_rng(seed)
    scores = []
    for _ in range(resamples):
        rows = r.integers(0, len(answers), size=len(answers))
        a = answers.iloc[rows].reset_index(drop=True).assign(**{id_column: np.arange(len(rows))})
        s = submission.iloc[rows].reset_index(drop=True).assign(**{id_column: np.arange(len(rows))})
        result = comp.grader.grade(s, a)
        assert result.score is not None, result.invalid_reason
        scores.append(result.score)
    return round(float(np.std(scores, ddof=1)), 5)


def check_ceiling(comp: Competition) -> None:
    """The recorded ceiling is what the generator's truth scores, and no board entry beats it."""
    recorded = comp.config.extra["ceiling"]
    score = ceiling_score(comp)
    assert abs(score - recorded["score"]) <= 5e-5, (score, recorded)
    board = pd.read_csv(comp.folder / "leaderboard.csv")
    best = board["score"].min() if comp.is_lower_better else board["score"].max()
    assert (score <= best) if comp.is_lower_better else (score >= best), (score, best)


def check_quality(comp: Competition) -> None:
    """The recorded standard error and gap are today's, and the error is below the gap."""
    recorded = comp.config.extra["quality"]
    assert recorded["entry"] == mid_board_entry(comp)
    assert recorded["gold_bronze_gap"] == gold_bronze_gap(comp)
    assert abs(bootstrap_se(comp, recorded["entry"]) - recorded["bootstrap_se"]) <= 5e-5
    assert recorded["bootstrap_se"] < recorded["gold_bronze_gap"], recorded


def main(cid: str) -> None:
    from mlebench.data.prepare import PrepareOptions, prepare_competition

    with tempfile.TemporaryDirectory() as tmp:
        comp = registry.set_data_dir(tmp).get_competition(cid)
        prepare_competition(comp, PrepareOptions())
        entry = mid_board_entry(comp)
        print(f"ceiling: {{score: {ceiling_score(comp)}}}")
        print(f"quality: {{entry: {entry}, bootstrap_se: {bootstrap_se(comp, entry)}, "
              f"gold_bronze_gap: {gold_bronze_gap(comp)}}}")


if __name__ == "__main__":
    main(sys.argv[1])
