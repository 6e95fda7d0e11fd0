"""`mlebench leaderboard`, `mlebench dev download-leaderboard` and medals against the shipped human
boards, through the real command line."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from mlebench.cli.leaderboard import EPILOG
from tests.cli._helpers import run

CID = "spooky-author-identification"  # 1241 teams, lower is better; v1 publishes its thresholds


def test_leaderboard_shows_thresholds_provenance_and_placements():
    p = run("leaderboard", CID, "--score", "0.25", "--score", "0.5")
    assert p.returncode == 0, p.stderr
    assert f"{CID}: 1241 teams, lower is better, medals against kaggle-private-leaderboard" in p.stdout
    assert "shipped board" in p.stdout and "MLE-Dojo" in p.stdout
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:4]] for line in p.stdout.splitlines()
            if line.startswith("│")}
    assert rows == {"gold": ["12", "0.16506"], "silver": ["62", "0.26996"], "bronze": ["124", "0.29381"],
                    "median": ["-", "0.41815"]}
    # 0.25: 32 teams scored below it -> rank 33, silver (<= 0.26996); 0.5: below the median
    assert "score 0.25: rank 33 of 1241, beats 97.4% of teams, medal: silver, above median" in p.stdout
    assert "score 0.5: rank 807 of 1241" in p.stdout and "medal: none, not above median" in p.stdout


def test_leaderboard_json_matches_the_grading_functions():
    p = run("leaderboard", "aerial-cactus-identification", "--score", "1.0", "--score", "0.9991", "--json")
    assert p.returncode == 0, p.stderr
    info = json.loads(p.stdout)
    assert info["teams"] == 1221 and info["medals_against"] == "kaggle-private-leaderboard" and not info["downloaded"]
    assert {k: v["score"] for k, v in info["thresholds"].items()} == {"gold": 1.0, "silver": 1.0, "bronze": 1.0, "median": 0.9991}
    top, median = info["placements"]
    assert top["medal"] == "gold" and top["rank"] == 1 and top["above_median"]
    assert median["medal"] == "none" and not median["above_median"]  # above median is strict, as in v1


def test_help_examples_run():
    examples = [line.split()[1:] for line in EPILOG.splitlines() if line.strip().startswith("mlebench leaderboard")]
    assert len(examples) == 3
    for args in examples:
        p = run(*args)
        assert p.returncode == 0, (args, p.stderr)
    assert "mlebench leaderboard spooky-author-identification --score 0.25" in run("leaderboard", "--help").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["siim-isic-melanoma-classification"],
         "Kaggle's leaderboard of 'siim-isic-melanoma-classification' is not shipped; medals not computed "
         "(get it with `mlebench dev download-leaderboard -c siim-isic-melanoma-classification`"),
        (["spooky-author"], "Unknown competition 'spooky-author'. Did you mean: spooky-author-identification?"),
        ([CID, "--score", "abc"], "Invalid value for '--score'"),
    ],
)
def test_leaderboard_errors_are_one_line(args, message, tmp_path):
    p = run("leaderboard", *args, "--data-dir", tmp_path)
    assert p.returncode == 2 and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and message in p.stderr, p.stderr


# --- acceptance: grade-sample against the human board of a prepared Lite competition -------------


def test_grade_sample_of_answers_wins_gold_and_of_the_sample_a_percentile(prepared):
    comp = prepared.get(CID)
    p = run("grade-sample", comp.answers, CID, "--data-dir", prepared.data_dir)
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout[: p.stdout.rindex("}") + 1])
    assert report["valid_submission"] and report["gold_medal"] and report["any_medal"]
    assert report["medals_against"] == "kaggle-private-leaderboard" and report["leaderboard_size"] == 1241
    assert report["gold_threshold"] == 0.16506 and report["leaderboard_rank"] == 1
    assert "medal: gold" in p.stdout

    p = run("grade-sample", comp.sample_submission, CID, "--data-dir", prepared.data_dir)
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout[: p.stdout.rindex("}") + 1])
    assert report["valid_submission"] and not report["any_medal"] and not report["above_median"]
    board = pd.read_csv(comp.leaderboard)["score"]
    beaten = (board > report["score"]).sum() + 0.5 * (board == report["score"]).sum()
    assert 0 < report["leaderboard_percentile"] < 0.5
    assert report["leaderboard_percentile"] == pytest.approx(beaten / len(board))
    assert "medal: none" in p.stdout


# --- dev download-leaderboard with a stand-in for Kaggle's client ------------------------------------


class FakeKaggle:
    """``competition_leaderboard_download`` as the official client does it: ``<path>/<slug>.zip``
    holding Kaggle's CSV, named for the board it is."""

    def __init__(self, teams: int, board: str) -> None:
        self.teams, self.board, self.slugs = teams, board, []

    def competition_leaderboard_download(self, competition, path, quiet=True):
        self.slugs.append(competition)
        rows = "".join(
            f"{1000 + i},team {i},2017-12-{1 + i % 15:02d} 10:00:00,{0.1 + i / 1000:.5f}\n" for i in range(self.teams)
        )
        with zipfile.ZipFile(Path(path, f"{competition}.zip"), "w") as z:
            z.writestr(f"{competition}-{self.board}leaderboard.csv", "TeamId,TeamName,SubmissionDate,Score\n" + rows)


