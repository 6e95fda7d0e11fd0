"""A real run group of the offline suite (prepared data, submissions graded with grade_csv) reported as
HTML and rendered in headless Chromium: a screenshot is taken and the SVG plots are in the DOM."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from mlebench.cli import app
from mlebench.grading.core import grade_csv
from mlebench.grading.report import aggregate_reports

COMPETITIONS = ["offline-tabular-binary"]  # the offline competitions present when this test was written
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]


def _submissions(comp, rng) -> list[pd.DataFrame]:
    """Three qualities per seed: the answers (top of the board), noisy answers (middle), the sample (bottom)."""
    answers = pd.read_csv(comp.answers)
    sample = pd.read_csv(comp.sample_submission)
    noisy = answers.copy()
    noisy["target"] = answers["target"] + rng.normal(0, 0.6, len(answers))
    return [answers, noisy, sample]


def _run_group(root: Path, name: str, agent: str, prepared, plan: dict[int, int], history_seed: int | None) -> Path:
    """``plan`` maps seed -> index of the submission quality to use (-1: the run wrote no submission)."""
    group = root / name
    reports, comps = [], []
    for cid in COMPETITIONS:
        comp = prepared.get(cid)
        comps.append(cid)
        subs = _submissions(comp, np.random.default_rng(0))
        for seed, quality in plan.items():
            run_dir = group / f"{cid}.{seed}"
            sub_dir = run_dir / "submission"
            sub_dir.mkdir(parents=True)
            path = sub_dir / "submission.csv"
            if quality >= 0:
                subs[quality].to_csv(path, index=False)
            if seed == history_seed:
                hist_dir = sub_dir / "history"
                hist_dir.mkdir()
                history = []
                for i, (q, t) in enumerate(((2, 60.0), (1, 600.0), (0, 1500.0))):
                    p = hist_dir / f"{i:04d}.csv"
                    subs[q].to_csv(p, index=False)
                    history.append({"elapsed_seconds": t, "score": grade_csv(p, comp).score})
                (hist_dir / "history.json").write_text(json.dumps(history))
            report = grade_csv(path, comp).model_copy(update=dict(
                seed=seed, run_id=f"{cid}.{seed}", agent_id=agent, run_status="succeeded",
                run_seconds=120.0 + 60 * seed, peak_memory_mb=512.0 + seed, prompt_tokens=1000 * (seed + 1),
                completion_tokens=100, cost_usd=0.01 * (seed + 1),
            ))
            reports.append(report)
    (group / "metadata.json").write_text(json.dumps({
        "run_group": name, "agent_id": agent, "created_at": "2026-01-01T00:00:00Z",
        "competitions": comps, "seeds": len(plan),
    }))
    report = aggregate_reports(reports)
    report.update(run_group=name, agent_id=agent)
    (group / "grading_report.json").write_text(json.dumps(report, indent=2))
    return group


@pytest.fixture(scope="module")
def run_groups(prepared, tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    good = _run_group(root, "strong-agent", "strong", prepared, {0: 0, 1: 1, 2: 2}, history_seed=1)
    weak = _run_group(root, "weak-agent", "weak", prepared, {0: 2, 1: -1}, history_seed=None)
    return good, weak


def test_real_run_group_numbers(run_groups, tmp_path):
    good, weak = run_groups
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["report", str(good), str(weak), "--json", str(out), "--no-reference"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    graded = json.loads((good / "grading_report.json").read_text())["competition_reports"]
    medals = [r["any_medal"] for r in sorted(graded, key=lambda r: r["seed"])]
    assert medals[0] and not medals[2]  # the answers win gold, the constant sample does not
    cell = data["splits"][0]["columns"][0]
    assert data["splits"][0]["name"] == "group" and cell["num_seeds"] == 3
    per_seed = [100.0 * m for m in medals]
    assert cell["metrics"]["any_medal"]["per_seed"] == per_seed
    assert cell["metrics"]["any_medal"]["mean"] == pytest.approx(np.mean(per_seed))
    assert cell["metrics"]["any_medal"]["sem"] == pytest.approx(np.std(per_seed, ddof=1) / np.sqrt(3))
    assert cell["pass_at_k"]["3"] == 100.0 and cell["reference_solution_competitions"] == 1
    pcts = [100 * r["leaderboard_percentile"] for r in sorted(graded, key=lambda r: r["seed"])]
    assert cell["leaderboard_percentile"]["per_seed"] == pytest.approx(pcts)
    assert cell["resources"]["prompt_tokens"] == 6000 and cell["resources"]["cost_usd"] == pytest.approx(0.06)
    weak_cell = data["splits"][0]["columns"][1]
    assert weak_cell["num_seeds"] == 2 and weak_cell["metrics"]["valid_submission"]["per_seed"] == [100.0, 0.0]
    assert weak_cell["metrics"]["submission_exists"]["per_seed"] == [100.0, 0.0]
    tables = data["competitions"][0]["tables"]
    assert tables[0]["medals_against"] == "reference-solutions"
    assert [len(r["history"]) for r in tables[0]["runs"]] == [0, 3, 0]
    assert "reference solutions, not human" in result.output


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def test_html_renders_in_headless_chromium(run_groups, tmp_path):
    good, weak = run_groups
    html = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(good), str(weak), "--html", str(html), "--pad-missing"])
    assert result.exit_code == 0, result.output
    text = html.read_text()
    assert "<script" not in text and not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # offline, no JS
    browser = _chromium()
    if browser is None:
        if os.environ.get("MLEBENCH_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    profile = tmp_path / "profile"
    flags = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2400"]
    env = {**os.environ, "HOME": str(tmp_path)}
    shot = tmp_path / "shot.png"
    proc = subprocess.run([*flags, f"--screenshot={shot}", html.as_uri()], capture_output=True, text=True, timeout=120, env=env)
    assert shot.is_file(), proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    dom = subprocess.run([*flags, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120, env=env).stdout
    for plot_id in ("plot-medal-rate", "plot-pass-at-k-group", "plot-percentile-strip",
                    "plot-score-over-time-strong-agent-offline-tabular-binary"):
        assert re.search(rf'<svg[^>]*id="{plot_id}"', dom), plot_id
    assert dom.count('class="bar"') >= 2 and 'class="errorbar"' in dom
    assert dom.count('class="strip-dot"') == 4  # the valid runs: 3 of strong, 1 of weak
    assert dom.count('class="line"') >= 3  # pass@k of both agents, one score-over-time history
    assert "graded against" in dom and "reference solutions" in dom


def _human_board_group(root: Path, prepared) -> Path:
    """A run group on a Lite Kaggle competition graded against its shipped human board: seed 0 submits
    the answers (gold), seed 1 the sample submission (no medal), seed 2 nothing."""
    cid = "spooky-author-identification"
    comp = prepared.get(cid)
    group = root / "lite-agent"
    reports = []
    for seed, source in enumerate((comp.answers, comp.sample_submission, None)):
        sub_dir = group / f"{cid}.{seed}" / "submission"
        sub_dir.mkdir(parents=True)
        if source is not None:
            shutil.copyfile(source, sub_dir / "submission.csv")
        reports.append(grade_csv(sub_dir / "submission.csv", comp).model_copy(update=dict(
            seed=seed, run_id=f"{cid}.{seed}", agent_id="lite", run_status="succeeded",
        )))
    (group / "metadata.json").write_text(json.dumps({
        "run_group": "lite-agent", "agent_id": "lite", "created_at": "2026-01-01T00:00:00Z",
        "competitions": [cid], "seeds": 3,
    }))
    report = aggregate_reports(reports)
    report.update(run_group="lite-agent", agent_id="lite")
    (group / "grading_report.json").write_text(json.dumps(report, indent=2))
    return group


def test_html_shows_runs_among_the_human_scores(prepared, tmp_path):
    group = _human_board_group(tmp_path / "runs", prepared)
    out, html = tmp_path / "report.json", tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(group), "--json", str(out), "--html", str(html), "--no-reference"])
    assert result.exit_code == 0, result.output
    table = json.loads(out.read_text())["competitions"][0]["tables"][0]
    board = table["board"]
    assert table["medals_against"] == "kaggle-private-leaderboard" and board["kind"] == "kaggle-private-leaderboard"
    assert board["teams"] == 1241 and sum(board["counts"]) == 1241 and len(board["edges"]) == 41
    assert table["thresholds"] == {"gold": 0.16506, "silver": 0.26996, "bronze": 0.29381, "median": 0.41815}
    svg = re.search(r'<svg[^>]*id="plot-board-spooky-author-identification".*?</svg>', html.read_text(), re.S)
    assert svg, "no board chart"
    chart = svg.group(0)
    assert "runs among the human teams" in chart and "1241 teams" in chart and "lower is better" in chart
    assert chart.count('class="board-bar"') == sum(1 for c in board["counts"] if c)
    assert [m for m in re.findall(r"<title>(gold|silver|bronze|median): ([^<]*)</title>", chart)] == [
        ("gold", "0.16506"), ("silver", "0.26996"), ("bronze", "0.29381"), ("median", "0.41815")]
    marks = re.findall(r'class="seed-mark"[^>]*><title>([^<]*)</title>', chart)
    assert len(marks) == 2  # the two valid runs; the run without a submission is not on the board
    runs = {r["seed"]: r["score"] for r in table["runs"] if r["valid_submission"]}
    assert marks[0].startswith(f"lite-agent seed 0: {runs[0]:.6g}") and marks[1].startswith(f"lite-agent seed 1: {runs[1]:.6g}")
    browser = _chromium()
    if browser is None:
        if os.environ.get("MLEBENCH_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required (apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    flags = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2400"]
    dom = subprocess.run([*flags, "--dump-dom", html.as_uri()], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "HOME": str(tmp_path)}).stdout
    assert re.search(r'<svg[^>]*id="plot-board-spooky-author-identification"', dom)
    assert dom.count('class="seed-mark"') == 2 and dom.count('class="cutoff-line"') == 4


def test_competition_table_says_what_medals_are_against_and_how_to_get_a_missing_board():
    from mlebench.reports._html import _competition_table

    def table(cid: str, against: str, gold: float | None) -> dict:
        thresholds = {"gold": gold, "silver": gold, "bronze": gold, "median": gold}
        return {"competition_id": cid, "medals_against": against, "thresholds": thresholds, "runs": []}

    html = _competition_table({"column": "c", "tables": [
        table("siim-isic-melanoma-classification", "kaggle", None),
        table("spooky-author-identification", "kaggle-private-leaderboard", 0.16506),
        table("random-acts-of-pizza", "kaggle-public-leaderboard", 0.9),
        table("offline-tabular-binary", "reference-solutions", 0.9),
    ]})
    cells = re.findall(r"<tr><th>([^<]*)</th><td>(.*?)</td>", html)
    assert cells == [
        ("siim-isic-melanoma-classification", '<span class="warn">no leaderboard; get it with '
         "<code>mlebench dev download-leaderboard -c siim-isic-melanoma-classification</code></span>"),
        ("spooky-author-identification", "Kaggle teams"),
        ("random-acts-of-pizza", "Kaggle teams (public board)"),
        ("offline-tabular-binary", "reference solutions †"),
    ]
