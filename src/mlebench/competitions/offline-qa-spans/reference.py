"""Reference solutions for offline-qa-spans: the panel its leaderboard is built from.

Each solution reads the public ``train.csv``/``test.csv`` and returns a submission (``id``,
``PredictionString``: the predicted answer text). The learned solutions work in two steps, each
trained on the training questions: a sentence scorer picks the sentence of the passage that
answers the question (features: how the question's person is named in the sentence, the
previous sentence, denial words, word overlap, and the words of the sentence and of the question,
which lets a model pair a question's wording with a statement's), then a span scorer picks 1-4
consecutive words of that sentence (features: the words around the span, its shape and length,
the question's first words). The panel is a grid: sentence scorer (logistic regression on
question-word x sentence-word pairs at four strengths, gradient boosting at three settings, an
MLP) x the share of the training questions used (5 %, 20 %, all; the first rows of one fixed
shuffle) x how the span is taken (the learned span scorer, trained on the same share or on all
questions; the whole sentence; the capitalised or numeric words of the sentence not in the
question), plus trivial baselines (the sample, the most common answer, the first sentence, word
overlap, name matching), slow boosting (500 iterations at a small learning rate) and blends. All
deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from mlebench.offline import grid
from mlebench.offline.panel import Solution, hgb_classifier

SENTENCE = re.compile(r"[^.]+\.")
DENIAL = {"not", "never"}
PRONOUNS = {"he", "she"}
MAX_SPAN = 4


# ------------------------------------------------------------------ reading and sentences

@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype={"id": str}, keep_default_na=False)  # noqa: E731
    return read("train.csv"), read("test.csv")


def _subject(question: str) -> list[str]:
    """The capitalised words of the question after its first word: the person asked about."""
    return [w for w in re.findall(r"[A-Za-z]+", question)[1:] if w[0].isupper()]


def _sentences(context: str) -> list[tuple[int, str]]:
    """(start offset, text) of each sentence, without the leading space."""
    out = []
    for m in SENTENCE.finditer(context):
        lead = len(m.group(0)) - len(m.group(0).lstrip())
        out.append((m.start() + lead, m.group(0).strip()))
    return out


def _lower_words(text: str, names: set[str]) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in names]


@lru_cache(maxsize=2)
def _table(public: Path, part: str) -> pd.DataFrame:
    """One row per (question, sentence): dense features, the words for the bag models, the label."""
    df = _load(public)[0 if part == "train" else 1]
    rows = []
    for q, (context, question) in enumerate(zip(df["context"], df["question"])):
        subject = _subject(question)
        first, last = (subject + ["", ""])[:2]
        sents = _sentences(context)
        names = {w.lower() for _, s in sents for w in re.findall(r"[A-Z][a-z]+", s)} - PRONOUNS
        q_words = _lower_words(question, names)
        full_prev = False
        for i, (start, text) in enumerate(sents):
            words = text.rstrip(".").split()
            full = f"{first} {last}" in text
            lw = _lower_words(text, names)
            rows.append({
                "q": q, "i": i, "start": start, "text": text,
                "full": full, "first_only": (first in words) and not full, "last_only": (last in words) and not full,
                "pronoun": words[0].lower() in PRONOUNS, "pronoun_after_full": words[0].lower() in PRONOUNS and full_prev,
                "denial": bool(DENIAL & set(lw)), "overlap": len(set(q_words) & set(lw)) / max(1, len(set(q_words))),
                "year": any(w.isdigit() for w in words), "position": i, "n_sentences": len(sents),
                "s_words": " ".join(sorted(set(lw))), "q_words": " ".join(q_words[:3]),
            })
            full_prev = full
    table = pd.DataFrame(rows)
    if part == "train":
        answer_start = df["answer_start"].to_numpy()[table["q"]]
        table["label"] = (table["start"] <= answer_start) & (answer_start < table["start"] + table["text"].str.len())
    return table


DENSE = ["full", "first_only", "last_only", "pronoun", "pronoun_after_full", "denial", "overlap", "year", "position",
         "n_sentences"]


@lru_cache(maxsize=2)
def _vocab(public: Path) -> tuple[list[str], list[str]]:
    t = _table(public, "train")
    return (sorted(set(" ".join(t["s_words"]).split())), sorted(set(" ".join(t["q_words"]).split())))


def _bags(public: Path, t: pd.DataFrame) -> np.ndarray:
    s_vocab, q_vocab = _vocab(public)
    s = np.array([[w in set(ws.split()) for w in s_vocab] for ws in t["s_words"]], dtype=float)
    q = np.array([[w in set(ws.split()) for w in q_vocab] for ws in t["q_words"]], dtype=float)
    return np.hstack([t[DENSE].to_numpy(float), s, q])


def _pairs(t: pd.DataFrame) -> sparse.csr_matrix:
    """Question word x sentence word pairs (hashed) beside the dense features."""
    hasher = FeatureHasher(2**16, input_type="string", alternate_sign=False)
    pairs = hasher.transform([f"{a}|{b}" for a in qs.split() for b in ss.split()] + [f"{a}|full={f}" for a in qs.split()]
                             for qs, ss, f in zip(t["q_words"], t["s_words"], t["full"]))
    return sparse.hstack([sparse.csr_matrix(t[DENSE].to_numpy(float)), pairs]).tocsr()


@lru_cache(maxsize=4)
def _train_questions(public: Path, fraction: float) -> np.ndarray:
    n = len(_load(public)[0])
    keep = grid.first_share(pd.DataFrame({"q": np.arange(n)}), fraction)["q"].to_numpy()
    return np.isin(_table(public, "train")["q"].to_numpy(), keep)


@lru_cache(maxsize=4)
def _matrices(public: Path, kind: str) -> tuple[object, object]:
    train, test = _table(public, "train"), _table(public, "test")
    if kind == "pairs":
        return _pairs(train), _pairs(test)
    return _bags(public, train), _bags(public, test)


SENTENCE_MODELS: dict[str, tuple[str, Callable]] = {
    "logreg-C0.01": ("pairs", lambda: LogisticRegression(C=0.01, max_iter=2000)),
    "logreg-C0.1": ("pairs", lambda: LogisticRegression(C=0.1, max_iter=2000)),
    "logreg-C1": ("pairs", lambda: LogisticRegression(C=1.0, max_iter=2000)),
    "logreg-C10": ("pairs", lambda: LogisticRegression(C=10.0, max_iter=2000)),
    "hgb-depth3": ("bags", hgb_classifier(max_depth=3, learning_rate=0.1, max_iter=100)),
    "hgb-depth6": ("bags", hgb_classifier(max_depth=6, learning_rate=0.1, max_iter=100)),
    "hgb-leaves31": ("bags", hgb_classifier(max_leaf_nodes=31, learning_rate=0.05, max_iter=200)),
    "mlp-64": ("bags", lambda: make_pipeline(StandardScaler(), MLPClassifier((64,), max_iter=300, random_state=0))),
    "hgb-500iter": ("bags", hgb_classifier(max_leaf_nodes=15, learning_rate=0.02, max_iter=500)),
}


@lru_cache(maxsize=64)
def _sentence_scores(public: Path, model: str, fraction: float) -> np.ndarray:
    """P(this sentence answers) for every test (question, sentence) row."""
    kind, make = SENTENCE_MODELS[model]
    x, xt = _matrices(public, kind)
    fit = _train_questions(public, fraction)
    y = _table(public, "train")["label"].to_numpy()
    return make().fit(x[fit], y[fit]).predict_proba(xt)[:, 1]


def _chosen(public: Path, scores: np.ndarray) -> pd.DataFrame:
    """The best-scoring sentence row of every test question (the first on ties)."""
    t = _table(public, "test").assign(score=scores)
    return t.sort_values(["q", "score", "i"], ascending=[True, False, True], kind="stable").drop_duplicates("q")


# ------------------------------------------------------------------ spans inside a sentence

def _shape(word: str) -> int:
    return 0 if word.isdigit() else 1 if word[0].isupper() else 2


def _spans(text: str, question: str, word_ids: dict[str, int]) -> list[tuple[str, list[int]]]:
    """Every span of 1-MAX_SPAN words of a sentence with its features."""
    words = text.rstrip(".").split()
    subject = set(_subject(question))
    q_type = word_ids.get(" ".join(question.lower().split()[:2]), -1)
    ident = lambda w: -2 if w[0].isupper() else -3 if w.isdigit() else word_ids.get(w.lower(), -1)  # noqa: E731
    out = []
    for a in range(len(words)):
        for b in range(a + 1, min(len(words), a + MAX_SPAN) + 1):
            span = words[a:b]
            out.append((" ".join(span), [
                ident(words[a - 1]) if a > 0 else -4, ident(words[b]) if b < len(words) else -4,
                ident(words[a - 2]) if a > 1 else -4, _shape(span[0]), _shape(span[-1]), b - a,
                sum(w in subject for w in span), sum(w[0].isupper() for w in span), a, len(words) - b, q_type,
            ]))
    return out


@lru_cache(maxsize=2)
def _span_vocab(public: Path) -> dict[str, int]:
    train = _load(public)[0]
    words = pd.Series(" ".join(train["context"]).lower().replace(".", "").split()).value_counts()
    starts = train["question"].str.lower().str.split().str[:2].str.join(" ").value_counts()
    keep = sorted(set(words.index[:200]) | set(starts.index[:60]))
    return {w: i for i, w in enumerate(keep)}


@lru_cache(maxsize=2)
def _span_rows(public: Path, part: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(features, row of ``_table`` each span comes from, label, span texts) of the answer sentences
    (train) or of every sentence (test)."""
    word_ids = _span_vocab(public)
    t = _table(public, part)
    df = _load(public)[0 if part == "train" else 1]
    if part == "train":
        t = t[t["label"]]
    feats, owner, texts = [], [], []
    for row, q, text in zip(t.index, t["q"], t["text"]):
        for span, f in _spans(text, df["question"].iat[q], word_ids):
            feats.append(f)
            owner.append(row)
            texts.append(span)
    owner = np.array(owner)
    label = (np.array(texts, dtype=object) == df["answer_text"].to_numpy()[t.loc[owner, "q"]]
             if part == "train" else np.zeros(len(texts), bool))
    return np.array(feats, float), owner, label, texts


