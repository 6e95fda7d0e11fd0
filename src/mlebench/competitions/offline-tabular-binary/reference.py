"""Reference solutions for offline-tabular-binary: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``id``, ``target``
as a probability or score). All are deterministic (fixed ``random_state``, one thread) and span
trivial (constant, one feature) to reasonably strong (gradient boosting).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis
from sklearn.ensemble import (
    AdaBoostClassifier,
    ExtraTreesClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from sklearn.mixture import GaussianMixture
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import SVC

from mlebench.offline.panel import Factory, Solution, blend, grid, hgb_classifier, memo, rows, scaled


NOTE = """Board build: 163 solutions in 4 min 7 s running the solutions on the shared 2-core machine (load ~5),
`nice .venv/bin/python -m mlebench.offline.reference -c offline-tabular-binary`; the slowest entry is
mlp-128+128-bag10 (48 s). The top of the board is the class-conditional Gaussian mixture family (the
generating model's own): those entries sit within the test set's sampling noise of the Bayes ceiling
(0.98276; the best entry 0.98349), so gold here needs that family and some luck, as on Kaggle boards of
synthetic data whose leaders all reach the optimum."""

@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_csv(public / "train.csv"), pd.read_csv(public / "test.csv")


def _xy(public: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series]:
    train, test = _load(public)
    feats = [c for c in train.columns if c.startswith("f_")]
    return train[feats].to_numpy(), train["target"].to_numpy(), test[feats].to_numpy(), test["id"]


def _submit(ids: pd.Series, p: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"id": ids.to_numpy(), "target": np.asarray(p, dtype=float)})


def _model(make, frac: float = 1.0, cols: int = 20) -> Solution:
    """``make()`` fitted on ``frac`` of the training rows and the first ``cols`` features."""

    def run(public: Path) -> pd.DataFrame:
        x, y, xt, ids = _xy(public)
        keep = rows(len(y), frac)
        model = make().fit(x[keep, :cols], y[keep])
        if hasattr(model, "predict_proba"):
            return _submit(ids, model.predict_proba(xt[:, :cols])[:, 1])
        return _submit(ids, 1 / (1 + np.exp(-model.decision_function(xt[:, :cols]))))  # an SVM's margin

    return run


def _bag(make, seeds: int) -> Solution:
    """The mean probability of ``seeds`` copies of ``make(seed)`` (a seed ensemble)."""

    def run(public: Path) -> pd.DataFrame:
        x, y, xt, ids = _xy(public)
        return _submit(ids, np.mean([make(s).fit(x, y).predict_proba(xt)[:, 1] for s in range(seeds)], axis=0))

    return run


def _mlp(hidden, alpha: float, seed: int = 0) -> Factory:
    return scaled(MLPClassifier(hidden, alpha=alpha, max_iter=500, early_stopping=True, random_state=seed))


def _gmm_log_odds(x: np.ndarray, y: np.ndarray, xt: np.ndarray, k: int, reg: float, cov: str = "full",
                   seed: int = 0) -> np.ndarray:
    """log p(x | 1) - log p(x | 0) + log prior odds, each class a ``k``-component Gaussian mixture."""
    ll = [GaussianMixture(k, covariance_type=cov, reg_covar=reg, random_state=seed).fit(x[y == c]).score_samples(xt)
          + np.log(np.mean(y == c)) for c in (0, 1)]
    return ll[1] - ll[0]


def _gmm(k: int = 2, reg: float = 0.01, cov: str = "full", frac: float = 1.0, seed: int = 0,
         pseudo: float | None = None) -> Solution:
    """Class-conditional Gaussian mixtures (the Kaggle "Instant Gratification" recipe for
    make_classification-style data) on ``frac`` of the training rows; with ``pseudo``, test rows whose
    log-odds exceed it in size join the training set with their predicted label and the mixtures are
    refitted once (pseudo-labelling)."""

    def run(public: Path) -> pd.DataFrame:
        x, y, xt, ids = _xy(public)
        keep = rows(len(y), frac)
        x, y = x[keep], y[keep]
        z = _gmm_log_odds(x, y, xt, k, reg, cov, seed)
        if pseudo is not None:
            sure = np.abs(z) > pseudo
            z = _gmm_log_odds(np.vstack([x, xt[sure]]), np.concatenate([y, (z[sure] > 0).astype(int)]), xt,
                              k, reg, cov, seed)
        return _submit(ids, z)

    return run


def _oof(make, folds: int = 5) -> Callable[[Path], tuple[np.ndarray, np.ndarray]]:
    """``make()``'s out-of-fold training scores and its full-fit test scores (for stacking)."""

    def score(model, x):
        return model.predict_proba(x)[:, 1] if hasattr(model, "predict_proba") else model.decision_function(x)

    def run(public: Path) -> tuple[np.ndarray, np.ndarray]:
        x, y, xt, _ = _xy(public)
        oof = np.zeros(len(y))
        for a, b in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
            oof[b] = score(make().fit(x[a], y[a]), x[b])
        return oof, score(make().fit(x, y), xt)

    return memo(run)


def _stack(parts, C: float = 1.0) -> Solution:
    """A logistic regression on the parts' out-of-fold scores (as ranks' logits), refitted parts on test."""

    def run(public: Path) -> pd.DataFrame:
        _, y, _, ids = _xy(public)
        pairs = [p(public) for p in parts]
        tr = np.column_stack([o for o, _ in pairs])
        te = np.column_stack([t for _, t in pairs])
        meta = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000)).fit(tr, y)
        return _submit(ids, meta.predict_proba(te)[:, 1])

    return run