@pytest.fixture
def cli(monkeypatch, capsys):
    from mlebench.cli import app
    from mlebench.cli._common import run_app

    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["mlebench", *map(str, args)])
        code = run_app(app)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def test_download_keeps_every_row_and_records_a_private_board(cli, tmp_path, monkeypatch):
    fake = FakeKaggle(1500, "private")  # more rows than any page of Kaggle's paged leaderboard view
    monkeypatch.setattr("mlebench.data.kaggle.get_api", lambda: fake)
    code, out, err = cli("dev", "download-leaderboard", "-c", CID, "--data-dir", tmp_path)
    assert code == 0, err
    assert f"{CID}: 1500 teams, private board" in out and "note:" not in out
    assert len(pd.read_csv(tmp_path / CID / "leaderboard.csv")) == 1500
    meta = json.loads((tmp_path / CID / "leaderboard.provenance.json").read_text())
    assert meta["board"] == "private" and meta["teams"] == 1500 and meta["kaggle_id"] == CID
    assert meta["files"] == [f"{CID}-privateleaderboard.csv"]
    assert meta["latest_submission"] == "2017-12-15T10:00:00+00:00" and meta["downloaded_at"]
    code, out, err = cli("leaderboard", CID, "--json", "--data-dir", tmp_path)
    info = json.loads(out)
    assert info["downloaded"] and info["teams"] == 1500 and info["medals_against"] == "kaggle-private-leaderboard"
    # 1500 teams: gold at position 10 + 3 = 13, score 0.1 + 12/1000
    assert info["thresholds"]["gold"] == {"position": 13, "score": 0.112}


def test_download_of_a_public_board_says_so_and_uses_the_kaggle_id(cli, tmp_path, monkeypatch):
    fake = FakeKaggle(30, "public")
    monkeypatch.setattr("mlebench.data.kaggle.get_api", lambda: fake)
    code, out, err = cli("dev", "download-leaderboard", "-c", "random-acts-of-pizza-v2", "--data-dir", tmp_path)
    assert code == 0, err
    assert fake.slugs == ["random-acts-of-pizza"]
    assert "30 teams, public board" in out and "not the final private one" in out
    code, out, err = cli("leaderboard", "random-acts-of-pizza-v2", "--json", "--data-dir", tmp_path)
    assert json.loads(out)["medals_against"] == "kaggle-public-leaderboard"


def test_download_of_an_empty_board_saves_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setattr("mlebench.data.kaggle.get_api", lambda: FakeKaggle(0, "private"))
    code, out, err = cli("dev", "download-leaderboard", "-c", CID, "--data-dir", tmp_path)
    assert code == 2 and "has no scored rows; nothing saved" in err
    assert not (tmp_path / CID / "leaderboard.csv").exists()
