"""tensorflow-speech-recognition-challenge-v2: answers mapped to the 12 scored labels, and a split
by speaker (fixes v1 #63 and the speaker overlap).

The clips are listed as in version 1. The speakers (the id before ``_nohash_`` in a file name) are
sorted and 10% of them (``train_test_split``, random_state=0) become the test speakers: all their
clips form the test set, shuffled (``sklearn.utils.shuffle``, random_state=0) before they are
numbered ``clip_<8 digits>.wav``; every other clip, and the ``_background_noise_`` recordings
(which belong to no speaker), stay in train. Answers: the ten command words as they are, any other
word ``unknown``. No test clip is ``silence`` (Kaggle's silence clips were cut from noise
recordings, which all stay in train). File layout, sample and grader are version 1's.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sklearn.model_selection import train_test_split
from sklearn.utils import shuffle

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "tensorflow-speech-recognition-challenge", "prepare")

TEST_SIZE, SEED = 0.1, 0
COMMANDS = ("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go")
NOISE = "_background_noise_"


def speaker(path: Path) -> str | None:
    return path.name.split("_nohash_")[0] if "_nohash_" in path.name else None


def scored_label(label: str) -> str:
    """The label among the 12 scored ones: a command as it is, noise ``silence``, any other word ``unknown``."""
    if label in COMMANDS:
        return label
    return "silence" if label == NOISE else "unknown"


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory(dir=private.parent) as tmp:
        clips = _v1.list_clips(_v1.audio_folder(raw, Path(tmp)))
        speakers = sorted({s for _, p in clips if (s := speaker(p)) is not None})
        _, test_speakers = train_test_split(speakers, test_size=TEST_SIZE, random_state=SEED)
        held_out = set(test_speakers)
        train = [c for c in clips if speaker(c[1]) not in held_out]
        test = shuffle([c for c in clips if speaker(c[1]) in held_out], random_state=SEED)
        assert len(train) + len(test) == len(clips) and all(label != NOISE for label, _ in test)
        _v1.write_files(train, test, [scored_label(label) for label, _ in test], public, private)
