"""Raw files laid out like Kaggle's facebook-recruiting-iii-keyword-extraction download (tiny, synthetic).

``Train.zip`` holding ``Train.csv``: every field quoted, columns Id (integers from 1), Title, Body
(HTML with newlines, commas and quotes) and Tags (1-5 lower-case tags separated by spaces, such as
``c# asp.net`` or ``c++``). ``prepare`` reads nothing else, so ``Test.zip`` is not written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

N = 60
TAGS = ["c#", "java", "php", "javascript", "android", "jquery", "c++", "python", "iphone", "asp.net",
        "mysql", "html", "linux", ".net", "ios", "sql", "css", "ruby-on-rails", "windows-7", "r"]
WORDS = ["how", "to", "parse", "a", "string", "in", "loop", "why", "does", "my", "query", "fail", "list"]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(53)
    rows = []
    for i in range(1, N + 1):
        title = " ".join(rng.choice(WORDS, size=6)).capitalize() + "?"
        body = "<p>" + " ".join(rng.choice(WORDS, size=12)) + ', "quoted", and more.</p>\n\n<pre><code>x = 1;\n</code></pre>\n'
        tags = " ".join(rng.choice(TAGS, size=int(rng.integers(1, 6)), replace=False))
        rows.append((i, title, body, tags))
    text = io.StringIO()
    pd.DataFrame(rows, columns=["Id", "Title", "Body", "Tags"]).to_csv(text, index=False, quoting=csv.QUOTE_ALL)
    with zipfile.ZipFile(raw / "Train.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Train.csv", text.getvalue())
