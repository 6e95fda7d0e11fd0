"""Raw files laid out like Kaggle's spaceship-titanic download (tiny and synthetic).

Only ``train.csv`` is read by preparation. Its columns and formats are Kaggle's: ``PassengerId``
``gggg_pp`` (group, member), ``CryoSleep``/``VIP``/``Transported`` written ``True``/``False``
(the first two with blanks), ``Cabin`` ``deck/num/side``, ``Age`` and the five spending columns
as floats (``39.0``), a few blanks in every feature column.
"""

from pathlib import Path

import numpy as np
import pandas as pd

N = 200
PLANETS = ["Earth", "Europa", "Mars"]
DESTINATIONS = ["TRAPPIST-1e", "PSO J318.5-22", "55 Cancri e"]
FIRST = ["Maham", "Juanna", "Altark", "Solam", "Willy", "Sandie", "Billex", "Candra", "Andona", "Erraiam"]
LAST = ["Ofracculy", "Vines", "Susent", "Santantines", "Hinetthews", "Jacostaffey", "Beston", "Flatic"]
SPENDING = ["RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]


def _with_blanks(values: list, rng: np.random.Generator, share: float = 0.04) -> list:
    return [None if rng.random() < share else v for v in values]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2912)
    ids, group = [], 1
    while len(ids) < N:
        size = int(rng.integers(1, 4))
        ids += [f"{group:04d}_{m:02d}" for m in range(1, size + 1)]
        group += int(rng.integers(1, 3))
    ids = ids[:N]
    cryo = rng.random(N) < 0.35
    cols = {
        "PassengerId": ids,
        "HomePlanet": _with_blanks(list(rng.choice(PLANETS, N)), rng),
        "CryoSleep": _with_blanks([bool(c) for c in cryo], rng),
        "Cabin": _with_blanks([f"{rng.choice(list('ABCDEFGT'))}/{rng.integers(0, 1800)}/{rng.choice(['P', 'S'])}"
                               for _ in range(N)], rng),
        "Destination": _with_blanks(list(rng.choice(DESTINATIONS, N)), rng),
        "Age": _with_blanks([float(a) for a in rng.integers(0, 80, N)], rng),
        "VIP": _with_blanks([bool(v) for v in rng.random(N) < 0.03], rng),
    }
    for c in SPENDING:
        spent = np.where(cryo | (rng.random(N) < 0.5), 0.0, rng.integers(1, 3000, N).astype(float))
        cols[c] = _with_blanks(list(spent), rng)
    cols["Name"] = _with_blanks([f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(N)], rng)
    # transported depends on cryosleep, but far from deterministically
    cols["Transported"] = [bool(t) for t in rng.random(N) < np.where(cryo, 0.7, 0.35)]
    pd.DataFrame(cols).to_csv(raw / "train.csv", index=False)
