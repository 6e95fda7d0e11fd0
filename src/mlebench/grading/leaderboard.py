"""Placing a score on a leaderboard: medal thresholds (Kaggle progression, as v1), median,
percentile and rank; which board a competition is graded against and where it came from.

Boards are read in any of three shapes: ours (``rank,score``, shipped with the competition),
v1's (``scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore``) and the CSV inside
Kaggle's leaderboard download (``TeamId,TeamName,SubmissionDate,Score``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from mlebench.registry import Competition

KAGGLE_PRIVATE = "kaggle-private-leaderboard"
KAGGLE_PUBLIC = "kaggle-public-leaderboard"
REFERENCE = "reference-solutions"
SIDECAR = "leaderboard.provenance.json"  # written beside a downloaded board by `mlebench dev download-leaderboard`


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
        # Kaggle's download names it "Score"; v1's boards also carry "scoreNullable"
        for name in ("score", "scorenullable"):
            found = [c for c in lb.columns if str(c).lower() == name]
            if found:
                lb = lb.rename(columns={found[0]: "score"})
                break
    if "score" not in lb.columns:
        raise ValueError(f"leaderboard {path} has no 'score' column")
    if "hasScore" in lb.columns:  # v1: a team without a scored submission
        lb = lb[lb["hasScore"].astype(str).str.lower() != "false"]
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


def problems(scores: pd.Series | np.ndarray, *, lower_is_better: bool) -> list[str]:
    """What is wrong with a board in file order (empty when sane): it must be non-empty, sorted best
    first in the competition's direction, and v1's direction rule (first row < last row means lower
    is better) must agree with the configured direction."""
    s = np.asarray(scores, dtype=float)
    if len(s) == 0:
        return ["the board has no scored rows"]
    out = []
    steps = np.diff(s)
    if (steps < 0).any() if lower_is_better else (steps > 0).any():
        out.append(f"rows are not sorted best first ({'ascending' if lower_is_better else 'descending'})")
    if s[0] != s[-1] and bool(s[0] < s[-1]) != lower_is_better:
        out.append(f"v1 would read the board as {'lower' if s[0] < s[-1] else 'higher'} is better")
    return out


@dataclass(frozen=True)
class Board:
    """The board a competition is graded against and where it came from."""

    path: Path
    kind: str  # the report's medals_against
    source: str | None = None
    retrieved: str | None = None
    teams: int | None = None
    downloaded: bool = False


def _shipped_kind(competition: Competition) -> str:
    meta = competition.config.extra.get("leaderboard") or {}
    return str(meta.get("kind") or competition.config.leaderboard_kind)


def board(competition: Competition) -> Board | None:
    """A board downloaded into the data dir (with its sidecar) wins over the one shipped with the
    competition; None when there is neither."""
    downloaded = competition.root / "leaderboard.csv"
    if downloaded.exists():
        side = competition.root / SIDECAR
        meta: dict[str, Any] = {}
        if side.exists():
            try:
                meta = json.loads(side.read_text())
            except (OSError, ValueError):
                meta = {}
        kind = {"private": KAGGLE_PRIVATE, "public": KAGGLE_PUBLIC}.get(str(meta.get("board")), "kaggle-leaderboard")
        return Board(downloaded, kind, meta.get("source"), meta.get("downloaded_at"), meta.get("teams"), True)
    shipped = competition.folder / "leaderboard.csv"
    if shipped.exists():
        meta = competition.config.extra.get("leaderboard") or {}
        return Board(shipped, _shipped_kind(competition), meta.get("source"), meta.get("retrieved"), meta.get("teams"))
    return None


def medals_against(competition: Competition) -> str:
    """The report's ``medals_against``: the kind of the board in use (the configured kind without one)."""
    b = board(competition)
    return b.kind if b else competition.config.leaderboard_kind


def missing_note(competition: Competition) -> str:
    """Why a competition has no medals, and for a Kaggle one how to get its board."""
    if competition.config.source != "kaggle":
        return f"no leaderboard for {competition.id}; medals not computed"
    slug = competition.config.kaggle_id or competition.id
    return (
        f"no leaderboard for {competition.id}: Kaggle's leaderboard of '{slug}' is not shipped; medals not computed "
        f"(get it with `mlebench dev download-leaderboard -c {competition.id}`, which needs a Kaggle account)"
    )


def distribution(scores: pd.Series | np.ndarray, *, lower_is_better: bool, bins: int = 40) -> dict[str, Any]:
    """A small histogram of a board's scores (for plots). It spans the best score to the median plus
    twice the median's distance from the best (or to the worst score, if nearer): the medal cut-offs
    and the median lie inside, and the long tail of weak or failed entries, which would squash the
    rest into one bin, is counted in the last bin (``beyond`` says how many of them lie past it)."""
    s = np.asarray(scores, dtype=float)
    best = float(s.min() if lower_is_better else s.max())
    worst = float(s.max() if lower_is_better else s.min())
    median = float(np.median(s))
    edge = median + 2 * (median - best)
    edge = min(edge, worst) if lower_is_better else max(edge, worst)
    lo, hi = sorted((best, edge))
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(np.clip(s, lo, hi), bins=bins, range=(lo, hi))
    beyond = int(((s < lo) | (s > hi)).sum())
    return {"teams": int(len(s)), "edges": [float(e) for e in edges], "counts": [int(c) for c in counts], "beyond": beyond}


def board_distribution(competition: Competition, *, bins: int = 40) -> dict[str, Any] | None:
    """:func:`distribution` of the board a competition is graded against, with its kind; None without one."""
    b = board(competition)
    if b is None:
        return None
    scores = load_leaderboard(b.path)["score"]
    if not len(scores):
        return None
    return {**distribution(scores, lower_is_better=competition.is_lower_better, bins=bins), "kind": b.kind}
