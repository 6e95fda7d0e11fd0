"""v1's recipe: 10% of Kaggle's labelled clips become the test set (random_state=0).

Kaggle's ``train.7z`` holds ``train/audio/<label>/<speaker>_nohash_<n>.wav`` (30 word folders and
``_background_noise_``, whose six long noise recordings are split like any clip) plus text files;
``test.7z`` (Kaggle's unlabelled clips) is not used. Every ``.wav`` under ``train/audio`` is listed,
sorted by ``<label>_<file name>``, and split. Public: ``train/audio/<label>/<file>.wav`` and
``test/audio/clip_<8 digits>.wav`` (test clips numbered in split order), ``sample_submission.csv``
(``fname, label`` = ``silence``). Private: ``test.csv`` (``fname, label``), where ``label`` is the
clip's folder name as it is: v1 does not map it to the 12 scored labels (see config.yaml's
known_issues and the -v2 folder).

``train.7z`` is unpacked (its ``train/audio`` members only) into a scratch folder beside the
prepared data; an already extracted download (``train/audio/``) is read in place.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import py7zr
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 0
SAMPLE_LABEL = "silence"


def audio_folder(raw: Path, scratch: Path) -> Path:
    """``train/audio`` of the download: extracted in ``raw``, else unpacked from ``train.7z``."""
    if (raw / "train" / "audio").is_dir():
        return raw / "train" / "audio"
    with py7zr.SevenZipFile(raw / "train.7z") as archive:
        members = [n for n in archive.getnames() if n.startswith("train/audio/") and n.endswith(".wav")]
        archive.extract(scratch, targets=members)
    return scratch / "train" / "audio"


def list_clips(audio: Path) -> list[tuple[str, Path]]:
    """(label, path) of every ``.wav`` under ``audio``, sorted by ``<label>_<file name>`` as v1 does."""
    clips = [(p.parent.name, p) for p in audio.rglob("*.wav")]
    return sorted(clips, key=lambda c: f"{c[0]}_{c[1].name}")


def write_files(train, test, test_labels, public: Path, private: Path) -> None:
    """Copy ``train`` clips into their label folders and ``test`` clips as ``clip_<idx>.wav``;
    write the answers (``test_labels``, one per test clip) and the sample."""
    for label in dict.fromkeys(label for label, _ in train):
        (public / "train" / "audio" / label).mkdir(parents=True, exist_ok=True)
    (public / "test" / "audio").mkdir(parents=True, exist_ok=True)
    for label, path in train:
        shutil.copyfile(path, public / "train" / "audio" / label / path.name)
    names = [f"clip_{i:08d}.wav" for i in range(len(test))]
    for name, (_, path) in zip(names, test):
        shutil.copyfile(path, public / "test" / "audio" / name)
    answers = pd.DataFrame({"fname": names, "label": list(test_labels)})
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(label=SAMPLE_LABEL).to_csv(public / "sample_submission.csv", index=False)
    assert len(list((public / "test" / "audio").glob("*.wav"))) == len(answers)


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory(dir=private.parent) as tmp:
        clips = list_clips(audio_folder(raw, Path(tmp)))
        train, test = train_test_split(clips, test_size=TEST_SIZE, random_state=SEED)
        write_files(train, test, [label for label, _ in test], public, private)
