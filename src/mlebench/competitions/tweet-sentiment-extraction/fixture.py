"""Raw files laid out like Kaggle's tweet-sentiment-extraction download (tiny and synthetic).

``train.csv`` (textID, text, selected_text, sentiment), ``test.csv`` (textID, text, sentiment) and
``sample_submission.csv`` (textID, selected_text); textIDs are 10 hex digits, sentiments
negative/neutral/positive, ``selected_text`` a run of words of ``text`` (the whole tweet for most
neutral ones). Like Kaggle's, one training row has a blank text and selected_text.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN, N_TEST = 60, 4
WORDS = ["i", "love", "this", "so", "sad", "today", "hate", "work", "great", "day!", "can't", "wait", "ugh,", "fun"]


def _rows(rng: np.random.Generator, n: int) -> pd.DataFrame:
    ids = [f"{v:010x}" for v in rng.choice(16**10, size=n, replace=False)]
    texts = [" " + " ".join(rng.choice(WORDS, size=int(rng.integers(3, 9)))) for _ in range(n)]  # some lead with a blank
    sentiment = rng.choice(["negative", "neutral", "positive"], size=n)
    return pd.DataFrame({"textID": ids, "text": texts, "sentiment": sentiment})


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(17)
    train = _rows(rng, N_TRAIN)
    selected = []
    for text, sentiment in zip(train["text"], train["sentiment"]):
        words = text.split()
        if sentiment == "neutral" and rng.random() < 0.8:
            selected.append(text.strip())
        else:
            start = int(rng.integers(0, len(words)))
            selected.append(" ".join(words[start : start + int(rng.integers(1, 3))]))
    train.insert(2, "selected_text", selected)
    train.loc[7, ["text", "selected_text"]] = np.nan
    train.to_csv(raw / "train.csv", index=False)
    test = _rows(rng, N_TEST)
    test.to_csv(raw / "test.csv", index=False)
    test[["textID"]].assign(selected_text="").to_csv(raw / "sample_submission.csv", index=False)