CATEGORICAL = [0, 1, 2, 3, 4, 10]


@lru_cache(maxsize=8)
def _span_scores(public: Path, fraction: float) -> np.ndarray:
    x, owner, y, _ = _span_rows(public, "train")
    xt = _span_rows(public, "test")[0]
    fit = _train_questions(public, fraction)[owner]
    shift = np.where(np.isin(np.arange(x.shape[1]), CATEGORICAL), 4, 0)  # categories must be >= 0
    model = hgb_classifier(max_iter=150, learning_rate=0.1, categorical_features=CATEGORICAL)()
    return model.fit(x[fit] + shift, y[fit]).predict_proba(xt + shift)[:, 1]


def _take(public: Path, chosen: pd.DataFrame, how: str, fraction: float) -> list[str]:
    test = _load(public)[1]
    if how == "sentence":
        return list(chosen["text"])
    if how == "names":  # capitalised or numeric words not in the question, after the first word
        out = []
        for q, text in zip(chosen["q"], chosen["text"]):
            subject = set(_subject(test["question"].iat[q]))
            words = text.rstrip(".").split()[1:]
            out.append(" ".join(w for w in words if (w[0].isupper() or w.isdigit()) and w not in subject))
        return out
    _, owner, _, texts = _span_rows(public, "test")
    scores = pd.DataFrame({"row": owner, "score": _span_scores(public, fraction if how == "learned" else 1.0),
                           "n": np.arange(len(owner))})
    best = scores.sort_values(["row", "score", "n"], ascending=[True, False, True], kind="stable").drop_duplicates("row")
    text_of = dict(zip(best["row"], (texts[n] for n in best["n"])))
    return [text_of[row] for row in chosen.index]