def constant(public: Path) -> pd.DataFrame:
    _, y, xt, ids = _xy(public)
    return _submit(ids, np.full(len(xt), y.mean()))


def random_scores(public: Path) -> pd.DataFrame:
    _, _, xt, ids = _xy(public)
    return _submit(ids, np.random.default_rng(0).random(len(xt)))


def best_single_feature(public: Path) -> pd.DataFrame:
    """The one feature (sign-flipped if needed) with the highest training AUC."""
    x, y, xt, ids = _xy(public)
    aucs = [roc_auc_score(y, x[:, j]) for j in range(x.shape[1])]
    j = int(np.argmax(np.abs(np.asarray(aucs) - 0.5)))
    sign = 1.0 if aucs[j] >= 0.5 else -1.0
    return _submit(ids, sign * xt[:, j])


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _sweeps() -> list[tuple[str, Solution]]:
    """Model families x settings x training fractions x feature subsets, trivial to strong.

    The strongest: RBF support vector machines and two-layer MLPs (the data are Gaussian clusters),
    seed ensembles of MLPs (10x the compute of one) and rank blends of the two families.
    """
    svcs = {(C, g): memo(_model(scaled(SVC(C=C, gamma=g)))) for C in (1, 3, 10, 30) for g in (0.02, 0.05, 0.1)}
    mlps = {(h, a): memo(_model(_mlp(h, a))) for h in ((64, 64), (128, 64), (128, 128)) for a in (0.001, 0.01, 0.03)}
    svc3, mlp64x2, mlp128x64 = (memo(_model(m)) for m in (
        scaled(SVC(C=3.0)), _mlp((64, 64), 1e-2), _mlp((128, 64), 1e-2)))
    bag = memo(_bag(lambda s: _mlp((64, 64), 1e-2, s)(), 10))
    return [
        *grid("logreg", lambda C, frac: _model(scaled(LogisticRegression(C=C, max_iter=1000)), frac),
              C=(0.001, 0.1, 10), frac=(0.1, 0.3, 1.0)),
        *grid("knn", lambda k, frac: _model(scaled(KNeighborsClassifier(k)), frac), k=(5, 15, 50), frac=(0.1, 0.3)),
        *grid("knn-distance", lambda k, cols: _model(scaled(KNeighborsClassifier(k, weights="distance")), cols=cols),
              k=(15, 40), cols=(10, 16)),
        *grid("tree", lambda depth, frac: _model(lambda: DecisionTreeClassifier(max_depth=depth, random_state=0), frac),
              depth=(4, 8), frac=(0.1, 0.3)),
        *grid("random-forest-100", lambda leaf, frac: _model(lambda: RandomForestClassifier(
            100, min_samples_leaf=leaf, random_state=0), frac), leaf=(1, 5), frac=(0.3, 1.0)),
        *grid("hgb", lambda lr, leaves, frac: _model(hgb_classifier(learning_rate=lr, max_leaf_nodes=leaves,
                                                                    max_iter=200), frac),
              lr=(0.03, 0.1, 0.3), leaves=(7, 31), frac=(0.3, 1.0)),
        *grid("hgb-first", lambda cols: _model(hgb_classifier(max_iter=200), cols=cols), cols=(4, 8, 12)),
        *grid("mlp", lambda hidden, frac: _model(_mlp(hidden, 1e-3), frac), hidden=((16,), (32,)), frac=(0.1, 0.3)),
        *grid("mlp", lambda hidden, alpha: mlps[hidden, alpha],
              hidden=((64, 64), (128, 64), (128, 128)), alpha=(0.001, 0.01, 0.03)),
        *grid("mlp-64+64", lambda frac: _model(_mlp((64, 64), 1e-2), frac), frac=(0.3, 0.6)),
        *grid("mlp-64+64-seed", lambda seed: _model(_mlp((64, 64), 1e-2, seed)), seed=(1, 2, 3, 4)),
        *grid("mlp-64+64-first", lambda cols: _model(_mlp((64, 64), 1e-2), cols=cols), cols=(12, 16)),
        *grid("svc", lambda C, gamma: svcs[C, gamma],
              C=(1, 3, 10, 30), gamma=(0.02, 0.05, 0.1)),
        *grid("svc-C3", lambda frac: _model(scaled(SVC(C=3.0)), frac), frac=(0.1, 0.3, 0.6)),
        *grid("svc-C3-first", lambda cols: _model(scaled(SVC(C=3.0)), cols=cols), cols=(8, 12, 16)),
        ("mlp-64+64-bag10", bag),
        ("mlp-64+64-bag3", _bag(lambda s: _mlp((64, 64), 1e-2, s)(), 3)),
        ("blend-svc+mlp", blend([svc3, mlp64x2], ranks=True)),
        ("blend-svc+mlp+mlp", blend([svc3, mlp64x2, mlp128x64], ranks=True)),
        ("blend-svc+bag10", blend([svc3, bag], ranks=True)),
        ("blend-svc+bag10-2:1", blend([svc3, bag], [2, 1], ranks=True)),
        *grid("blend-svc", lambda C, gamma, mlp, alpha: blend([svcs[C, gamma], mlps[mlp, alpha]], ranks=True),
              C=(1, 3, 10), gamma=(0.05, 0.1), mlp=((64, 64), (128, 128)), alpha=(0.01, 0.03)),
    ]


