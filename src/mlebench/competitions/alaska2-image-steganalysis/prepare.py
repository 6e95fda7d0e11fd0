"""v1's recipe: 5,000 of Kaggle's 75,000 cover images (sorted by name,
``train_test_split(test_size=5000, random_state=42)``) become the test set.

Training: the other covers, renumbered ``00001.jpg``… in the split's order, each copied into
``Cover/`` and with its three stego versions into ``JMiPOD/``, ``JUNIWARD/`` and ``UERD/`` under
the same new name. Test: the test covers shuffled with ``random.Random(0)``, then for each in
turn a coin flip (``choice([True, False])``) keeps the cover (Label 0) or takes the stego
version of a random algorithm (``choice(["JMiPOD", "JUNIWARD", "UERD"])``, Label 1), written as
``Test/0001.jpg``…. Private: ``test.csv`` (``Id, Label``); public ``sample_submission.csv`` has
every Label 0. Kaggle's own unlabelled ``Test/`` is not used.

Downloads of fewer than 10,000 covers (test fixtures, subsets) put a quarter of them in the test set.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED, SHUFFLE_SEED = 5000, 42, 0
ALGORITHMS = ["JMiPOD", "JUNIWARD", "UERD"]


def test_size(n_covers: int) -> int:
    return TEST_SIZE if n_covers >= 2 * TEST_SIZE else max(2, n_covers // 4)


def prepare(raw: Path, public: Path, private: Path) -> None:
    covers = sorted((raw / "Cover").glob("*.jpg"))
    train, test = train_test_split(covers, test_size=test_size(len(covers)), random_state=SEED)
    for folder in ["Cover", "Test", *ALGORITHMS]:
        (public / folder).mkdir(parents=True, exist_ok=True)

    for i, cover in enumerate(train, start=1):
        name = f"{i:05d}.jpg"
        shutil.copyfile(cover, public / "Cover" / name)
        for alg in ALGORITHMS:
            shutil.copyfile(raw / alg / cover.name, public / alg / name)

    rng = random.Random(SHUFFLE_SEED)
    rng.shuffle(test)
    rows = []
    for i, cover in enumerate(test, start=1):
        name = f"{i:04d}.jpg"
        if rng.choice([True, False]):
            shutil.copyfile(cover, public / "Test" / name)
            rows.append((name, 0))
        else:
            shutil.copyfile(raw / rng.choice(ALGORITHMS) / cover.name, public / "Test" / name)
            rows.append((name, 1))
    answers = pd.DataFrame(rows, columns=["Id", "Label"])
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(Label=0).to_csv(public / "sample_submission.csv", index=False)

    assert len(list((public / "Test").glob("*.jpg"))) == len(test)
    assert all(len(list((public / d).glob("*.jpg"))) == len(train) for d in ["Cover", *ALGORITHMS])
