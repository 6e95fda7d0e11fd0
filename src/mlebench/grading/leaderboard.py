"""Placing a score on a leaderboard: medal thresholds (Kaggle progression, as v1), median,
percentile and rank."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Thresholds:
    gold: float
    silver: float
    bronze: float
    median: float


def load_leaderboard(path: Path) -> pd.DataFrame:
    """Read a leaderboard CSV; rows without a score are dropped (Kaggle marks them)."""
    lb = pd.read_csv(path)
    if "score" not in lb.columns:
        # the kaggle client's leaderboard CSV names it "Score"
        lb = lb.rename(columns={c: "score" for c in lb.columns if str(c).lower() == "score"})
    if "score" not in lb.columns:
        raise ValueError(f"leaderboard {path} has no 'score' column")
    lb = lb[pd.to_numeric(lb["score"], errors="coerce").notna()].copy()
    lb["score"] = lb["score"].astype(float)
    return lb


def sorted_scores(scores: pd.Series | np.ndarray, *, lower_is_better: bool) -> np.ndarray:
    """Scores best first."""
    arr = np.sort(np.asarray(scores, dtype=float))
    return arr if lower_is_better else arr[::-1]


def medal_positions(num_teams: int) -> tuple[int, int, int]:
    """1-indexed leaderboard positions of the gold, silver and bronze cut-offs (kaggle.com/progression,
    applied as v1 applies it)."""
    n = num_teams
    if n < 1:
        raise ValueError("a leaderboard needs at least one team")
    if n < 100:
        return max(1, int(n * 0.1)), max(1, int(n * 0.2)), max(1, int(n * 0.4))
    if n < 250:
        return 10, max(1, int(n * 0.2)), max(1, int(n * 0.4))
    if n < 1000:
        return 10 + int(n * 0.002), 50, 100
    return 10 + int(n * 0.002), max(1, int(n * 0.05)), max(1, int(n * 0.1))


def thresholds(scores: pd.Series | np.ndarray, *, lower_is_better: bool) -> Thresholds:
    s = sorted_scores(scores, lower_is_better=lower_is_better)
    g, si, b = medal_positions(len(s))
    return Thresholds(float(s[g - 1]), float(s[si - 1]), float(s[b - 1]), float(np.median(s)))


def better_or_equal(score: float, threshold: float, *, lower_is_better: bool) -> bool:
    return score <= threshold if lower_is_better else score >= threshold


def medals(score: float | None, t: Thresholds, *, lower_is_better: bool) -> dict[str, bool]:
    """v1's rule: a medal if the score is at least as good as the cut-off; median strictly better."""
    if score is None:
        return dict(gold_medal=False, silver_medal=False, bronze_medal=False, above_median=False)
    gold = better_or_equal(score, t.gold, lower_is_better=lower_is_better)
    silver = not gold and better_or_equal(score, t.silver, lower_is_better=lower_is_better)
    bronze = not gold and not silver and better_or_equal(score, t.bronze, lower_is_better=lower_is_better)
    above = score < t.median if lower_is_better else score > t.median
    return dict(gold_medal=gold, silver_medal=silver, bronze_medal=bronze, above_median=above)


def percentile(score: float, scores: pd.Series | np.ndarray, *, lower_is_better: bool) -> float:
    """Share of leaderboard teams the score beats, ties counted half (0..1)."""
    s = np.asarray(scores, dtype=float)
    if len(s) == 0:
        raise ValueError("empty leaderboard")
    beaten = (s > score).sum() if lower_is_better else (s < score).sum()
    tied = (s == score).sum()
    return float((beaten + 0.5 * tied) / len(s))


def rank(score: float, scores: pd.Series | np.ndarray, *, lower_is_better: bool) -> int:
    """Position the score would take on the leaderboard: 1 + teams strictly better."""
    s = np.asarray(scores, dtype=float)
    better = (s < score).sum() if lower_is_better else (s > score).sum()
    return int(better) + 1