def _strong() -> list[tuple[str, Solution]]:
    """The strong end: class-conditional Gaussian mixtures (the model family that generated data like
    these; Kaggle's "Instant Gratification" winners used it) with its settings, pseudo-labelling and
    forks, 5-fold out-of-fold stacks of SVM/MLP/boosting/kNN/mixtures, a second 10-seed MLP bag and rank
    blends of mixtures with the SVM and MLP families."""
    gmm = memo(_gmm())
    svc, mlp, hgb, knn, gmm_oof = (_oof(m) for m in (
        scaled(SVC(C=3.0, gamma=0.1)), _mlp((64, 64), 1e-2), hgb_classifier(max_iter=200),
        scaled(KNeighborsClassifier(25)), lambda: _GmmClassifier()))
    svc_full, mlp_full = (memo(_model(m)) for m in (scaled(SVC(C=3.0, gamma=0.1)), _mlp((64, 64), 1e-2)))
    bag128 = memo(_bag(lambda s: _mlp((128, 128), 3e-2, s)(), 10))
    return [
        *grid("gmm", lambda k, reg: _gmm(k, reg), k=(2, 3, 4), reg=(0.001, 0.1)),
        *grid("gmm-k2", lambda frac: _gmm(frac=frac), frac=(0.05, 0.2, 0.5)),
        *grid("gmm-tied", lambda k: _gmm(k, cov="tied"), k=(4, 8)),
        ("gmm-k2-pseudo", _gmm(pseudo=5.0)),
        ("gmm-k3-pseudo", _gmm(3, pseudo=5.0)),
        # forks of the k=2 mixture: another initialisation seed, a stronger covariance floor
        *grid("gmm-k2-fork", lambda seed: _gmm(seed=seed), seed=(1, 2, 3)),
        *grid("gmm-k2-fork-reg", lambda reg: _gmm(reg=reg), reg=(0.03, 0.3)),
        ("mlp-128+128-bag10", bag128),
        ("stack-svc+mlp+hgb+knn", _stack([svc, mlp, hgb, knn])),
        ("stack-svc+mlp+hgb+knn-C0.1", _stack([svc, mlp, hgb, knn], C=0.1)),
        ("stack-svc+mlp+hgb+knn+gmm", _stack([svc, mlp, hgb, knn, gmm_oof])),
        ("stack-svc+mlp", _stack([svc, mlp])),
        ("stack-svc+mlp+gmm", _stack([svc, mlp, gmm_oof])),
        ("blend-gmm+svc", blend([gmm, svc_full], ranks=True)),
        ("blend-gmm+mlp", blend([gmm, mlp_full], ranks=True)),
        ("blend-gmm+svc+mlp", blend([gmm, svc_full, mlp_full], ranks=True)),
        ("blend-svc+bag128", blend([svc_full, bag128], ranks=True)),
        ("blend-svc+mlp+bag128", blend([svc_full, mlp_full, bag128], ranks=True)),
    ]


