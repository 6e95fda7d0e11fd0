"""Raw files laid out like Kaggle's AI4Code download (tiny and synthetic).

``train/<id>.json`` (notebook id: 14 hex digits), each ``{"cell_type": {cell: "code"|"markdown"},
"source": {cell: text}}`` with 8-hex-digit cell ids, the code cells in their true order followed by
the markdown cells shuffled, as in Kaggle's files; ``train_orders.csv`` (id, cell_order: the
true order, space-separated) and ``train_ancestors.csv`` (id, ancestor_id: 8 hex digits,
parent_id: a notebook id or blank). Most notebooks have no relative; a few forks share an
ancestor. ``prepare`` reads nothing else, so Kaggle's 4 ``test/`` notebooks and sample are not written.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

N = 56


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(67)
    (raw / "train").mkdir()
    ids = [f"{v:014x}" for v in rng.choice(16**12, size=N, replace=False) * 7]
    ancestors = [f"{v:08x}" for v in rng.choice(16**8, size=N, replace=False)]
    parents = [""] * N
    for child, parent in ((5, 4), (6, 4), (20, 19), (33, 32)):  # forks share their parent's ancestor
        ancestors[child], parents[child] = ancestors[parent], ids[parent]
    orders = []
    for nb in ids:
        n = int(rng.integers(3, 9))
        cells = [f"{v:08x}" for v in rng.choice(16**8, size=n, replace=False)]
        kinds = ["code" if k % 2 == 0 or rng.random() < 0.3 else "markdown" for k in range(n)]
        code = [c for c, k in zip(cells, kinds) if k == "code"]
        markdown = [cells[k] for k in rng.permutation(n) if kinds[k] == "markdown"]
        kind_of = dict(zip(cells, kinds))
        source = {c: ("import pandas as pd\ndf = pd.read_csv('x.csv')" if kind_of[c] == "code" else "## Loading the data")
                  for c in code + markdown}
        notebook = {"cell_type": {c: kind_of[c] for c in code + markdown}, "source": source}
        (raw / "train" / f"{nb}.json").write_text(json.dumps(notebook))
        orders.append((nb, " ".join(cells)))
    pd.DataFrame(orders, columns=["id", "cell_order"]).to_csv(raw / "train_orders.csv", index=False)
    pd.DataFrame({"id": ids, "ancestor_id": ancestors, "parent_id": parents}).to_csv(
        raw / "train_ancestors.csv", index=False
    )
