"""The human leaderboards shipped with the competitions: v1's thresholds, sizes, direction, provenance,
and the thresholds v1 publishes, which must come out exactly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mlebench.grading import leaderboard as lb
from mlebench.grading.grader import Grader
from mlebench.registry import registry

ROOT = Path(__file__).parents[2]
COMPETITIONS = ROOT / "src" / "mlebench" / "competitions"
SHARED = ROOT.parent / "shared" / "leaderboards"  # the source of the shipped boards (see its PROVENANCE.md)
SHIPPED = sorted(p.parent.name for p in COMPETITIONS.glob("*/leaderboard.csv") if not p.parent.name.startswith("offline-"))
# Catalog competitions whose final board has no public copy (../shared/leaderboards/PROVENANCE.md)
NO_BOARD = {"siim-isic-melanoma-classification", "3d-object-detection-for-autonomous-vehicles",
            "google-research-identify-contrails-reduce-global-warming", "rsna-2022-cervical-spine-fracture-detection",
            "rsna-breast-cancer-detection", "tensorflow-speech-recognition-challenge", "tensorflow2-question-answering"}
# sha256 of each source board, recorded when the boards were shipped (checked against the source when it is here)
SOURCE_SHA256 = dict(line.split()[::-1] for line in (Path(__file__).with_name("shared_boards.sha256")).read_text().splitlines()
                     if line and not line.startswith("#"))


def _script():
    spec = importlib.util.spec_from_file_location("ship_leaderboard", ROOT / "scripts" / "ship_leaderboard.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def v1_thresholds(board: pd.DataFrame) -> tuple[float, float, float, float]:
    """v1's Grader.rank_score, restated: scores read in file order, the cut-off is the score at a
    1-indexed row position, the median is pandas' over every row."""
    scores = board["score"]
    n = len(scores)
    if n < 100:
        pos = (max(1, int(n * 0.1)), max(1, int(n * 0.2)), max(1, int(n * 0.4)))
    elif n < 250:
        pos = (10, max(1, int(n * 0.2)), max(1, int(n * 0.4)))
    elif n < 1000:
        pos = (10 + int(n * 0.002), 50, 100)
    else:
        pos = (10 + int(n * 0.002), max(1, int(n * 0.05)), max(1, int(n * 0.1)))
    return (*(float(scores.iloc[p - 1]) for p in pos), float(scores.median()))


def test_every_implemented_kaggle_competition_with_a_board_ships_it():
    kaggle = {
        cid: registry.get_competition(cid).config.kaggle_id or cid for cid in registry.list_competition_ids()
        if registry.get_competition(cid).config.source == "kaggle"
        and registry.get_competition(cid).folder.parent == COMPETITIONS
    }
    assert len(SHIPPED) >= 23
    unshipped = {cid for cid, kid in kaggle.items() if kid not in NO_BOARD} - set(SHIPPED)
    assert not unshipped, f"ship their boards: .venv/bin/python scripts/ship_leaderboard.py {' '.join(sorted(unshipped))}"
    wrongly = {cid for cid, kid in kaggle.items() if kid in NO_BOARD} & set(SHIPPED)
    assert not wrongly, f"these have no public board, yet a leaderboard.csv: {sorted(wrongly)}"
    assert len(SOURCE_SHA256) + len(NO_BOARD) == 82  # every catalog competition is one or the other


@pytest.mark.parametrize("cid", SHIPPED)
def test_shipped_board_thresholds_size_direction_and_provenance(cid):
    comp = registry.get_competition(cid)
    meta = comp.config.extra["leaderboard"]
    board = pd.read_csv(comp.folder / "leaderboard.csv")
    assert list(board.columns) == ["rank", "score"] and board["score"].notna().all()
    # provenance: kind, the Kaggle id it was taken from, the team count
    assert meta["kind"] == lb.KAGGLE_PRIVATE == comp.medals_against
    assert meta["kaggle_id"] == (comp.config.kaggle_id or cid)
    assert meta["teams"] == len(board) and len(board) >= 50 and meta["source"] and meta["retrieved"]
    # direction: sorted best first in the configured direction, and v1's rule reads it the same way
    lower = comp.is_lower_better
    assert lb.problems(board["score"], lower_is_better=lower) == []
    if board["score"].iloc[0] != board["score"].iloc[-1]:
        assert Grader("m", lambda s, a: 0.0).is_lower_better(board) == lower
    assert board["rank"].is_monotonic_increasing and board["rank"].iloc[0] == 1
    # thresholds: ours (sorted, configured direction) equal v1's (file order) on the shipped file
    t = lb.thresholds(lb.load_leaderboard(comp.leaderboard)["score"], lower_is_better=lower)
    assert (t.gold, t.silver, t.bronze, t.median) == v1_thresholds(board)
    # a team exactly at a cut-off gets that medal (or a better one where cut-offs tie)
    order = ["gold", "silver", "bronze"]
    for name, value in zip(order, (t.gold, t.silver, t.bronze)):
        medals = lb.medals(value, t, lower_is_better=lower)
        got = [m for m in order if medals[f"{m}_medal"]]
        assert len(got) == 1 and order.index(got[0]) <= order.index(name)


