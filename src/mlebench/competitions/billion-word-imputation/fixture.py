"""Raw files laid out like Kaggle's billion-word-imputation download (tiny and synthetic).

``train_v2.txt.zip`` holding ``train_v2.txt`` (one tokenised sentence per line: words and
punctuation separated by single spaces, almost always ending in " .") and ``test_v2.txt.zip``
holding ``test_v2.txt`` (a CSV ``"id","sentence"``, ids from 0, every sentence quoted, inner
quotes doubled). 1,500 lines, so that the 1% draw gives a test set of about fifteen sentences;
a few lines have only two words, and some hold quotes, as Kaggle's do.
"""

import zipfile
from pathlib import Path

import numpy as np

N_LINES, N_KAGGLE_TEST = 1500, 5
WORDS = ["the", "of", "and", "to", "a", "in", "said", "'s", "\"", "it", "market", "Obama", ",", "percent", "2008", "--", "is"]


def _sentence(rng: np.random.Generator) -> str:
    if rng.random() < 0.02:
        return "Thanks ."
    return " ".join(["The", *rng.choice(WORDS, size=int(rng.integers(2, 25))), "."])


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(1_000_000_000)
    train = "".join(_sentence(rng) + "\n" for _ in range(N_LINES))
    with zipfile.ZipFile(raw / "train_v2.txt.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("train_v2.txt", train)
    test = '"id","sentence"\n' + "".join(
        f'{i},"{_sentence(rng).replace(chr(34), chr(34) * 2)}"\n' for i in range(N_KAGGLE_TEST)
    )
    with zipfile.ZipFile(raw / "test_v2.txt.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("test_v2.txt", test)
