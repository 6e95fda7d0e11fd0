"""v1's recipe: 10% of Kaggle's labelled train.csv becomes the test set (random_state=0).

Ids are renumbered from 1 in split order, separately for the new train and test sets, and each
material's ``geometry.xyz`` is copied to ``train/<new id>/`` or ``test/<new id>/``. Kaggle's own
(unlabelled) test set is not used. Raw files are read either extracted (``train.csv``,
``train/<id>/geometry.xyz``) or straight from Kaggle's ``train.csv.zip`` and ``train.zip``.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]
SAMPLE = {"formation_energy_ev_natom": 0.1779, "bandgap_energy_ev": 1.8892}


def _read_train(raw: Path) -> pd.DataFrame:
    path = raw / "train.csv"
    if path.is_dir():  # v1's extraction of train.csv.zip into a folder of that name
        path = path / "train.csv"
    return pd.read_csv(path if path.is_file() else raw / "train.csv.zip")


def _copy_geometries(raw: Path, new_ids: dict[int, tuple[str, int]], public: Path) -> None:
    """Copy train/<old>/geometry.xyz to public/<split>/<new>/geometry.xyz for every mapped id."""

    def target(old: int) -> Path:
        split, new = new_ids[old]
        folder = public / split / str(new)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / "geometry.xyz"

    if (raw / "train").is_dir():
        for old in new_ids:
            shutil.copyfile(raw / "train" / str(old) / "geometry.xyz", target(old))
        return
    with zipfile.ZipFile(raw / "train.zip") as zf:
        for member in zf.namelist():
            parts = Path(member).parts
            if len(parts) == 3 and parts[0] == "train" and parts[2] == "geometry.xyz" and int(parts[1]) in new_ids:
                with zf.open(member) as src, open(target(int(parts[1])), "wb") as dst:
                    shutil.copyfileobj(src, dst)


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = _read_train(raw)
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)

    new_ids = {old: ("train", i) for i, old in enumerate(new_train["id"], start=1)}
    new_ids.update({old: ("test", i) for i, old in enumerate(new_test["id"], start=1)})
    new_train = new_train.assign(id=range(1, len(new_train) + 1))
    new_test = new_test.assign(id=range(1, len(new_test) + 1))

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=TARGETS).to_csv(public / "test.csv", index=False)
    _copy_geometries(raw, new_ids, public)
    pd.DataFrame({"id": new_test["id"], **SAMPLE}).to_csv(public / "sample_submission.csv", index=False)

    for split, frame in (("train", new_train), ("test", new_test)):
        found = len(list((public / split).glob("*/geometry.xyz")))
        if found != len(frame):
            raise ValueError(f"expected {len(frame)} {split} geometry files, found {found}")
