"""Reference solutions for offline-multilabel: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``id`` and one
probability column per label). All are deterministic and span trivial (constants, random scores)
to reasonably strong (TF-IDF word and character n-grams with one logistic regression per label).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge, SGDClassifier
from sklearn.naive_bayes import BernoulliNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from mlebench.offline.panel import Solution, blend, grid, memo, rows

LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype={"id": str}, keep_default_na=False)  # noqa: E731
    return read("train.csv"), read("test.csv")


def _submit(ids: pd.Series, p: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"id": ids.to_numpy(), **{c: p[:, j] for j, c in enumerate(LABELS)}})


@lru_cache(maxsize=8)
def _features(public: Path, kind: str) -> tuple:
    train, test = _load(public)
    if kind == "counts":
        vec = CountVectorizer(lowercase=False)
    elif kind == "binary":
        vec = CountVectorizer(binary=True)
    elif kind == "tfidf":
        vec = TfidfVectorizer(sublinear_tf=True)
    elif kind == "tfidf-cased":
        vec = TfidfVectorizer(sublinear_tf=True, lowercase=False, ngram_range=(1, 2), min_df=2)
    elif kind == "chars":
        vec = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 4), lowercase=False, min_df=3)
    elif kind == "word-char":
        x1, xt1 = _features(public, "tfidf-cased")
        x2, xt2 = _features(public, "chars")
        return sparse.hstack([x1, x2]).tocsr(), sparse.hstack([xt1, xt2]).tocsr()
    elif kind == "svd":
        x, xt = _features(public, "tfidf-cased")
        svd = TruncatedSVD(50, random_state=0).fit(x)
        return svd.transform(x), svd.transform(xt)
    else:
        raise ValueError(kind)
    return vec.fit_transform(train["comment_text"]), vec.transform(test["comment_text"])


def _per_label(kind: str, make, *, proba: bool = True, frac: float = 1.0) -> Solution:
    """One model per label on a shared feature matrix (fitted on ``frac`` of the training rows)."""

    def run(public: Path) -> pd.DataFrame:
        with threadpool_limits(1):
            train, test = _load(public)
            x, xt = _features(public, kind)
            keep = rows(len(train), frac)
            cols = []
            for label in LABELS:
                model = make().fit(x[keep], train[label].to_numpy()[keep])
                cols.append(model.predict_proba(xt)[:, 1] if proba else model.predict(xt))
            return _submit(test["id"], np.column_stack(cols))

    return run


def constant(public: Path) -> pd.DataFrame:
    train, test = _load(public)
    return _submit(test["id"], np.tile(train[LABELS].mean().to_numpy(), (len(test), 1)))


def random_scores(public: Path) -> pd.DataFrame:
    _, test = _load(public)
    return _submit(test["id"], np.random.default_rng(0).random((len(test), len(LABELS))))


def comment_length(public: Path) -> pd.DataFrame:
    """Longer comments score higher on every label."""
    _, test = _load(public)
    n = test["comment_text"].str.len().to_numpy(dtype=float)
    return _submit(test["id"], np.tile(n[:, None], (1, len(LABELS))))


def toxic_for_all(public: Path) -> pd.DataFrame:
    """One logistic regression for 'toxic', its probability used for every label."""
    sub = _per_label("tfidf", lambda: LogisticRegression(C=4.0, max_iter=2000))(public)
    sub[LABELS] = np.tile(sub[["toxic"]].to_numpy(), (1, len(LABELS)))
    return sub


def nb_logreg(public: Path, C: float = 4.0) -> pd.DataFrame:
    """NB-SVM style: binary counts scaled by each label's naive Bayes log-count ratio, then logistic regression."""
    with threadpool_limits(1):
        train, test = _load(public)
        x, xt = _features(public, "binary")
        cols = []
        for label in LABELS:
            y = train[label].to_numpy()
            p = (x[y == 1].sum(0) + 1) / ((y == 1).sum() + 1)
            q = (x[y == 0].sum(0) + 1) / ((y == 0).sum() + 1)
            r = sparse.diags(np.asarray(np.log(p / q)).ravel())
            model = LogisticRegression(C=C, max_iter=2000).fit(x @ r, y)
            cols.append(model.predict_proba(xt @ r)[:, 1])
        return _submit(test["id"], np.column_stack(cols))


def _lr(c: float):
    return lambda: LogisticRegression(C=c, max_iter=2000)


