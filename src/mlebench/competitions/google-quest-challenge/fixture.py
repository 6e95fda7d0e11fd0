"""Raw files laid out like Kaggle's google-quest-challenge download (tiny and synthetic).

``train.csv`` (qa_id, 10 text columns, the 30 targets), ``test.csv`` (the 11 feature columns) and
``sample_submission.csv`` (qa_id and the 30 targets); qa_ids are integers, targets averages of
rater votes in [0, 1] (thirds, sixths, ...). As in Kaggle's data, ``question_type_spelling`` is
almost always 0, so the new test split holds only zeros there and preparation swaps a row in.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

N_TRAIN, N_TEST = 60, 4
CLASSES = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]
HOSTS = ["photo.stackexchange.com", "rpg.stackexchange.com", "electronics.stackexchange.com", "english.stackexchange.com"]
CATEGORIES = ["LIFE_ARTS", "CULTURE", "SCIENCE", "TECHNOLOGY", "STACKOVERFLOW"]
WORDS = ["how", "do", "I", "set", "the", "lens", "voltage", "why", "does", "this", "word", "mean", "dice"]


def _features(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    n = len(ids)
    host = rng.choice(HOSTS, size=n)
    text = lambda k: [" ".join(rng.choice(WORDS, size=k)) for _ in range(n)]  # noqa: E731
    users = rng.integers(1, 99999, size=(n, 2))
    return pd.DataFrame({
        "qa_id": ids,
        "question_title": [t.capitalize() + "?" for t in text(6)],
        "question_body": [t + ",\nthanks." for t in text(20)],
        "question_user_name": [f"user{u}" for u in users[:, 0]],
        "question_user_page": [f"https://{h}/users/{u}" for h, u in zip(host, users[:, 0])],
        "answer": text(25),
        "answer_user_name": [f"user{u}" for u in users[:, 1]],
        "answer_user_page": [f"https://{h}/users/{u}" for h, u in zip(host, users[:, 1])],
        "url": [f"http://{h}/questions/{i}" for h, i in zip(host, ids)],
        "category": rng.choice(CATEGORIES, size=n),
        "host": host,
    })


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(29)
    ids = np.sort(rng.choice(10000, size=N_TRAIN + N_TEST, replace=False))
    train = _features(rng, ids[:N_TRAIN])
    levels = np.array([0.0, 1 / 3, 0.5, 2 / 3, 1.0])
    for column in CLASSES:
        train[column] = rng.choice(levels, size=N_TRAIN)
    spelling = np.zeros(N_TRAIN)
    spelling[[3, 40]] = [1 / 3, 2 / 3]  # rows that land in the new train split
    train["question_type_spelling"] = spelling
    train.to_csv(raw / "train.csv", index=False)
    test = _features(rng, ids[N_TRAIN:])
    test.to_csv(raw / "test.csv", index=False)
    pd.concat([test[["qa_id"]], pd.DataFrame(0.0, index=test.index, columns=CLASSES)], axis=1).to_csv(
        raw / "sample_submission.csv", index=False
    )
