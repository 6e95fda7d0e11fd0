"""v1's recipe for the mirrored competition, with a larger test share: the labelled plays are split
75/25 by ``game_play`` (``train_test_split(random_state=0)`` on the plays in order of first
appearance in ``train_labels.csv``; v1 keeps 10 %, too few contacts here for a stable MCC).

Public: ``train_labels.csv`` (the training plays' rows), ``train_player_tracking.csv`` and
``test_player_tracking.csv`` (the download's tracking cut by play) and ``sample_submission.csv``
(``contact_id``, ``contact`` = 0). The download's own test play (unlabelled) is not used.
Private: ``test.csv`` (the test plays' rows of ``train_labels.csv``).
"""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.offline.common import SEED, write_csv

TEST_SIZE = 0.25


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = pd.read_csv(raw / "train_labels.csv", dtype={"nfl_player_id_2": str})
    plays = np.asarray(labels["game_play"].unique(), dtype=object)
    train_plays, test_plays = train_test_split(plays, test_size=TEST_SIZE, random_state=SEED)
    train, test = labels[labels["game_play"].isin(train_plays)], labels[labels["game_play"].isin(test_plays)]
    tracking = pd.read_csv(raw / "train_player_tracking.csv")
    write_csv(train, public / "train_labels.csv")
    write_csv(tracking[tracking["game_play"].isin(train_plays)], public / "train_player_tracking.csv", float_format="%.2f")
    write_csv(tracking[tracking["game_play"].isin(test_plays)], public / "test_player_tracking.csv", float_format="%.2f")
    write_csv(test[["contact_id"]].assign(contact=0), public / "sample_submission.csv")
    write_csv(test, private / "test.csv")
