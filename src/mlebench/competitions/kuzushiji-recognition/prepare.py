"""v1's recipe: Kaggle's labelled pages are split 90/10 (``test_size=0.1``, random_state=0).

Public: ``train.csv`` (``image_id, labels``; labels are ``<unicode> X Y Width Height`` boxes),
``train_images.zip`` and ``test_images.zip`` (the pages' ``<image_id>.jpg`` at the top level of
the archive, as in Kaggle's download), ``unicode_translation.csv`` and ``sample_submission.csv``
(``image_id, labels`` with v1's fixed guess ``U+003F 1 1 U+FF2F 2 2``). Private: ``test.csv``
(``image_id, labels``, the boxes) and ``gold_submission.csv``, a perfect submission made of each
box's ``<unicode> X+1 Y+1`` point. Kaggle's own ``test_images.zip`` is not used.
``train_images`` is read from an extracted ``train_images/`` or, member by member, from Kaggle's
``train_images.zip``.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, SEED = 0.1, 0
SAMPLE_GUESS = "U+003F 1 1 U+FF2F 2 2"


def gold_points(boxes) -> str:
    """``c X Y W H …`` -> ``c X+1 Y+1 …`` (a point just inside each box); no boxes -> blank."""
    if not isinstance(boxes, str) or not boxes.strip():
        return ""
    parts = boxes.split()
    if len(parts) % 5:
        raise ValueError(f"malformed labels in Kaggle's train.csv: {boxes[:60]}")
    return " ".join(f"{c} {int(x) + 1} {int(y) + 1}" for c, x, y in zip(parts[0::5], parts[1::5], parts[2::5]))


def _zip(raw: Path, ids: pd.Series, archive: Path) -> None:
    """Write ``<id>.jpg`` of each id into ``archive``, streamed from ``raw/train_images/`` or
    member by member from ``raw/train_images.zip`` (never extracted to disk)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        if (raw / "train_images").is_dir():
            for image_id in ids:
                out.write(raw / "train_images" / f"{image_id}.jpg", arcname=f"{image_id}.jpg")
            return
        with zipfile.ZipFile(raw / "train_images.zip") as src:
            members = {Path(n).name: n for n in src.namelist() if not n.endswith("/")}
            for image_id in ids:
                name = f"{image_id}.jpg"
                with src.open(members[name]) as f, out.open(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), "w") as g:
                    shutil.copyfileobj(f, g, 1 << 20)


def prepare(raw: Path, public: Path, private: Path) -> None:
    labelled = pd.read_csv(raw / "train.csv")
    if list(labelled.columns) != ["image_id", "labels"]:
        raise ValueError(f"Kaggle's train.csv has columns {list(labelled.columns)}, expected image_id, labels")
    train, test = train_test_split(labelled, test_size=TEST_SIZE, random_state=SEED)

    train.to_csv(public / "train.csv", index=False)
    test.to_csv(private / "test.csv", index=False)
    test.assign(labels=SAMPLE_GUESS).to_csv(public / "sample_submission.csv", index=False)
    test.assign(labels=[gold_points(b) for b in test["labels"]]).to_csv(private / "gold_submission.csv", index=False)
    shutil.copyfile(raw / "unicode_translation.csv", public / "unicode_translation.csv")

    _zip(raw, train["image_id"], public / "train_images.zip")
    _zip(raw, test["image_id"], public / "test_images.zip")

    assert len(train) + len(test) == len(labelled)
    assert set(train["image_id"]).isdisjoint(test["image_id"])
