"""v1's recipe: Kaggle's labelled plays are split 90/10 by ``game_play``
(``train_test_split(test_size=0.1, random_state=0)`` on the plays in order of first appearance in
``train_labels.csv``).

Public: ``train_labels.csv`` (the training plays' rows), ``{train,test}_baseline_helmets.csv``,
``{train,test}_player_tracking.csv`` and ``{train,test}_video_metadata.csv`` (Kaggle's training
files cut by play, rows in Kaggle's order), ``train/`` and ``test/`` with each play's
``<game_play>_{All29,Endzone,Sideline}.mp4``, and ``sample_submission.csv`` (``contact_id``,
``contact`` = 0). Kaggle's own test files (mock plays) are not used. Private: ``test.csv`` (the
test plays' rows of ``train_labels.csv``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 0
VIEWS = ("All29", "Endzone", "Sideline")


def _cut(raw: Path, public: Path, name: str, train_plays, test_plays) -> None:
    table = pd.read_csv(raw / f"train_{name}.csv")
    table[table["game_play"].isin(train_plays)].to_csv(public / f"train_{name}.csv", index=False)
    table[table["game_play"].isin(test_plays)].to_csv(public / f"test_{name}.csv", index=False)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = pd.read_csv(raw / "train_labels.csv")
    train_plays, test_plays = train_test_split(np.asarray(labels["game_play"].unique(), dtype=object), test_size=TEST_SIZE, random_state=SEED)
    train = labels[labels["game_play"].isin(train_plays)]
    test = labels[labels["game_play"].isin(test_plays)]
    assert set(train["contact_id"]).isdisjoint(test["contact_id"]), "a contact is in both train and test"
    train.to_csv(public / "train_labels.csv", index=False)
    test.to_csv(private / "test.csv", index=False)

    for name in ("baseline_helmets", "player_tracking", "video_metadata"):
        _cut(raw, public, name, train_plays, test_plays)

    for split, part in (("train", train), ("test", test)):
        (public / split).mkdir(exist_ok=True)
        for view in VIEWS:
            for play in part["game_play"].unique():
                shutil.copyfile(raw / "train" / f"{play}_{view}.mp4", public / split / f"{play}_{view}.mp4")

    pd.DataFrame({"contact_id": test["contact_id"], "contact": 0}).to_csv(public / "sample_submission.csv", index=False)

    assert len(list((public / "train").glob("*.mp4"))) == 3 * train["game_play"].nunique()
    assert len(list((public / "test").glob("*.mp4"))) == 3 * test["game_play"].nunique()
    assert len(train) + len(test) == len(labels)
