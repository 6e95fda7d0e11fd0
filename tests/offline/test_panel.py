"""mlebench.offline.panel: the model factories the reference panels share."""

from __future__ import annotations

from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from mlebench.offline.panel import hgb_classifier, hgb_regressor, scaled


def test_scaled_puts_a_scaler_and_optionally_an_imputer_before_the_model():
    model = LogisticRegression(C=0.5)
    steps = [type(s) for _, s in scaled(model)().steps]
    assert steps == [StandardScaler, LogisticRegression]
    assert [type(s) for _, s in scaled(model, impute=True)().steps] == [SimpleImputer, StandardScaler, LogisticRegression]
    assert scaled(model, impute=True)().steps[0][1].strategy == "median"


def test_gradient_boosting_factories_are_seeded_without_early_stopping_and_fresh_each_call():
    make = hgb_classifier(max_depth=3)
    a, b = make(), make()
    assert isinstance(a, HistGradientBoostingClassifier) and a is not b
    assert (a.random_state, a.early_stopping, a.max_depth) == (0, False, 3)
    r = hgb_regressor(learning_rate=0.05)()
    assert isinstance(r, HistGradientBoostingRegressor)
    assert (r.random_state, r.early_stopping, r.learning_rate) == (0, False, 0.05)
