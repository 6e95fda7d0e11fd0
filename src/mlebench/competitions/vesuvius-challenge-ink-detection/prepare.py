"""v1's recipe: Kaggle's third training fragment becomes the single test fragment ``a``.

Public: ``train/1/`` and ``train/2/`` copied as they are; ``test/a/`` with fragment 3's
``surface_volume/*.tif`` and ``mask.png`` (not its ``inklabels.png``, ``inklabels_rle.csv`` or
``ir.png``); ``sample_submission.csv`` (``Id, Predicted`` = ``a, 1 1 5 1``). Kaggle's own ``test/``
(copies without labels) is not used. Private: ``inklabels_rle.csv`` (fragment 3's run-length
labels with ``Id`` set to ``a`` and the fragment's ``width`` and ``height``, from ``ir.png``) and
``gold_submission.csv`` (``Id, Predicted``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from PIL import Image

HIDDEN = ("inklabels.png", "inklabels_rle.csv", "ir.png")


def prepare(raw: Path, public: Path, private: Path) -> None:
    for fragment in ("1", "2"):
        shutil.copytree(raw / "train" / fragment, public / "train" / fragment, dirs_exist_ok=True)

    test_fragment = raw / "train" / "3"
    labels = pd.read_csv(test_fragment / "inklabels_rle.csv", dtype=str, keep_default_na=False)
    if len(labels) != 1 or list(labels.columns) != ["Id", "Predicted"]:
        raise ValueError(f"fragment 3's inklabels_rle.csv should be one row of Id,Predicted; got {labels.shape}")
    with Image.open(test_fragment / "ir.png") as img:
        width, height = img.size
    labels["width"] = width
    labels["height"] = height
    labels["Id"] = "a"
    labels.to_csv(private / "inklabels_rle.csv", index=False)
    labels[["Id", "Predicted"]].to_csv(private / "gold_submission.csv", index=False)

    copied = 0
    for path in sorted(test_fragment.rglob("*")):
        if not path.is_file() or path.name in HIDDEN:
            continue
        if path.suffix not in (".png", ".tif", ".csv"):
            raise ValueError(f"unexpected file in fragment 3: {path.name}")
        dst = public / "test" / "a" / path.relative_to(test_fragment)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dst)
        copied += 1

    pd.DataFrame({"Id": ["a"], "Predicted": ["1 1 5 1"]}).to_csv(public / "sample_submission.csv", index=False)

    assert copied == sum(p.is_file() for p in test_fragment.rglob("*")) - len(HIDDEN)
    assert not any((public / "test" / "a" / name).exists() for name in HIDDEN)