class _GmmClassifier:
    """The k=2 class-conditional mixture as an estimator (fit / decision_function) for the stacks."""

    def fit(self, x: np.ndarray, y: np.ndarray) -> "_GmmClassifier":
        self.x, self.y = x, y
        return self

    def decision_function(self, xt: np.ndarray) -> np.ndarray:
        return _gmm_log_odds(self.x, self.y, xt, 2, 0.01)


def _panel() -> list[tuple[str, Solution]]:
    return _sweeps() + _strong() + [
        ("constant-prior", constant),
        ("random-scores", random_scores),
        ("best-single-feature", best_single_feature),
        ("gaussian-naive-bayes", _model(GaussianNB)),
        ("lda", _model(LinearDiscriminantAnalysis)),
        ("qda", _model(lambda: QuadraticDiscriminantAnalysis(reg_param=0.1))),
        ("logreg-C0.01", _model(scaled(LogisticRegression(C=0.01, max_iter=1000)))),
        ("logreg-C1", _model(scaled(LogisticRegression(C=1.0, max_iter=1000)))),
        ("logreg-poly2", _model(lambda: make_pipeline(
            StandardScaler(), PolynomialFeatures(2), StandardScaler(), LogisticRegression(C=0.05, max_iter=2000)))),
        ("knn-5", _model(scaled(KNeighborsClassifier(5)))),
        ("knn-25", _model(scaled(KNeighborsClassifier(25)))),
        ("knn-75-distance", _model(scaled(KNeighborsClassifier(75, weights="distance")))),
        ("tree-depth3", _model(lambda: DecisionTreeClassifier(max_depth=3, random_state=0))),
        ("tree-depth6", _model(lambda: DecisionTreeClassifier(max_depth=6, random_state=0))),
        ("tree-depth12", _model(lambda: DecisionTreeClassifier(max_depth=12, random_state=0))),
        ("adaboost-100", _model(lambda: AdaBoostClassifier(n_estimators=100, random_state=0))),
        ("random-forest-50", _model(lambda: RandomForestClassifier(50, min_samples_leaf=2, random_state=0))),
        ("random-forest-200", _model(lambda: RandomForestClassifier(200, min_samples_leaf=2, random_state=0))),
        ("extra-trees-200", _model(lambda: ExtraTreesClassifier(200, min_samples_leaf=2, random_state=0))),
        ("mlp-64", _model(scaled(MLPClassifier((64,), alpha=1e-3, max_iter=300, early_stopping=True,
                                                random_state=0)))),
        ("hgb-depth2-100", _model(lambda: HistGradientBoostingClassifier(
            max_depth=2, max_iter=100, early_stopping=False, random_state=0))),
        ("hgb-default", _model(lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0))),
        ("hgb-lr0.05-400", _model(lambda: HistGradientBoostingClassifier(
            learning_rate=0.05, max_iter=400, max_leaf_nodes=15, l2_regularization=1.0,
            early_stopping=False, random_state=0))),
    ]
