"""The terminal report: whole when piped, published v1 results only beside v1 splits, honest about one seed,
and no empty sections."""

from __future__ import annotations

import os
import subprocess

from rich.console import Console

from mlebench.registry import registry
from mlebench.reports import build_report, render
from tests.cli._helpers import MLEBENCH

from .helpers import entry, write_group

LONG_ID = "a-competition-with-a-really-quite-remarkably-long-identifier-that-goes-on"


def _text(report: dict, width: int = 250) -> str:
    console = Console(width=width, record=True, file=open(os.devnull, "w"), color_system=None)
    render(report, console)
    return console.export_text()


def test_piped_report_is_not_cut_at_80_columns(tmp_path):
    seeds = range(5)
    group = write_group(tmp_path / "wide-group", [entry(LONG_ID, medal="gold", seed=s, pct=0.95) for s in seeds], seeds=5)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # as in `mlebench report … | less`
    result = subprocess.run([*MLEBENCH, "report", str(group)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert LONG_ID in result.stdout  # not truncated to "a-competition-with-a-rea…"
    assert all(f"seed {s}" in result.stdout for s in seeds)  # no column dropped
    assert max(len(line) for line in result.stdout.splitlines()) > 80


def test_published_v1_results_only_beside_a_v1_split(tmp_path):
    low = registry.get_split("low")[:2]
    v1_group = write_group(tmp_path / "v1", [entry(c, medal="bronze", seed=s) for c in low for s in (0, 1)], seeds=2)
    v1_text = _text(build_report([str(v1_group)], splits=["low"], pad_missing=True))
    assert "published results: any medal (%)" in v1_text and "AIDE" in v1_text

    offline = registry.get_split("offline")[:1]
    off_group = write_group(tmp_path / "off", [entry(c, medal="gold", seed=s, medals_against="reference-solutions")
                                               for c in offline for s in (0, 1)], seeds=2)
    off_text = _text(build_report([str(off_group)]))
    assert "published results" not in off_text and "AIDE" not in off_text  # humans vs reference solutions: no table
    assert "not human Kaggle teams" in off_text


def test_one_seed_says_na_instead_of_a_zero_error(tmp_path):
    one = write_group(tmp_path / "one", [entry("a", medal="gold", seed=0), entry("b", seed=0)], seeds=1)
    text = _text(build_report([str(one)], include_builtin_reference=False))
    assert "50.0 ± n/a" in text  # any medal: 1 of 2, one seed
    assert "± 0.0" not in text
    two = write_group(tmp_path / "two", [entry("a", medal="gold", seed=s) for s in (0, 1)], seeds=2)
    assert "100.0 ± 0.0" in _text(build_report([str(two)], include_builtin_reference=False))  # two equal seeds: a real 0


def test_a_split_without_numbers_is_a_note_not_an_empty_table(tmp_path):
    offline = registry.get_split("offline")
    group = write_group(tmp_path / "g", [entry(offline[0], seed=s, medals_against="reference-solutions") for s in (0, 1)],
                        seeds=2)
    text = _text(build_report([str(group)], include_builtin_reference=False))
    assert "split: offline" not in text  # no section with nothing in it
    (note,) = [ln for ln in text.splitlines() if ln.startswith("note: split offline,")]
    assert f"no runs for {len(offline) - 1} of {len(offline)} competitions" in note and "--pad-missing" in note
    seeds_rows = [ln for ln in text.splitlines() if ln.startswith("│ Seeds")]
    assert seeds_rows and all("no runs" not in ln for ln in seeds_rows)


def test_a_column_without_numbers_shows_dashes_and_a_note(tmp_path):
    full = write_group(tmp_path / "full", [entry(c, seed=0) for c in ("a", "b")], seeds=1)
    half = write_group(tmp_path / "half", [entry("a", seed=0)], competitions=["a", "b"], seeds=1)
    split = tmp_path / "ab.txt"
    split.write_text("a\nb\n")
    text = _text(build_report([str(full), str(half)], splits=[str(split)], include_builtin_reference=False))
    seeds = [ln for ln in text.splitlines() if ln.startswith("│ Seeds")]
    assert seeds and all(ln.split("│")[2].strip() == "1" and ln.split("│")[3].strip() == "–" for ln in seeds)
    assert any(ln.startswith(f"note: split {split}, half: no runs for 1 of 2") for ln in text.splitlines())
