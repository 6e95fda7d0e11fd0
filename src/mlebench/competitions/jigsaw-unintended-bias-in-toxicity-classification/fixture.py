"""Raw files laid out like Kaggle's jigsaw-unintended-bias-in-toxicity-classification download
(tiny and synthetic).

``train.csv`` (45 columns: id, target, comment_text, the toxicity subtypes, the 24 identities, the
Civil Comments metadata and annotator counts), ``test.csv`` (id, comment_text),
``sample_submission.csv`` (id, prediction) and ``test_private_expanded.csv`` (45 columns: the
private test comments with ``toxicity`` in place of ``target``, in Kaggle's column order). Labels
are fractions of raters; identity columns are blank for comments nobody annotated for identity.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN, N_TEST, N_PRIVATE = 40, 5, 90
SUBTYPES = ["severe_toxicity", "obscene", "sexual_explicit", "identity_attack", "insult", "threat"]
IDENTITIES = [
    "male", "female", "transgender", "other_gender", "heterosexual", "homosexual_gay_or_lesbian", "bisexual",
    "other_sexual_orientation", "christian", "jewish", "muslim", "hindu", "buddhist", "atheist", "other_religion",
    "black", "white", "asian", "latino", "other_race_or_ethnicity", "physical_disability",
    "intellectual_or_learning_disability", "psychiatric_or_mental_illness", "other_disability",
]
META = ["created_date", "publication_id", "parent_id", "article_id", "rating", "funny", "wow", "sad", "likes", "disagree"]
TRAIN_ORDER = [
    "id", "target", "comment_text", "severe_toxicity", "obscene", "identity_attack", "insult", "threat",
    *sorted(IDENTITIES), "created_date", "publication_id", "parent_id", "article_id", "rating", "funny", "wow",
    "sad", "likes", "disagree", "sexual_explicit", "identity_annotator_count", "toxicity_annotator_count",
]
EXPANDED_ORDER = [
    "id", "comment_text", *META, "toxicity", *SUBTYPES, *IDENTITIES, "identity_annotator_count",
    "toxicity_annotator_count",
]
WORDS = ["this", "article", "is", "stupid", "great", "idiots", "women", "men", "gay", "church", "muslims", "thanks", "Trump"]


def _comments(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    n = len(ids)
    raters = rng.choice([4, 6, 10], size=n)
    df = pd.DataFrame({
        "id": ids,
        "comment_text": [" ".join(rng.choice(WORDS, size=int(rng.integers(4, 15)))) + "." for _ in range(n)],
        "created_date": [f"2017-0{int(m)}-1{int(d)} 0{int(h)}:12:33.43+00" for m, d, h in rng.integers(1, 9, size=(n, 3))],
        "publication_id": rng.choice([21, 54, 102], size=n),
        "parent_id": np.where(rng.random(n) < 0.5, np.nan, rng.integers(10**5, 10**6, size=n)),
        "article_id": rng.integers(10**5, 4 * 10**5, size=n),
        "rating": rng.choice(["approved", "rejected"], size=n, p=[0.9, 0.1]),
        **{c: rng.integers(0, 3, size=n) for c in ["funny", "wow", "sad", "likes", "disagree"]},
        "toxicity": rng.integers(0, raters + 1) / raters * (rng.random(n) < 0.6),
        "toxicity_annotator_count": raters,
    })
    for c in SUBTYPES:
        df[c] = np.round(df["toxicity"] * rng.random(n), 6)
    annotated = rng.random(n) < 0.9
    counts = np.where(annotated, 4, 0)
    for c in IDENTITIES:
        share = rng.integers(0, 5, size=n) / 4 * (rng.random(n) < 0.45)
        df[c] = np.where(annotated, share, np.nan)
    df["identity_annotator_count"] = counts
    return df


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2019)
    train = _comments(rng, np.arange(59848, 59848 + N_TRAIN)).rename(columns={"toxicity": "target"})
    train[TRAIN_ORDER].to_csv(raw / "train.csv", index=False)
    test = _comments(rng, np.arange(7000000, 7000000 + N_TEST))
    test[["id", "comment_text"]].to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(prediction=0.0).to_csv(raw / "sample_submission.csv", index=False)
    private = _comments(rng, np.arange(7097320, 7097320 + N_PRIVATE))
    private[EXPANDED_ORDER].to_csv(raw / "test_private_expanded.csv", index=False)
