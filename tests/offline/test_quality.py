"""``quality.check_ceiling``: a board entry may beat the recorded ceiling only by the test set's sampling
noise (offline-tabular-binary's Gaussian mixtures beat its Bayes ceiling on its 2,000 test rows by chance)."""

from __future__ import annotations

import pytest

from mlebench.offline import quality
from mlebench.registry import resolve_fn
from mlebench.utils import load_answers


@pytest.fixture(scope="module")
def binary(prepared):
    return prepared.get("offline-tabular-binary")


def _with_ceiling(comp, best, monkeypatch) -> None:
    """Record ``best``'s score as the competition's ceiling (as if raw.py's ceiling were ``best``)."""
    monkeypatch.setitem(comp.config.extra["ceiling"], "score", round(quality.ceiling_score(comp, best), 5))


def _exact(comp):
    return resolve_fn(comp.folder, "raw.py:ceiling", comp.id)(load_answers(comp.answers))


def test_the_best_entry_beats_the_bayes_ceiling_only_within_the_noise(binary):
    ceiling = quality.check_ceiling(binary)
    assert ceiling == pytest.approx(0.98276, abs=5e-5)
    best = float(quality._board(binary).iloc[0])
    assert best > ceiling  # the case the noise allowance exists for: the check passes all the same


def test_a_ceiling_well_below_the_board_fails(binary, monkeypatch):
    # a linear model's predictions recorded as the "ceiling": the mixtures beat it far beyond chance
    weak = quality._entry_submission(binary, "lda")
    _with_ceiling(binary, weak, monkeypatch)
    with pytest.raises(AssertionError, match="beats the ceiling .* more than 2 standard errors"):
        quality.check_ceiling(binary, weak)


def test_a_ceiling_above_the_board_needs_no_bootstrap(binary, monkeypatch):
    exact = _exact(binary)
    perfect = exact.assign(target=load_answers(binary.answers).set_index("id")["target"].reindex(exact["id"]).fillna(0).to_numpy())
    _with_ceiling(binary, perfect, monkeypatch)
    monkeypatch.setattr(quality, "_resampled_scores", lambda *a, **k: pytest.fail("bootstrapped"))
    assert quality.check_ceiling(binary, perfect) == 1.0


def test_the_recorded_score_must_be_the_ceiling_submissions(binary, monkeypatch):
    monkeypatch.setitem(binary.config.extra["ceiling"], "score", 0.97)
    with pytest.raises(AssertionError, match="0.97"):
        quality.check_ceiling(binary)
