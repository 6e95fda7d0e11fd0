"""Fuzz fixtures: each competition prepared once per session, with its bases graded once."""

from __future__ import annotations

import pytest

from mlebench.grading.submission import read_csv
from mlebench.utils import load_answers
from tests.competitions.test_contract import perfect_submission
from tests.fuzz._harness import STATS, Target, make_target


class Targets:
    def __init__(self, prepared, root) -> None:
        self.prepared, self.root, self.cache = prepared, root, {}

    def get(self, competition_id: str) -> Target:
        if competition_id not in self.cache:
            comp = self.prepared.get(competition_id)
            self.cache[competition_id] = make_target(
                comp, load_answers(comp.answers), read_csv(comp.sample_submission), perfect_submission(comp), self.root
            )
        return self.cache[competition_id]


@pytest.fixture(scope="session")
def fuzz_targets(prepared, tmp_path_factory) -> Targets:
    return Targets(prepared, tmp_path_factory.mktemp("fuzz-bases"))


@pytest.fixture(scope="session")
def fuzz_cases(request) -> int | None:
    """Random cases over all competitions (long mode), or None for the default fast slice."""
    return request.config.getoption("--fuzz-cases")


def pytest_terminal_summary(terminalreporter) -> None:
    if STATS["cases"]:
        seconds = STATS["grading_seconds_x1000"] / 1000
        terminalreporter.write_line(
            f"fuzz: {STATS['cases']} cases ({STATS['scored']} scored, {STATS['invalid']} invalid), "
            f"{STATS['escaped_exceptions']} escaped exceptions, {STATS['internal_errors']} internal errors, "
            f"{STATS['non_finite_scores']} non-finite scores, {seconds:.1f} s grading"
        )
