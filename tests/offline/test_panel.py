"""mlebench.offline.panel: the model factories the reference panels share."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from mlebench.offline.panel import blend, grid, hgb_classifier, hgb_regressor, memo, rows, scaled


def test_scaled_puts_a_scaler_and_optionally_an_imputer_before_the_model():
    model = LogisticRegression(C=0.5)
    steps = [type(s) for _, s in scaled(model)().steps]
    assert steps == [StandardScaler, LogisticRegression]
    assert [type(s) for _, s in scaled(model, impute=True)().steps] == [SimpleImputer, StandardScaler, LogisticRegression]
    assert scaled(model, impute=True)().steps[0][1].strategy == "median"


def test_scaled_fits_a_fresh_model_each_call_so_fitted_models_never_share_one():
    model = LogisticRegression(C=0.5)
    make = scaled(model)
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    first = make().fit(x, [0, 0, 1, 1])
    second = make().fit(x, [1, 1, 0, 0])  # the opposite labels: refitting a shared model would flip `first` too
    assert first.steps[-1][1] is not second.steps[-1][1] and first.steps[-1][1] is not model
    assert first.predict([[3.0]])[0] == 1 and second.predict([[3.0]])[0] == 0
    assert not hasattr(model, "coef_") and first.steps[-1][1].C == 0.5


def test_gradient_boosting_factories_are_seeded_without_early_stopping_and_fresh_each_call():
    make = hgb_classifier(max_depth=3)
    a, b = make(), make()
    assert isinstance(a, HistGradientBoostingClassifier) and a is not b
    assert (a.random_state, a.early_stopping, a.max_depth) == (0, False, 3)
    r = hgb_regressor(learning_rate=0.05)()
    assert isinstance(r, HistGradientBoostingRegressor)
    assert (r.random_state, r.early_stopping, r.learning_rate) == (0, False, 0.05)


def test_grid_names_every_combination_and_builds_each_with_its_values():
    built = grid("m", lambda lr, cols: (lr, cols), lr=(0.05, 0.1), _cols=("raw", ("a", "b")))
    assert [n for n, _ in built] == ["m-lr0.05-raw", "m-lr0.05-a+b", "m-lr0.1-raw", "m-lr0.1-a+b"]
    assert [s for _, s in built] == [(0.05, "raw"), (0.05, ("a", "b")), (0.1, "raw"), (0.1, ("a", "b"))]


def test_rows_is_a_deterministic_sorted_fraction():
    a = rows(1000, 0.25)
    assert len(a) == 250 and list(a) == sorted(set(a)) and (a == rows(1000, 0.25)).all()
    assert not (a == rows(1000, 0.25, seed=1)).all()
    assert (rows(7, 1.0) == np.arange(7)).all()


def _sub(values, ids=("a", "b", "c")):
    return lambda public: pd.DataFrame({"id": list(ids), "y": values})


def test_blend_is_the_weighted_mean_of_the_parts_or_of_their_ranks():
    one, two = _sub([0.0, 1.0, 2.0]), _sub([10.0, 0.0, 20.0])
    assert blend([one, two])(Path("."))["y"].tolist() == [5.0, 0.5, 11.0]
    assert blend([one, two], [3, 1])(Path("."))["y"].tolist() == [2.5, 0.75, 6.5]
    ranked = blend([one, two], ranks=True)(Path("."))
    assert ranked["id"].tolist() == ["a", "b", "c"] and ranked["y"].tolist() == pytest.approx([1 / 3, 1 / 3, 5 / 6])
    with pytest.raises(ValueError, match="different ids"):
        blend([one, _sub([1.0, 2.0, 3.0], ids=("a", "c", "b"))])(Path("."))


def test_memo_runs_a_solution_once_per_folder_and_hands_out_copies():
    calls = []

    def solution(public):
        calls.append(public)
        return pd.DataFrame({"id": [1], "y": [0.5]})

    cached = memo(solution)
    first = cached(Path("p"))
    first.loc[0, "y"] = 9.0  # a caller changing its copy changes nothing for the next
    assert cached(Path("p"))["y"].tolist() == [0.5] and calls == [Path("p")]
    cached(Path("q"))
    assert calls == [Path("p"), Path("q")]
