"""The ceiling and test-set quality of an offline competition (issue 19), one implementation for
every competition whose ``config.yaml`` records them:

    ceiling:   # the generating process's own best predictions, graded
      score: 0.83431
      method: "how those predictions were made (from the generator's truth, never the public files)"
    quality:   # bootstrap over the test rows (RESAMPLES resamples) of one mid-board reference entry
      entry: ridge3-length-quantile-5pct
      bootstrap_se: 0.01166
      gold_bronze_gap: 0.03741

- ceiling: ``best`` (a submission of the generator's optimal predictions), or by default what
  ``raw.py:ceiling(answers)`` returns; no reference entry may beat it by more than the test set's
  sampling noise (see ``check_ceiling``).
- quality: the test set is large enough when the standard error of a mid-board entry's score is below
  the gap between the board's gold and bronze thresholds.

A competition's ``checks.py`` calls ``check_ceiling`` and ``check_quality``. To measure the numbers for a
config (prepares the competition in a temporary folder):

    python -m mlebench.offline.quality offline-ordinal
"""

from __future__ import annotations

import argparse
import tempfile

import numpy as np
import pandas as pd

from mlebench.grading.leaderboard import thresholds
from mlebench.registry import Competition, registry, resolve_fn
from mlebench.utils import load_answers

RESAMPLES = 200
TOLERANCE = 5e-5  # recorded numbers are rounded to 5 significant digits; processors differ in the last


def _id_column(comp: Competition) -> str:
    return comp.config.extra["submission"]["id_column"]


def _board(comp: Competition) -> pd.Series:
    return pd.read_csv(comp.folder / "leaderboard.csv")["score"]


def ceiling_score(comp: Competition, best: pd.DataFrame | None = None) -> float:
    """The score of ``best`` (default ``raw.py:ceiling(answers)``), its rows aligned to the answers' ids
    (it may cover more ids than the test set)."""
    answers = load_answers(comp.answers)
    if best is None:
        best = resolve_fn(comp.folder, "raw.py:ceiling", comp.id)(answers)
    id_col = _id_column(comp)
    keys = answers[id_col].astype(str)
    best = best.assign(**{id_col: best[id_col].astype(str)}).set_index(id_col).loc[keys].reset_index()
    result = comp.grader.grade(best.assign(**{id_col: answers[id_col].to_numpy()}), answers)
    assert result.score is not None, result.invalid_reason
    return float(result.score)


def gold_bronze_gap(comp: Competition) -> float:
    t = thresholds(_board(comp), lower_is_better=comp.is_lower_better)
    return round(abs(t.gold - t.bronze), 5)