@pytest.mark.parametrize("cid", SHIPPED)
def test_shipped_board_is_the_shared_file_unchanged(cid):
    import hashlib

    comp = registry.get_competition(cid)
    name = f"{comp.config.kaggle_id or cid}.csv"
    shipped = (comp.folder / "leaderboard.csv").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == SOURCE_SHA256[name]
    if (SHARED / name).is_file():  # the source itself, where this checkout has it beside it
        assert shipped == (SHARED / name).read_bytes()


PUBLISHED = {
    "spooky-author-identification": (0.16506, 0.26996, 0.29381, 0.41815),
    "new-york-city-taxi-fare-prediction": (2.83377, 2.88191, 2.92371, None),
    "denoising-dirty-documents": (0.01794, 0.02609, 0.04517, None),
    "aerial-cactus-identification": (1.0, 1.0, 1.0, 0.9991),
    "champs-scalar-coupling": (-2.87509, -2.03119, -1.90122, None),  # log of the mean absolute error
}


@pytest.mark.parametrize("cid", sorted(PUBLISHED))
def test_published_thresholds_come_out_exactly(cid):
    comp = registry.get_competition(cid)
    t = lb.thresholds(lb.load_leaderboard(comp.leaderboard)["score"], lower_is_better=comp.is_lower_better)
    gold, silver, bronze, median = PUBLISHED[cid]
    assert (t.gold, t.silver, t.bronze) == (gold, silver, bronze)
    if median is not None:
        assert t.median == median


def test_leaderboard_md_is_up_to_date():
    """LEADERBOARD.md is what scripts/ship_leaderboard.py writes from the folders' config blocks."""
    stale = "LEADERBOARD.md is stale: .venv/bin/python scripts/ship_leaderboard.py --table"
    assert (COMPETITIONS / "LEADERBOARD.md").read_text() == _script().table(), stale


def test_missing_board_names_the_board_and_how_to_get_it(tmp_path):
    comp = registry.set_data_dir(tmp_path).get_competition("siim-isic-melanoma-classification")
    assert lb.board(comp) is None
    note = lb.missing_note(comp)
    assert "Kaggle's leaderboard of 'siim-isic-melanoma-classification' is not shipped" in note
    assert "`mlebench dev download-leaderboard -c siim-isic-melanoma-classification`" in note


# --- scripts/ship_leaderboard.py: shipping a board into a newly added competition folder ----------


def _folder(root: Path, cid: str, *, lower: bool, kaggle_id: str | None = None) -> Path:
    folder = root / cid
    folder.mkdir(parents=True)
    config = {"id": cid, "metric": "m", "is_lower_better": lower, "source": "kaggle"}
    if kaggle_id:
        config["kaggle_id"] = kaggle_id
    (folder / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False) + "# a comment that must survive\n")
    return folder


def test_ship_copies_the_board_and_writes_the_config_block_once(tmp_path):
    script = _script()
    boards, comps = tmp_path / "boards", tmp_path / "comps"
    boards.mkdir()
    (boards / "some-comp.csv").write_text("rank,score\n1,0.1\n2,0.2\n2,0.2\n4,0.9\n")
    folder = _folder(comps, "some-comp-v2", lower=True, kaggle_id="some-comp")
    for _ in range(2):  # shipping again replaces the block
        dest = script.ship("some-comp-v2", boards, comps, today="2026-01-02")
    assert dest.read_bytes() == (boards / "some-comp.csv").read_bytes()
    text = (folder / "config.yaml").read_text()
    assert text.count("leaderboard:") == 1 and "# a comment that must survive" in text
    meta = yaml.safe_load(text)["leaderboard"]
    assert meta["kind"] == "kaggle-private-leaderboard" and meta["kaggle_id"] == "some-comp"
    assert meta["teams"] == 4 and meta["retrieved"] == "2026-01-02" and "some-comp" in meta["source"]
    assert "| some-comp-v2 | some-comp | 4 | lower |" in script.table(comps, boards)


def test_ship_refuses_a_board_sorted_the_wrong_way(tmp_path):
    script = _script()
    boards, comps = tmp_path / "boards", tmp_path / "comps"
    boards.mkdir()
    (boards / "some-comp.csv").write_text("rank,score\n1,0.9\n2,0.5\n3,0.1\n")  # descending
    _folder(comps, "some-comp", lower=True)
    with pytest.raises(script.ShipError, match="not sorted best first.*v1 would read the board as higher"):
        script.ship("some-comp", boards, comps)
    assert not (comps / "some-comp" / "leaderboard.csv").exists()
    with pytest.raises(script.ShipError, match="add the competition first"):
        script.ship("absent", boards, comps)


def test_ship_checks_published_thresholds(tmp_path, monkeypatch):
    script = _script()
    monkeypatch.setitem(script.PUBLISHED, "some-comp", (0.1, 0.1, 0.1, 0.2))
    scores = pd.Series([0.1, 0.2, 0.3])
    assert script.published_check("some-comp", scores, lower_is_better=True) == "published thresholds ✓"
    with pytest.raises(script.ShipError, match="differ from v1's published"):
        script.published_check("some-comp", scores, lower_is_better=False)
    assert script.published_check("unknown", scores, lower_is_better=True) is None
