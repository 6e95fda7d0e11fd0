"""v1's recipe: about 1% of Kaggle's training sentences become the test set, each missing one word.

Kaggle's ``train_v2.txt`` (one tokenised sentence per line, ``train_v2.txt.zip`` in the download)
is read in order with one ``numpy.random.RandomState(0)``: for every line one ``uniform()`` draw;
a line with more than two words whose draw is <= 0.01 goes to the test set, and another draw
(``randint(1, words - 1)``) picks the word to remove (never the first or the last). Only the
first 30,301,028 lines are read (all of Kaggle's file).

Public: ``train_v2.txt.zip`` (the other lines, unchanged) and ``test_v2.txt.zip`` (a CSV
``"id","sentence"`` of the test sentences with the word removed). Private: ``test.csv`` (the full
sentences) and ``sample_submission.csv`` (a copy of the public test file: submitting the
sentences unchanged is valid). Quotes inside sentences are doubled, every sentence is quoted.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

TOTAL_LINES = 30_301_028  # lines of Kaggle's train_v2.txt
TEST_SHARE = 0.01
SEED = 0


def _zip_one(src: Path, dest: Path) -> None:
    info = zipfile.ZipInfo(src.name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    with zipfile.ZipFile(dest, "w") as zf, open(src, "rb") as f_in, zf.open(info, "w", force_zip64=True) as f_out:
        shutil.copyfileobj(f_in, f_out, 1 << 20)


def _split(train_txt: Path, public: Path, private: Path) -> tuple[int, int]:
    rng = np.random.RandomState(SEED)
    n_train = n_test = 0
    with (
        open(train_txt, encoding="utf-8") as old_train,
        open(public / "train_v2.txt", "w", encoding="utf-8") as new_train,
        open(public / "test_v2.txt", "w", encoding="utf-8") as public_test,
        open(private / "test.csv", "w", encoding="utf-8") as answers,
    ):
        public_test.write('"id","sentence"\n')
        answers.write('"id","sentence"\n')
        for line in old_train:
            if rng.uniform() <= TEST_SHARE and len(line.strip().split()) > 2:
                sentence = line.strip().replace('"', '""')
                words = sentence.split()
                drop = rng.randint(1, len(words) - 1)
                answers.write(f'{n_test},"{sentence}"\n')
                public_test.write(f'{n_test},"{" ".join(words[:drop] + words[drop + 1:])}"\n')
                n_test += 1
            else:
                new_train.write(line)
                n_train += 1
            if n_train + n_test >= TOTAL_LINES:
                break
    return n_train, n_test


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        train_txt = raw / "train_v2.txt"
        if not train_txt.is_file():
            with zipfile.ZipFile(raw / "train_v2.txt.zip") as zf:
                zf.extract("train_v2.txt", tmp)
            train_txt = Path(tmp) / "train_v2.txt"
        n_train, n_test = _split(train_txt, public, private)

    shutil.copyfile(public / "test_v2.txt", private / "sample_submission.csv")
    for name in ("train_v2.txt", "test_v2.txt"):
        _zip_one(public / name, public / f"{name}.zip")
        (public / name).unlink()

    with open(private / "test.csv", encoding="utf-8") as f:
        assert sum(1 for _ in f) - 1 == n_test, "private test.csv has the wrong number of lines"
    assert n_test > 0, "no test sentence was drawn"
