"""Supervised tables (numbers, categories, dates, free text): candidates chosen by cross-validation."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from common import LOWER_IS_BETTER, Budget, log
from features import Featurizer, tfidf

warnings.filterwarnings("ignore")


@dataclass
class Target:
    """One thing to predict: 'binary'/'multiclass' (probabilities or labels) or 'regression'."""

    kind: str
    y: np.ndarray            # encoded: class index for classification, float for regression
    classes: np.ndarray | None = None
    output: str = "proba"     # proba | label | value
    columns: list[str] | None = None  # sample columns this target fills (one-hot: one per class)


def score(metric: str | None, t: Target, y: np.ndarray, p: np.ndarray) -> float:
    """Higher is better (losses are negated). p: (n, k) probabilities or (n,) values."""
    from sklearn import metrics as M

    if t.kind == "regression":
        if metric == "rmsle":
            return -np.sqrt(np.mean((np.log1p(np.clip(p, 0, None)) - np.log1p(np.clip(y, 0, None))) ** 2))
        if metric == "mae":
            return -M.mean_absolute_error(y, p)
        if metric == "corr":
            return float(np.corrcoef(y, p)[0, 1])
        return -np.sqrt(M.mean_squared_error(y, p))
    k = p.shape[1]
    if metric == "auc" or (metric is None and t.output == "proba" and k == 2):
        try:
            return M.roc_auc_score(y, p[:, 1]) if k == 2 else M.roc_auc_score(y, p, multi_class="ovr", labels=range(k))
        except ValueError:
            return 0.5
    if metric in ("accuracy", "f1", "qwk") or t.output == "label":
        pred = p.argmax(1)
        if metric == "f1":
            return M.f1_score(y, pred, average="binary" if k == 2 else "macro")
        if metric == "qwk":
            return M.cohen_kappa_score(y, pred, weights="quadratic")
        return M.accuracy_score(y, pred)
    return -M.log_loss(y, np.clip(p, 1e-7, 1 - 1e-7), labels=range(k))


def _candidates(t: Target, n: int, d: int, sparse: bool, metric: str | None):
    from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.naive_bayes import ComplementNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    def scaled(est):
        return lambda: make_pipeline(SimpleImputer(), StandardScaler(), est)

    if sparse:
        if t.kind == "regression":
            return [(f"ridge-a{a}", lambda a=a: Ridge(alpha=a)) for a in (1.0, 3.0, 0.3)]
        c = [(f"logreg-C{C}", lambda C=C: LogisticRegression(C=C, max_iter=300)) for C in (10, 30, 100, 3)]
        return c + [("complement-nb", lambda: ComplementNB(alpha=0.3))]
    if t.kind == "regression":
        c = [("ridge", scaled(Ridge(alpha=1.0))),
             ("hgb", lambda: HistGradientBoostingRegressor(max_iter=300, random_state=0)),
             ("hgb-slow", lambda: HistGradientBoostingRegressor(learning_rate=0.05, max_iter=800, max_leaf_nodes=63,
                                                                 early_stopping=True, random_state=0))]
        if n <= 50_000:
            c.append(("mlp-64", scaled(MLPRegressor(hidden_layer_sizes=(64,), max_iter=300, early_stopping=True, random_state=0))))
        return c
    # a fast linear model first: a real submission within seconds, even on a tight limit
    c = [("logreg", scaled(LogisticRegression(C=1.0, max_iter=500))),
         ("hgb", lambda: HistGradientBoostingClassifier(random_state=0)),
         ("hgb-slow", lambda: HistGradientBoostingClassifier(learning_rate=0.05, max_iter=500, max_leaf_nodes=31,
                                                             early_stopping=True, random_state=0))]
    if n <= 100_000:
        c.append(("mlp-64", scaled(MLPClassifier(hidden_layer_sizes=(64,), max_iter=400, early_stopping=True, random_state=0))))
    if d <= 40 and n <= 100_000:
        c.append(("logreg-poly2", lambda: make_pipeline(SimpleImputer(), StandardScaler(), PolynomialFeatures(2),
                                                        StandardScaler(), LogisticRegression(C=0.1, max_iter=500))))
    if n <= 50_000:
        c.append(("knn-25", scaled(KNeighborsClassifier(25, weights="distance"))))
        c.append(("extra-trees", lambda: ExtraTreesClassifier(300, min_samples_leaf=2, n_jobs=2, random_state=0)))
    return c


def _predict(model, t: Target, x) -> np.ndarray:
    if t.kind == "regression":
        return np.asarray(model.predict(x), dtype=float)
    p = np.zeros((x.shape[0], len(t.classes)))
    p[:, np.asarray(model.classes_, dtype=int)] = model.predict_proba(x)
    return p


def fit_target(t: Target, x: np.ndarray | sp.csr_matrix, xt, metric: str | None, budget: Budget, share: float,
               on_improve=None) -> tuple[np.ndarray, float, str]:
    """Cross-validated candidates, then a greedy blend of the best; returns test predictions, cv score, name."""
    from sklearn.model_selection import KFold, StratifiedKFold

    n = x.shape[0]
    sparse = sp.issparse(x)
    stop_at = time.monotonic() + max(5.0, budget.left() * share * 0.85)  # keep time for the blend
    y = t.y
    if t.kind == "regression" and metric == "rmsle":
        y_fit = np.log1p(np.clip(y, 0, None))
    else:
        y_fit = y
    k = 3 if n > 2000 else 5
    if t.kind == "regression":
        folds = list(KFold(k, shuffle=True, random_state=0).split(np.zeros(n)))
    else:
        counts = np.bincount(y.astype(int))
        k = max(2, min(k, int(counts[counts > 0].min()))) if counts[counts > 0].min() >= 2 else 0
        folds = list(StratifiedKFold(k, shuffle=True, random_state=0).split(np.zeros(n), y)) if k else \
            list(KFold(3, shuffle=True, random_state=0).split(np.zeros(n)))
    if n > 200_000:
        folds = folds[:1]  # one holdout on big data
    back = (lambda v: np.expm1(v)) if t.kind == "regression" and metric == "rmsle" else (lambda v: v)
    results = []  # (score, name, oof, test)
    for name, make in _candidates(t, n, x.shape[1], sparse, metric):
        if name == "complement-nb" and (x.min() < 0 if not sparse else x.data.min() < 0):
            continue
        started = time.monotonic()
        if results and time.monotonic() + 1.5 * results[-1][4] > stop_at:
            log(f"  skip {name}: not enough time left")
            continue
        oof = np.zeros((n,) if t.kind == "regression" else (n, len(t.classes)))
        test = np.zeros((xt.shape[0],) if t.kind == "regression" else (xt.shape[0], len(t.classes)))
        seen = np.zeros(n, bool)
        try:
            for f, (tr, va) in enumerate(folds):
                m = make().fit(x[tr], y_fit[tr])
                oof[va] = _predict(m, t, x[va])
                test += _predict(m, t, xt) / len(folds)
                seen[va] = True
                per_fold = (time.monotonic() - started) / (f + 1)
                if f + 1 < len(folds) and time.monotonic() + per_fold * (len(folds) - f - 1) > stop_at + 10:
                    raise TimeoutError(f"{per_fold:.0f}s per fold does not fit the time left")
        except Exception as e:  # a candidate that fails or runs long is just dropped
            log(f"  {name} failed: {type(e).__name__}: {str(e)[:200]}")
            continue
        s = score(metric, t, y[seen], back(oof[seen]) if t.kind == "regression" else oof[seen])
        elapsed = time.monotonic() - started
        log(f"  {name}: cv {s:.5f} ({elapsed:.1f}s)")
        results.append((s, name, oof, test, elapsed, seen))
        if on_improve and s >= max(r[0] for r in results):
            on_improve(back(test) if t.kind == "regression" else test, s, name)
    if not results:
        raise RuntimeError("no candidate model could be fitted")
    results.sort(key=lambda r: -r[0])
    best_s, best_name, best_oof, best_test = results[0][:4]
    seen = results[0][5]
    # greedy blend (Caruana-style, with replacement) over the candidates' out-of-fold predictions
    chosen = [0]
    blend_oof, blend_test = best_oof.copy(), best_test.copy()
    for _ in range(6):
        trial = []
        for i, r in enumerate(results):
            if not np.array_equal(r[5], seen):
                continue
            w = len(chosen)
            o = (blend_oof * w + r[2]) / (w + 1)
            trial.append((score(metric, t, y[seen], back(o[seen]) if t.kind == "regression" else o[seen]), i))
        if not trial:
            break
        s, i = max(trial)
        if s <= best_s + 1e-6:
            break
        w = len(chosen)
        blend_oof = (blend_oof * w + results[i][2]) / (w + 1)
        blend_test = (blend_test * w + results[i][3]) / (w + 1)
        chosen.append(i)
        best_s = s
    name = "+".join(results[i][1] for i in chosen)
    log(f"  chosen {name}: cv {best_s:.5f}")
    return (back(blend_test) if t.kind == "regression" else blend_test), best_s, name


def display_metric(metric: str | None, s: float) -> float:
    return -s if metric in LOWER_IS_BETTER else s


def prepare_inputs(train: pd.DataFrame, test: pd.DataFrame, drop: set[str], budget: Budget):
    feat = Featurizer(drop)
    xd, xdt, texts = feat.fit_transform(train, test)
    if texts:
        xs, xst = tfidf(texts, len(train))
        if xd.shape[1]:
            from sklearn.preprocessing import StandardScaler

            sc = StandardScaler().fit(np.nan_to_num(xd.to_numpy(float)))
            dense = sp.csr_matrix(np.nan_to_num(sc.transform(np.nan_to_num(xd.to_numpy(float)))) * 0.1)
            dense_t = sp.csr_matrix(np.nan_to_num(sc.transform(np.nan_to_num(xdt.to_numpy(float)))) * 0.1)
            xs, xst = sp.hstack([xs, dense]).tocsr(), sp.hstack([xst, dense_t]).tocsr()
        return xs, xst
    return xd.to_numpy(float), xdt.to_numpy(float)
