"""Medal thresholds by Kaggle's progression rules as v1 applies them, above-median, percentile and rank."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlebench.grading import leaderboard as lb
from mlebench.grading.grader import Grader

# DESIGN.md "Compatibility promises" (v1's grade_helpers.Grader.rank_score):
#   1-99 teams:   gold int(10% N), silver int(20% N), bronze int(40% N), each at least position 1
#   100-249:      gold 10, silver int(20% N), bronze int(40% N)
#   250-999:      gold 10 + int(0.2% N), silver 50, bronze 100
#   1000+:        gold 10 + int(0.2% N), silver int(5% N), bronze int(10% N)
POSITIONS = {
    1: (1, 1, 1),  # int(0.1) = int(0.2) = int(0.4) = 0 -> max(1, 0)
    5: (1, 1, 2),  # int(0.5)=0 -> 1, int(1.0)=1, int(2.0)=2
    99: (9, 19, 39),  # int(9.9), int(19.8), int(39.6)
    100: (10, 20, 40),
    249: (10, 49, 99),  # int(49.8), int(99.6)
    250: (10, 50, 100),  # 10 + int(0.5)
    999: (11, 50, 100),  # 10 + int(1.998)
    1000: (12, 50, 100),  # 10 + int(2.0), int(50.0), int(100.0)
    5000: (20, 250, 500),
}


@pytest.mark.parametrize("n", sorted(POSITIONS))
def test_medal_positions_at_team_count_boundaries(n):
    assert lb.medal_positions(n) == POSITIONS[n]


def test_medal_positions_need_a_team():
    with pytest.raises(ValueError):
        lb.medal_positions(0)


def _board(n: int, lower_is_better: bool) -> np.ndarray:
    """Scores 1..n, shuffled: the p-th best score is p (lower is better) or n+1-p (higher is better)."""
    scores = np.arange(1, n + 1, dtype=float)
    np.random.default_rng(n).shuffle(scores)
    return scores


def _score_at(p: int, n: int, lower: bool) -> float:
    return float(p if lower else n + 1 - p)


@pytest.mark.parametrize("lower", [False, True], ids=["higher-is-better", "lower-is-better"])
@pytest.mark.parametrize("n", [1, 99, 100, 249, 250, 999, 1000])
def test_thresholds_and_medals_at_boundaries(n, lower):
    scores = _board(n, lower)
    g, s, b = POSITIONS[n]
    t = lb.thresholds(scores, lower_is_better=lower)
    assert (t.gold, t.silver, t.bronze) == (_score_at(g, n, lower), _score_at(s, n, lower), _score_at(b, n, lower))
    assert t.median == (n + 1) / 2

    def medal(p: int) -> str:
        got = lb.medals(_score_at(p, n, lower), t, lower_is_better=lower)
        won = [k for k in ("gold_medal", "silver_medal", "bronze_medal") if got[k]]
        assert len(won) <= 1  # medals are exclusive
        return won[0].split("_")[0] if won else "none"

    # equal to a cut-off earns that medal; one place worse earns the next
    assert medal(g) == "gold"
    if s > g:
        assert medal(g + 1) == "silver"
        assert medal(s) == "silver"
    if b > s:
        assert medal(s + 1) == "bronze"
        assert medal(b) == "bronze"
    if b < n:
        assert medal(b + 1) == "none"
    # a score better than the best team is gold
    best = 0.5 if lower else n + 0.5
    assert lb.medals(best, t, lower_is_better=lower)["gold_medal"]


@pytest.mark.parametrize("lower", [False, True])
def test_above_median_is_strict(lower):
    scores = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    t = lb.thresholds(scores, lower_is_better=lower)
    assert t.median == 3.0
    assert not lb.medals(3.0, t, lower_is_better=lower)["above_median"]
    assert lb.medals(2.0 if lower else 4.0, t, lower_is_better=lower)["above_median"]
    assert not lb.medals(4.0 if lower else 2.0, t, lower_is_better=lower)["above_median"]


def test_no_score_wins_nothing():
    t = lb.thresholds([1.0, 2.0], lower_is_better=False)
    assert lb.medals(None, t, lower_is_better=False) == dict(
        gold_medal=False, silver_medal=False, bronze_medal=False, above_median=False
    )


def test_percentile_counts_ties_half():
    scores = [1.0, 2.0, 3.0, 4.0]
    # higher is better, 3: beats 1 and 2, ties 3 -> (2 + 0.5) / 4
    assert lb.percentile(3.0, scores, lower_is_better=False) == 0.625
    # lower is better, 3: beats 4, ties 3 -> (1 + 0.5) / 4
    assert lb.percentile(3.0, scores, lower_is_better=True) == 0.375
    assert lb.percentile(10.0, scores, lower_is_better=False) == 1.0
    assert lb.percentile(0.0, scores, lower_is_better=False) == 0.0
    # all tied -> half
    assert lb.percentile(2.0, [2.0, 2.0, 2.0], lower_is_better=True) == 0.5
    with pytest.raises(ValueError):
        lb.percentile(1.0, [], lower_is_better=True)


def test_rank_is_one_plus_teams_strictly_better():
    scores = [1.0, 2.0, 3.0, 3.0, 4.0]
    assert lb.rank(3.0, scores, lower_is_better=False) == 2  # only 4 is better
    assert lb.rank(3.0, scores, lower_is_better=True) == 3  # 1 and 2 are better
    assert lb.rank(9.0, scores, lower_is_better=False) == 1
    assert lb.rank(9.0, scores, lower_is_better=True) == 6


def test_load_leaderboard_drops_rows_without_a_score(tmp_path):
    path = tmp_path / "leaderboard.csv"
    path.write_text("teamName,score\na,0.9\nb,\nc,not-a-number\nd,0.5\n")
    board = lb.load_leaderboard(path)
    assert board["score"].tolist() == [0.9, 0.5]
    (tmp_path / "bad.csv").write_text("teamName,points\na,1\n")
    with pytest.raises(ValueError, match="score"):
        lb.load_leaderboard(tmp_path / "bad.csv")


# --- the v1 Grader API -----------------------------------------------------------------------


def test_grader_direction_from_leaderboard_like_v1():
    g = Grader("m", lambda s, a: 0.0)  # no configured direction: v1's rule, first row < last row
    assert g.is_lower_better(pd.DataFrame({"score": [0.1, 0.5, 0.9]}))
    assert not g.is_lower_better(pd.DataFrame({"score": [0.9, 0.5, 0.1]}))
    assert Grader("m", lambda s, a: 0.0, is_lower_better=False).is_lower_better(pd.DataFrame({"score": [0.1, 0.9]})) is False


def test_grader_rank_score_matches_v1_keys_and_values():
    board = pd.DataFrame({"score": np.arange(100, 0, -1, dtype=float)})  # 100 teams, higher is better
    info = Grader("m", lambda s, a: 0.0).rank_score(90.0, board)
    assert set(info) == {
        "gold_medal", "silver_medal", "bronze_medal", "above_median",
        "gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold",
    }
    # 100 teams: gold at position 10 (score 91), silver 20 (81), bronze 40 (61), median 50.5
    assert (info["gold_threshold"], info["silver_threshold"], info["bronze_threshold"]) == (91.0, 81.0, 61.0)
    assert info["median_threshold"] == 50.5
    assert info["silver_medal"] and not info["gold_medal"] and info["above_median"]


# --- board shapes, sanity, provenance, distribution ----------------------------------------------


def test_load_leaderboard_reads_v1_and_kaggle_download_shapes(tmp_path):
    v1 = tmp_path / "v1.csv"  # v1's leaderboard.csv (Kaggle API rows minus the team names)
    v1.write_text(
        "scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore\n"
        "0.1,11,True,2017-12-15 23:00:00,0.1,True\n"
        ",12,True,2017-12-15 23:00:00,0.0,False\n"
        "0.3,13,True,2017-12-15 23:00:00,0.3,True\n"
    )
    assert lb.load_leaderboard(v1)["score"].tolist() == [0.1, 0.3]  # a team without a score is not counted
    only_nullable = tmp_path / "nullable.csv"
    only_nullable.write_text("teamId,scoreNullable\n1,0.5\n2,0.4\n")
    assert lb.load_leaderboard(only_nullable)["score"].tolist() == [0.5, 0.4]
    download = tmp_path / "download.csv"  # the CSV inside Kaggle's leaderboard download
    download.write_text("TeamId,TeamName,SubmissionDate,Score\n1,a,2020-01-01 00:00:00,0.9\n2,b,2020-01-02 00:00:00,0.8\n")
    assert lb.load_leaderboard(download)["score"].tolist() == [0.9, 0.8]
    ours = tmp_path / "ours.csv"
    ours.write_text("rank,score\n1,0.9\n2,0.8\n")
    assert lb.load_leaderboard(ours)["score"].tolist() == [0.9, 0.8]


def test_problems_of_a_board_in_file_order():
    assert lb.problems([0.1, 0.1, 0.5], lower_is_better=True) == []
    assert lb.problems([0.9, 0.9, 0.5], lower_is_better=False) == []
    assert lb.problems([1.0, 1.0], lower_is_better=True) == []  # all tied: either direction
    assert lb.problems([], lower_is_better=True) == ["the board has no scored rows"]
    unsorted = lb.problems([0.1, 0.5, 0.3], lower_is_better=True)
    assert unsorted == ["rows are not sorted best first (ascending)"]
    reversed_ = lb.problems([0.9, 0.5, 0.1], lower_is_better=True)
    assert reversed_ == ["rows are not sorted best first (ascending)", "v1 would read the board as higher is better"]


def test_distribution_spans_the_best_score_to_past_the_median_and_counts_the_tail():
    scores = np.concatenate([np.linspace(0.0, 1.0, 1001), [1e6]])  # lower is better; one sentinel-like entry
    d = lb.distribution(scores, lower_is_better=True, bins=10)
    # median 0.5005 (1002 values): the span is 0 .. 0.5005 + 2 * 0.5005
    assert d["edges"][0] == 0.0 and d["edges"][-1] == pytest.approx(1.5015)
    assert d["teams"] == 1002 and sum(d["counts"]) == 1002 and len(d["edges"]) == 11 and d["beyond"] == 1
    assert d["counts"][-1] == 1  # the sentinel sits in the last bin
    up = lb.distribution(np.array([1.0, 0.99, 0.98, 0.97, 0.0]), lower_is_better=False, bins=4)
    assert up["edges"][-1] == 1.0 and up["edges"][0] == pytest.approx(0.98 - 2 * 0.02) and up["beyond"] == 1
    near = lb.distribution(np.array([0.1, 0.2, 0.3]), lower_is_better=True, bins=2)  # the worst is nearer
    assert near["edges"] == pytest.approx([0.1, 0.2, 0.3]) and near["beyond"] == 0
    same = lb.distribution([3.0, 3.0, 3.0], lower_is_better=True, bins=4)
    assert same["edges"][0] == 2.5 and same["edges"][-1] == 3.5 and sum(same["counts"]) == 3


def test_a_downloaded_board_wins_and_its_sidecar_names_its_kind(tmp_path):
    from mlebench.registry import registry

    comp = registry.set_data_dir(tmp_path).get_competition("spooky-author-identification")
    shipped = lb.board(comp)
    assert shipped.kind == lb.KAGGLE_PRIVATE and not shipped.downloaded and shipped.teams == 1241
    (tmp_path / comp.id).mkdir()
    (tmp_path / comp.id / "leaderboard.csv").write_text("TeamId,Score\n1,0.2\n2,0.3\n")
    assert lb.board(comp).kind == "kaggle-leaderboard" and lb.board(comp).downloaded  # no sidecar: kind unknown
    (tmp_path / comp.id / lb.SIDECAR).write_text('{"board": "public", "downloaded_at": "2026-01-01T00:00:00+00:00", "teams": 2}')
    b = lb.board(comp)
    assert (b.kind, b.retrieved, b.teams, b.path) == (lb.KAGGLE_PUBLIC, "2026-01-01T00:00:00+00:00", 2, comp.leaderboard)
    assert comp.medals_against == lb.KAGGLE_PUBLIC