def _sweeps() -> list[tuple[str, Solution]]:
    """Model families x settings x vocabularies x training fractions, trivial to strong.

    The strongest: per-label logistic regressions on character and word+character TF-IDF, and rank
    blends of them with the NB-weighted logistic regression.
    """
    chars, word_char, tfidf = (memo(_per_label(k, _lr(4.0))) for k in ("chars", "word-char", "tfidf"))
    nbl, bern = memo(nb_logreg), memo(_per_label("binary", lambda: BernoulliNB(alpha=1.0)))
    parts = {"chars": chars, "word-char": word_char, "tfidf": tfidf, "nb-logreg": nbl, "bernoulli": bern}
    pairs = [("chars", "word-char"), ("chars", "nb-logreg"), ("chars", "tfidf"), ("word-char", "nb-logreg"),
             ("chars", "bernoulli"), ("word-char", "tfidf")]
    return [
        *grid("logreg", lambda kind, C: _per_label(kind, _lr(C)), _kind=("tfidf", "chars", "word-char", "tfidf-cased"),
              C=(0.1, 0.3, 0.5, 2, 8, 16)),
        *grid("multinomial-nb", lambda kind, alpha: _per_label(kind, lambda: MultinomialNB(alpha=alpha)),
              _kind=("counts", "chars"), alpha=(0.03, 0.3, 3.0)),
        *grid("bernoulli-nb", lambda alpha: _per_label("binary", lambda: BernoulliNB(alpha=alpha)),
              alpha=(0.1, 0.3, 3.0)),
        *grid("ridge", lambda kind, alpha: _per_label(kind, lambda: Ridge(alpha=alpha), proba=False),
              _kind=("tfidf", "chars"), alpha=(1.0, 10.0, 30.0)),
        *grid("tree-counts", lambda depth: _per_label("counts", lambda: DecisionTreeClassifier(
            max_depth=depth, min_samples_leaf=3, random_state=0)), depth=(6, 20)),
        *grid("knn-svd", lambda k: _per_label("svd", lambda: KNeighborsClassifier(k)), k=(5, 50)),
        *grid("logreg-C4", lambda kind, frac: _per_label(kind, _lr(4.0), frac=frac), _kind=("chars", "tfidf"),
              frac=(0.1, 0.3, 0.6)),
        *grid("nb-logreg", lambda C: lambda public: nb_logreg(public, C), C=(1, 16, 64)),
        *grid("hgb-svd", lambda iters: _per_label("svd", lambda: HistGradientBoostingClassifier(
            max_iter=iters, max_leaf_nodes=15, random_state=0)), iters=(30, 150)),
        *grid("extra-trees-svd", lambda trees: _per_label("svd", lambda: ExtraTreesClassifier(
            trees, min_samples_leaf=5, random_state=0)), trees=(60, 120)),
        *grid("sgd-hinge-tfidf", lambda alpha: _per_label("tfidf", lambda: SGDClassifier(
            alpha=alpha, random_state=0), proba=False), alpha=(1e-5, 1e-3)),
        ("random-forest-svd-40", _per_label("svd", lambda: RandomForestClassifier(
            40, min_samples_leaf=5, random_state=0))),
        *(entry for a, b in pairs for entry in grid(f"blend-{a}+{b}", lambda w, a=a, b=b: blend(
            [parts[a], parts[b]], [1 - w, w], ranks=True), w=(0.3, 0.5, 0.7))),
        ("blend-chars+word-char+nb-logreg", blend([chars, word_char, nbl], ranks=True)),
        ("blend-all-five", blend(list(parts.values()), ranks=True)),
    ]


def solutions() -> list[tuple[str, Solution]]:
    lr = _lr
    return _sweeps() + [
        ("constant-prior", constant),
        ("random-scores", random_scores),
        ("comment-length", comment_length),
        ("toxic-model-for-all-labels", toxic_for_all),
        ("tree-depth4-counts", _per_label("counts", lambda: DecisionTreeClassifier(max_depth=4, random_state=0))),
        ("tree-depth12-counts", _per_label("counts", lambda: DecisionTreeClassifier(
            max_depth=12, min_samples_leaf=3, random_state=0))),
        ("knn-25-svd", _per_label("svd", lambda: KNeighborsClassifier(25))),
        ("bernoulli-nb", _per_label("binary", lambda: BernoulliNB(alpha=1.0))),
        ("multinomial-nb-counts", _per_label("counts", lambda: MultinomialNB(alpha=1.0))),
        ("multinomial-nb-chars", _per_label("chars", lambda: MultinomialNB(alpha=0.1))),
        ("random-forest-svd-20", _per_label("svd", lambda: RandomForestClassifier(
            20, min_samples_leaf=5, random_state=0))),
        ("extra-trees-svd-40", _per_label("svd", lambda: ExtraTreesClassifier(
            40, min_samples_leaf=5, random_state=0))),
        ("hgb-svd", _per_label("svd", lambda: HistGradientBoostingClassifier(
            max_iter=60, max_leaf_nodes=15, random_state=0))),
        ("ridge-tfidf", _per_label("tfidf", lambda: Ridge(alpha=3.0), proba=False)),
        ("sgd-hinge-tfidf", _per_label("tfidf", lambda: SGDClassifier(alpha=1e-4, random_state=0), proba=False)),
        ("logreg-tfidf-C0.05", _per_label("tfidf", lr(0.05))),
        ("logreg-tfidf-C1", _per_label("tfidf", lr(1.0))),
        ("logreg-tfidf-C10", _per_label("tfidf", lr(10.0))),
        ("logreg-tfidf-cased-bigrams-C4", _per_label("tfidf-cased", lr(4.0))),
        ("logreg-chars-C4", _per_label("chars", lr(4.0))),
        ("logreg-word-char-C4", _per_label("word-char", lr(4.0))),
        ("logreg-word-char-C20", _per_label("word-char", lr(20.0))),
        ("nb-logreg", nb_logreg),
    ]
