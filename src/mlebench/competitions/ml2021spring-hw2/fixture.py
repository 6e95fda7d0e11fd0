"""Raw files laid out like Kaggle's ml2021spring-hw2 download (tiny and synthetic).

``timit_11/timit_11/`` holds ``train_11.npy`` (float32 frames, 429 = 11 frames x 39 MFCC
features), ``train_label_11.npy`` (the phoneme class of each frame, 0-38, stored as text as
Kaggle's file does) and ``test_11.npy`` (unlabelled frames; only its length is used).
"""

from pathlib import Path

import numpy as np

N_TRAIN, N_TEST, DIM, CLASSES = 80, 30, 429, 39


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2021)
    folder = raw / "timit_11" / "timit_11"
    folder.mkdir(parents=True)
    labels = rng.integers(0, CLASSES, N_TRAIN)
    frames = rng.normal(0, 1, (N_TRAIN, DIM)).astype(np.float32)
    frames[:, 0] += labels / 10  # a little signal
    np.save(folder / "train_11.npy", frames)
    np.save(folder / "train_label_11.npy", labels.astype(str))
    np.save(folder / "test_11.npy", rng.normal(0, 1, (N_TEST, DIM)).astype(np.float32))
