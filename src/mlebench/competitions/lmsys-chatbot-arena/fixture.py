"""Raw files laid out like Kaggle's lmsys-chatbot-arena download (tiny and synthetic).

``train.csv`` (id, model_a, model_b, prompt, response_a, response_b, winner_model_a,
winner_model_b, winner_tie), ``test.csv`` (id, prompt, response_a, response_b) and
``sample_submission.csv`` (id and the three winner columns). ids are integers; prompts and
responses are JSON lists of strings (one per conversation turn, ``null`` for a missing response);
exactly one winner column is 1.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd

N_TRAIN, N_TEST = 60, 3
MODELS = ["gpt-4-0613", "claude-2.1", "llama-2-70b-chat", "mixtral-8x7b-instruct-v0.1", "gemini-pro"]
WORDS = ["explain", "why", "the", "sky", "is", "blue", "write", "a", "poem", "about", "cats", "\"quoted\"", "line\nbreak"]


def _turns(rng: np.random.Generator, n_turns: int, length: int) -> str:
    turns = [" ".join(rng.choice(WORDS, size=length)) for _ in range(n_turns)]
    if rng.random() < 0.05:
        turns[-1] = None
    return json.dumps(turns)


def _rows(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    rows = []
    for i in ids:
        k = int(rng.integers(1, 3))
        rows.append({"id": int(i), "prompt": _turns(rng, k, 5), "response_a": _turns(rng, k, 12), "response_b": _turns(rng, k, 12)})
    return pd.DataFrame(rows)


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(41)
    ids = rng.choice(4_500_000_000, size=N_TRAIN + N_TEST, replace=False)
    train = _rows(rng, ids[:N_TRAIN])
    pair = np.array([rng.choice(MODELS, size=2, replace=False) for _ in range(N_TRAIN)])
    train.insert(1, "model_a", pair[:, 0])
    train.insert(2, "model_b", pair[:, 1])
    winner = rng.choice(3, size=N_TRAIN, p=[0.35, 0.34, 0.31])
    for j, c in enumerate(["winner_model_a", "winner_model_b", "winner_tie"]):
        train[c] = (winner == j).astype(int)
    train.to_csv(raw / "train.csv", index=False)
    test = _rows(rng, ids[N_TRAIN:])
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(winner_model_a=0.333333, winner_model_b=0.333333, winner_tie=0.333333).to_csv(
        raw / "sample_submission.csv", index=False
    )
