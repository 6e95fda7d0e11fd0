"""Reference solutions for offline-text-classification: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``id`` and one
probability column per author). All are deterministic and span trivial (uniform, class priors)
to reasonably strong (TF-IDF word and character n-grams with logistic regression).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import BernoulliNB, ComplementNB, MultinomialNB
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from mlebench.offline.panel import Solution, blend, grid, memo, rows

CLASSES = ["EAP", "HPL", "MWS"]


NOTE = """Data source: sentences read from the standard library of Python 3.11.7 (CPython) by `raw.py`; another
Python version can change the sentences, the checksums and these scores."""

@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype=str, keep_default_na=False)  # noqa: E731
    return read("train.csv"), read("test.csv")


def _submit(ids: pd.Series, p: np.ndarray) -> pd.DataFrame:
    p = np.asarray(p, dtype=float)
    return pd.DataFrame({"id": ids.to_numpy(), **{c: p[:, j] for j, c in enumerate(CLASSES)}})


def _constant(probs: Callable[[pd.Series], np.ndarray]) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        return _submit(test["id"], np.tile(probs(train["author"]), (len(test), 1)))

    return run


def _model(make, frac: float = 1.0) -> Solution:
    """``make()`` returns an estimator fitted on raw text (a pipeline starting with a vectoriser),
    here on ``frac`` of the training sentences."""

    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        train = train.iloc[rows(len(train), frac)]
        model = make().fit(train["text"], train["author"])
        assert list(model.classes_) == CLASSES
        return _submit(test["id"], model.predict_proba(test["text"]))

    return run


def _length_features(text: pd.Series) -> np.ndarray:
    s = text.str
    return np.column_stack([s.len(), s.count(" "), s.count(r"\d"), s.count("'"), s.count(r"[A-Z]"),
                            s.count(r"[(),]")]).astype(float)


def length_logreg(public: Path) -> pd.DataFrame:
    train, test = _load(public)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.log1p(_length_features(train["text"])), train["author"])
    return _submit(test["id"], model.predict_proba(np.log1p(_length_features(test["text"]))))


@lru_cache(maxsize=1)
def _word_char(public: Path) -> tuple[sparse.csr_matrix, sparse.csr_matrix, pd.DataFrame, pd.DataFrame]:
    train, test = _load(public)
    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2)
    x = sparse.hstack([word.fit_transform(train["text"]), char.fit_transform(train["text"])]).tocsr()
    xt = sparse.hstack([word.transform(test["text"]), char.transform(test["text"])]).tocsr()
    return x, xt, train, test


def word_char_logreg(c: float, frac: float = 1.0) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        x, xt, train, test = _word_char(public)
        keep = rows(len(train), frac)
        model = LogisticRegression(C=c, max_iter=3000).fit(x[keep], train["author"].to_numpy()[keep])
        return _submit(test["id"], model.predict_proba(xt))

    return run


def nb_logreg_blend(public: Path) -> pd.DataFrame:
    """Average of a word-count naive Bayes and a word+char logistic regression."""
    nb = _model(lambda: make_pipeline(CountVectorizer(ngram_range=(1, 2)), MultinomialNB(alpha=0.3)))(public)
    lr = word_char_logreg(10.0)(public)
    out = nb.copy()
    out[CLASSES] = 0.5 * nb[CLASSES].to_numpy() + 0.5 * lr[CLASSES].to_numpy()
    return out


def _knn(k: int, *, distance_weighted: bool) -> Solution:
    """k nearest training sentences by cosine distance on TF-IDF, ties taken in training-row order.

    Many sentences are equally far from a test sentence (no shared term: distance exactly 1), so
    which of them are "nearest" is a tie-break. scikit-learn's KNeighborsClassifier breaks it with
    numpy's argpartition, whose order among equal values depends on the processor's SIMD sort
    (a processor without AVX2 moved knn-40's log loss by 6e-4). A stable sort has one answer.
    """

    def run(public: Path) -> pd.DataFrame:
        train, test = _load(public)
        vectorizer = _tfidf()
        x, xt = vectorizer.fit_transform(train["text"]), vectorizer.transform(test["text"])
        distance = np.clip(1.0 - (xt @ x.T).toarray(), 0.0, 2.0)  # rows are L2-normalised
        nearest = np.argsort(distance, axis=1, kind="stable")[:, :k]
        if distance_weighted:
            weight = 1.0 / np.maximum(np.take_along_axis(distance, nearest, axis=1), 1e-6)
        else:
            weight = np.ones(nearest.shape)
        label = pd.Categorical(train["author"], categories=CLASSES).codes[nearest]
        votes = np.column_stack([(weight * (label == j)).sum(axis=1) for j in range(len(CLASSES))])
        return _submit(test["id"], votes / votes.sum(axis=1, keepdims=True))

    return run


def _tfidf(**kw) -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, **kw)


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


NB_FEATURES = {"words": lambda: CountVectorizer(), "bigrams": lambda: CountVectorizer(ngram_range=(1, 2)),
               "chars": lambda: CountVectorizer(analyzer="char_wb", ngram_range=(2, 4))}
TFIDF = {"words": lambda: _tfidf(), "chars": lambda: _tfidf(analyzer="char_wb", ngram_range=(2, 5), min_df=2)}


def _nb(features: str, alpha: float) -> Solution:
    return _model(lambda: make_pipeline(NB_FEATURES[features](), MultinomialNB(alpha=alpha)))


def _sweeps() -> list[tuple[str, Solution]]:
    """Model families x settings x training fractions x vocabularies, trivial to strong.

    The strongest: probability blends of a naive Bayes with the word+char logistic regression.
    """
    logregs = {c: memo(word_char_logreg(c)) for c in (10, 30, 100)}
    nbs = {(f, a): memo(_nb(f, a)) for f, a in (("words", 1.0), ("bigrams", 0.3), ("chars", 0.5))}
    return [
        *grid("nb", _nb, _features=list(NB_FEATURES), alpha=(0.03, 0.1, 0.3, 1.0, 3.0)),
        *grid("complement-nb-words", lambda alpha: _model(lambda: make_pipeline(
            CountVectorizer(), ComplementNB(alpha=alpha))), alpha=(0.1, 0.3, 3.0, 10.0)),
        *grid("logreg-tfidf", lambda vocab, C: _model(lambda: make_pipeline(
            TFIDF[vocab](), LogisticRegression(C=C, max_iter=2000))), _vocab=list(TFIDF), C=(0.3, 3, 30, 100)),
        *grid("logreg-word-char", lambda C: word_char_logreg(C), C=(1, 100, 300)),
        *grid("logreg-word-char-C30", lambda frac: word_char_logreg(30.0, frac), frac=(0.1, 0.3, 0.6)),
        *grid("logreg-tfidf-C10", lambda frac: _model(lambda: make_pipeline(
            _tfidf(), LogisticRegression(C=10.0, max_iter=2000)), frac), frac=(0.1, 0.3)),
        *grid("nb-words-a1", lambda frac: _model(lambda: make_pipeline(CountVectorizer(), MultinomialNB()), frac),
              frac=(0.1, 0.3)),
        *grid("knn-tfidf", lambda k, weighted: _knn(k, distance_weighted=weighted), k=(5, 20, 80),
              weighted=(False, True)),
        *grid("calibrated-linear-svc", lambda C: _model(lambda: make_pipeline(
            _tfidf(ngram_range=(1, 2)), CalibratedClassifierCV(LinearSVC(C=C), cv=3))), C=(0.1, 2.0)),
        *grid("sgd-logloss", lambda alpha: _model(lambda: make_pipeline(_tfidf(ngram_range=(1, 2)), SGDClassifier(
            loss="log_loss", alpha=alpha, max_iter=50, tol=None, random_state=0))), alpha=(1e-5, 1e-3)),
        *grid("tree-tfidf", lambda depth: _model(lambda: make_pipeline(_tfidf(), DecisionTreeClassifier(
            max_depth=depth, min_samples_leaf=5, random_state=0))), depth=(4, 16)),
        ("random-forest-tfidf-300", _model(lambda: make_pipeline(_tfidf(min_df=2), RandomForestClassifier(
            300, min_samples_leaf=1, random_state=0)))),
        *grid("blend-word-char", lambda C, nb, weight: blend([logregs[C], nbs[nb]], [1 - weight, weight]),
              C=(10, 30, 100), nb=list(nbs), weight=(0.2, 0.4, 0.6)),
    ]


def _panel() -> list[tuple[str, Solution]]:
    return _sweeps() + [
        ("uniform", _constant(lambda y: np.full(3, 1 / 3))),
        ("class-prior", _constant(lambda y: y.value_counts(normalize=True).reindex(CLASSES).to_numpy())),
        ("length-features-logreg", length_logreg),
        ("tree-tfidf-depth8", _model(lambda: make_pipeline(_tfidf(), DecisionTreeClassifier(
            max_depth=8, min_samples_leaf=5, random_state=0)))),
        ("knn-10-tfidf", _knn(10, distance_weighted=False)),
        ("knn-40-tfidf-distance", _knn(40, distance_weighted=True)),
        ("bernoulli-nb-words", _model(lambda: make_pipeline(CountVectorizer(binary=True), BernoulliNB(alpha=1.0)))),
        ("complement-nb-words", _model(lambda: make_pipeline(CountVectorizer(), ComplementNB(alpha=1.0)))),
        ("multinomial-nb-words-a1", _model(lambda: make_pipeline(CountVectorizer(), MultinomialNB(alpha=1.0)))),
        ("multinomial-nb-bigrams-a0.3", _model(lambda: make_pipeline(
            CountVectorizer(ngram_range=(1, 2)), MultinomialNB(alpha=0.3)))),
        ("multinomial-nb-chars", _model(lambda: make_pipeline(
            CountVectorizer(analyzer="char_wb", ngram_range=(2, 4)), MultinomialNB(alpha=0.5)))),
        ("random-forest-tfidf-100", _model(lambda: make_pipeline(_tfidf(min_df=2), RandomForestClassifier(
            100, min_samples_leaf=1, random_state=0)))),
        ("svd100-logreg", _model(lambda: make_pipeline(
            _tfidf(), TruncatedSVD(100, random_state=0), LogisticRegression(C=10, max_iter=2000)))),
        ("svd100-hgb", _model(lambda: make_pipeline(_tfidf(), TruncatedSVD(100, random_state=0),
                                                    HistGradientBoostingClassifier(max_iter=60, max_leaf_nodes=15, random_state=0)))),
        ("logreg-tfidf-C0.1", _model(lambda: make_pipeline(_tfidf(), LogisticRegression(C=0.1, max_iter=2000)))),
        ("logreg-tfidf-C1", _model(lambda: make_pipeline(_tfidf(), LogisticRegression(C=1.0, max_iter=2000)))),
        ("logreg-tfidf-C10", _model(lambda: make_pipeline(_tfidf(), LogisticRegression(C=10.0, max_iter=2000)))),
        ("logreg-tfidf-bigrams-C10", _model(lambda: make_pipeline(
            _tfidf(ngram_range=(1, 2)), LogisticRegression(C=10.0, max_iter=2000)))),
        ("logreg-tfidf-chars-C10", _model(lambda: make_pipeline(
            _tfidf(analyzer="char_wb", ngram_range=(2, 5), min_df=2), LogisticRegression(C=10.0, max_iter=2000)))),
        ("sgd-logloss-tfidf", _model(lambda: make_pipeline(_tfidf(ngram_range=(1, 2)), SGDClassifier(
            loss="log_loss", alpha=1e-4, max_iter=50, tol=None, random_state=0)))),
        ("calibrated-linear-svc", _model(lambda: make_pipeline(_tfidf(ngram_range=(1, 2)), CalibratedClassifierCV(
            LinearSVC(C=0.5), cv=3)))),
        ("logreg-word-char-C3", word_char_logreg(3.0)),
        ("logreg-word-char-C10", word_char_logreg(10.0)),
        ("logreg-word-char-C30", word_char_logreg(30.0)),
        ("nb-logreg-blend", nb_logreg_blend),
    ]