def _submit(public: Path, answers: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"id": _load(public)[1]["id"].to_numpy(), "PredictionString": answers})


def _learned(model: str, fraction: float, how: str) -> Solution:
    return lambda public: _submit(public, _take(public, _chosen(public, _sentence_scores(public, model, fraction)), how,
                                                fraction))


def _blend(*models: str, how: str = "learned") -> Solution:
    def run(public: Path) -> pd.DataFrame:
        scores = np.mean([_sentence_scores(public, m, 1.0) for m in models], axis=0)
        return _submit(public, _take(public, _chosen(public, scores), how, 1.0))

    return run


# ------------------------------------------------------------------ baselines

def sample(public: Path) -> pd.DataFrame:
    return _submit(public, ["dummy text"] * len(_load(public)[1]))


def _heuristic(score: Callable[[pd.DataFrame], np.ndarray], how: str) -> Solution:
    return lambda public: _submit(public, _take(public, _chosen(public, score(_table(public, "test"))), how, 1.0))


def _most_common_answer(public: Path) -> pd.DataFrame:
    train, test = _load(public)
    return _submit(public, [train["answer_text"].value_counts().sort_index().idxmax()] * len(test))


HEURISTICS = {
    "first-sentence": lambda t: -t["position"].to_numpy(float),
    "overlap": lambda t: t["overlap"].to_numpy(float),
    "full-name": lambda t: t["full"].to_numpy(float) + 0.1 * t["overlap"].to_numpy(float),
    "full-name-not-denied": lambda t: t["full"].to_numpy(float) - t["denial"].to_numpy(float)
    + 0.1 * t["overlap"].to_numpy(float),
}


def solutions() -> list[tuple[str, Solution]]:
    return _panel()  # the panel builder runs each on one BLAS/OpenMP thread


def _panel() -> list[tuple[str, Solution]]:
    panel: list[tuple[str, Solution]] = [("sample-dummy-text", sample), ("most-common-answer", _most_common_answer)]
    for name, score in HEURISTICS.items():
        for how in ("sentence", "names", "learned-all"):
            panel.append((f"{name}-{how}", _heuristic(score, how)))
    for share, f in grid.FRACTIONS.items():
        for model in SENTENCE_MODELS:
            if model == "hgb-500iter":
                continue
            for how in ("learned", "names", "sentence") + (("learned-all",) if f < 1 else ()):
                panel.append((f"{model}-{how}-{share}", _learned(model, f, how)))
    panel += [(f"hgb-500iter-{how}-all", _learned("hgb-500iter", 1.0, how)) for how in ("learned", "names")]
    panel += [
        ("blend-logreg-C1-hgb-depth6", _blend("logreg-C1", "hgb-depth6")),
        ("blend-logreg-C10-hgb-leaves31-mlp-64", _blend("logreg-C10", "hgb-leaves31", "mlp-64")),
        ("blend-all-sentence-scorers", _blend(*SENTENCE_MODELS)),
    ]
    return grid.checked(panel)


NOTE = """Build time: 767 s wall (145 s CPU) for the whole board, on the shared 2-core development machine
under a load average of about 12 (`time nice -n 10 python -m mlebench.offline.reference -c
offline-qa-spans`)."""