def mid_board_entry(comp: Competition) -> str:
    board = pd.read_csv(comp.folder / "leaderboard.csv")
    return str(board["teamName"].iloc[len(board) // 2])


def _aligned(comp: Competition, submission: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """``submission``'s rows for the answers' ids, in the answers' order (rows for ids the answers do not
    grade are dropped: ranking lists every customer and grades some)."""
    id_col = _id_column(comp)
    order = pd.Series(np.arange(len(answers)), index=answers[id_col].astype(str))
    submission = submission[submission[id_col].astype(str).isin(order.index)]
    return submission.iloc[order.loc[submission[id_col].astype(str)].argsort()].reset_index(drop=True)


def _resampled_scores(comp: Competition, submissions: list[pd.DataFrame], *, resamples: int = RESAMPLES,
                      seed: int = 0) -> np.ndarray:
    """Each submission's score on the same ``resamples`` bootstrap resamples of the test rows, as an array
    (resamples x submissions). A resample's rows get fresh ids (their position), so a row drawn twice is
    two rows."""
    answers = load_answers(comp.answers)
    id_col = _id_column(comp)
    aligned = [_aligned(comp, s, answers) for s in submissions]
    r = np.random.default_rng(seed)
    scores = []
    for _ in range(resamples):
        rows = r.integers(0, len(answers), size=len(answers))
        fresh = {id_col: np.arange(len(rows))}
        a = answers.iloc[rows].reset_index(drop=True).assign(**fresh)
        row = []
        for submission in aligned:
            result = comp.grader.grade(submission.iloc[rows].reset_index(drop=True).assign(**fresh), a)
            assert result.score is not None, result.invalid_reason
            row.append(result.score)
        scores.append(row)
    return np.asarray(scores, dtype=float)


def _entry_submission(comp: Competition, entry: str) -> pd.DataFrame:
    from threadpoolctl import threadpool_limits

    solutions = dict(resolve_fn(comp.folder, "reference.py:solutions", comp.id)())
    with threadpool_limits(1):
        return solutions[entry](comp.public_dir)


def bootstrap_se(comp: Competition, entry: str, *, resamples: int = RESAMPLES, seed: int = 0) -> float:
    """Standard deviation of reference ``entry``'s score over bootstrap resamples of the test rows."""
    scores = _resampled_scores(comp, [_entry_submission(comp, entry)], resamples=resamples, seed=seed)[:, 0]
    return round(float(np.std(scores, ddof=1)), 5)


# How far a board entry may beat the ceiling: this many standard errors of the paired difference.
NOISE_SES = 2.0


def check_ceiling(comp: Competition, best: pd.DataFrame | None = None) -> float:
    """For ``checks.py``: the recorded ceiling (with its method) is what the generator's best predictions
    score, and no board entry beats it beyond the test set's sampling noise. Returns the score.

    The ceiling is the best *expected* score; on a finite test set an entry close to the optimum can
    still beat it by chance (offline-tabular-binary's class-conditional Gaussian mixtures do). So when
    the best entry beats it, the excess must be within ``NOISE_SES`` bootstrap standard errors of the
    paired difference (entry minus ceiling on the same resampled rows); a larger one means the ceiling
    is not the optimum."""
    recorded = comp.config.extra["ceiling"]
    assert str(recorded.get("method", "")).strip(), "ceiling: says how it was computed (method:)"
    answers = load_answers(comp.answers)
    if best is None:
        best = resolve_fn(comp.folder, "raw.py:ceiling", comp.id)(answers)
    score = ceiling_score(comp, best)
    assert abs(score - recorded["score"]) <= TOLERANCE, (score, recorded)
    board = pd.read_csv(comp.folder / "leaderboard.csv")
    sign = -1.0 if comp.is_lower_better else 1.0
    excess = sign * (float(board["score"].iloc[0]) - score)
    if excess > TOLERANCE:
        entry = str(board["teamName"].iloc[0])
        paired = _resampled_scores(comp, [_entry_submission(comp, entry), best])
        noise = float(np.std(paired[:, 0] - paired[:, 1], ddof=1))
        assert excess <= NOISE_SES * noise, (
            f"board entry {entry} beats the ceiling {score} by {excess:.5f}, more than {NOISE_SES:g} standard "
            f"errors ({noise:.5f}) of the test set's sampling noise")
    return score


def check_quality(comp: Competition) -> None:
    """For ``checks.py``: the recorded gap is the board's, the standard error is below it and, when the
    config names its ``entry``, re-measuring that entry's error gives the recorded one."""
    recorded = comp.config.extra["quality"]
    assert abs(recorded["gold_bronze_gap"] - gold_bronze_gap(comp)) <= TOLERANCE, (recorded, gold_bronze_gap(comp))
    assert 0 < recorded["bootstrap_se"] < recorded["gold_bronze_gap"], recorded
    if "entry" in recorded:
        assert abs(bootstrap_se(comp, recorded["entry"]) - recorded["bootstrap_se"]) <= TOLERANCE, recorded


def main(argv: list[str] | None = None) -> None:
    from mlebench.data.prepare import PrepareOptions, prepare_competition

    parser = argparse.ArgumentParser(prog="python -m mlebench.offline.quality", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("competition", help="an offline competition id, e.g. offline-ordinal")
    parser.add_argument("--entry", help="the reference entry to bootstrap (default: the board's middle one)")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the ceiling (raw.py has no ceiling())")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        comp = registry.set_data_dir(tmp).get_competition(args.competition)
        prepare_competition(comp, PrepareOptions())
        if not args.no_ceiling:
            print(f"ceiling: {{score: {round(ceiling_score(comp), 5)}}}")
        entry = args.entry or mid_board_entry(comp)
        print(f"quality: {{entry: {entry}, bootstrap_se: {bootstrap_se(comp, entry)}, "
              f"gold_bronze_gap: {gold_bronze_gap(comp)}}}")


if __name__ == "__main__":
    main()
