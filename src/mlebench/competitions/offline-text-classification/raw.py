"""Raw files laid out like spooky-author-identification's download (train.csv, test.csv,
sample_submission.csv; ids like ``id01234``; authors ``EAP``, ``HPL``, ``MWS``).

Source texts: the Python standard library's own documentation. Each "author" is one area of the
library, read from the running interpreter with ``inspect.getdoc`` (module, public classes, their
public methods, public functions) and from the comments of the modules' Python source
(``tokenize``):

- ``EAP``: internet protocols and e-mail (``http.client``, ``urllib.*``, ``smtplib``, ...),
- ``HPL``: numbers and arithmetic (``decimal``, ``fractions``, ``statistics``, ``random``, ...),
- ``MWS``: files and the operating system (``os``, ``shutil``, ``pathlib``, ``tarfile``, ...).

The texts are split into sentences; sentences that are too short, too long, mostly code or
doctest lines are dropped, and a sentence found in more than one area is dropped entirely (so no
text has two labels). Ids are random and carry no label information; rows are shuffled (seed 0).
There is no artificial noise: the difficulty is that the areas share vocabulary ("return",
"object", "file", "number").

The modules were chosen because their documentation has been stable for many releases, but the
data depend on the Python version that runs the generator: a release that edits a docstring or a
comment changes the files (and their checksums). LEADERBOARD.md records the version used.
"""

from __future__ import annotations

import importlib
import inspect
import io
import re
import tokenize
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import write_csv

AUTHORS: dict[str, list[str]] = {
    "EAP": ["http.client", "http.server", "http.cookiejar", "urllib.request", "urllib.parse", "email.message",
            "smtplib", "ftplib", "imaplib", "poplib", "socketserver", "mailbox"],
    "HPL": ["decimal", "_pydecimal", "fractions", "statistics", "random", "numbers", "cmath", "math", "heapq",
            "colorsys"],
    "MWS": ["os", "os.path", "shutil", "pathlib", "tarfile", "zipfile", "tempfile", "glob", "fnmatch", "filecmp"],
}
CLASSES = list(AUTHORS)
TEST_FRACTION = 0.15  # Kaggle's own (unlabelled) test share; never used for grading
SAMPLE_PROBS = {"EAP": 0.403493538995863, "HPL": 0.287808366106543, "MWS": 0.308698094897594}


def _docstrings(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    seen: set[int] = set()
    out: list[str] = []

    def add(obj) -> None:
        doc = inspect.getdoc(obj)
        if doc and id(obj) not in seen:
            seen.add(id(obj))
            out.append(doc)

    add(module)
    for name, obj in sorted(vars(module).items()):
        if name.startswith("_") or getattr(obj, "__module__", module.__name__) != module.__name__:
            continue
        if inspect.isclass(obj):
            add(obj)
            for attr, member in sorted(vars(obj).items()):
                if attr.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if callable(member) or isinstance(member, property):
                    add(member)
        elif inspect.isfunction(obj) or inspect.isbuiltin(obj):
            add(obj)
    return out


def _comments(module_name: str) -> list[str]:
    """Runs of consecutive comment lines in the module's Python source, joined."""
    try:
        source = inspect.getsource(importlib.import_module(module_name))
    except (OSError, TypeError):  # a C module has no Python source
        return []
    blocks: list[str] = []
    current: list[str] = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            text = tok.string.lstrip("#").strip()
            if text:
                current.append(text)
        elif tok.type != tokenize.NL and current:
            blocks.append(" ".join(current))
            current = []
    return blocks


def _sentences(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith((">>>", "..."))]
    flat = re.sub(r"\s+", " ", " ".join(lines)).strip()
    out = []
    for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", flat):
        words = s.split()
        letters = sum(ch.isalpha() or ch == " " for ch in s)
        if 30 <= len(s) <= 300 and len(words) >= 5 and letters >= 0.8 * len(s) and "XXX" not in s:
            out.append(s)
    return out


def corpus() -> pd.DataFrame:
    """Every usable sentence with its author code, in a fixed order, no sentence twice."""
    rows: list[tuple[str, str]] = []
    for author, modules in AUTHORS.items():
        for name in modules:
            for block in _docstrings(name) + _comments(name):
                rows += [(s, author) for s in _sentences(block)]
    df = pd.DataFrame(rows, columns=["text", "author"]).drop_duplicates()
    ambiguous = df.groupby("text")["author"].transform("nunique") > 1
    return df[~ambiguous].drop_duplicates("text").reset_index(drop=True)


def _shuffled() -> pd.DataFrame:
    """The corpus in the generator's row order (seed 0), each sentence with its random id."""
    df = corpus()
    rng = np.random.default_rng(0)
    df = df.iloc[rng.permutation(len(df))].reset_index(drop=True)
    df.insert(0, "id", [f"id{n:05d}" for n in rng.choice(100_000, size=len(df), replace=False)])
    return df


def generate(raw: Path) -> None:
    df = _shuffled()
    n_test = int(round(TEST_FRACTION * len(df)))
    train, test = df.iloc[n_test:], df.iloc[:n_test]
    write_csv(train, raw / "train.csv")
    write_csv(test.drop(columns="author"), raw / "test.csv")
    sample = pd.DataFrame({"id": test["id"], **{c: p for c, p in SAMPLE_PROBS.items()}})
    write_csv(sample, raw / "sample_submission.csv", float_format="%.15g")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The exact Bayes posterior: a text is drawn from the corpus, where each sentence has one author
    (sentences found in two areas are dropped), so its author is certain given its text."""
    df = _shuffled()
    return pd.DataFrame({"id": df["id"], **{c: (df["author"] == c).astype(float) for c in CLASSES}})
