"""v1's recipe on ``mlsp_contest_dataset.zip``: only Kaggle's labelled recordings (fold 0 of
``CVfolds_2.txt``) are kept; 20% of them (``DataFrame.sample(frac=0.2, random_state=0)``) become
the test set (fold 1). Recordings are renumbered 0..n-1 in their original order, and every
per-recording file is filtered and renumbered to match.

Public labels of test recordings read ``?``. The answers hold one row per (recording, species):
``Id = rec_id * 100 + species_id`` with ``Probability`` 1 when the species is present.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

N_SPECIES = 19
SUPPLEMENTAL_BMP_FOLDERS = ["filtered_spectrograms", "segmentation_examples", "spectrograms", "supervised_segmentation"]
FILTERED_TEXT_FILES = ["histogram_of_segments.txt", "segment_features.txt", "segment_rectangles.txt"]


def _filter_rec_file(src: Path, dst: Path, new_id: dict[int, int]) -> None:
    """Keep lines whose first field is a kept rec_id, renumbered; v1 writes one header for all three files."""
    lines = src.read_text().splitlines()[1:]
    with open(dst, "w") as f:
        f.write("rec_id,[histogram of segment features]\n")
        for line in lines:
            rec, _, rest = line.partition(",")
            if int(rec) in new_id:
                f.write(f"{new_id[int(rec)]},{rest}\n")


def _read_labels(path: Path) -> list[tuple[int, str]]:
    out = []
    for line in path.read_text().splitlines()[1:]:
        rec, _, labels = line.partition(",")
        out.append((int(rec), labels))
    return out


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory(dir=public.parent) as tmp:
        with zipfile.ZipFile(raw / "mlsp_contest_dataset.zip") as zf:
            zf.extractall(tmp)
        _prepare(Path(tmp) / "mlsp_contest_dataset", public, private)


def _prepare(src: Path, public: Path, private: Path) -> None:
    essential, supplemental = src / "essential_data", src / "supplemental_data"
    (public / "essential_data").mkdir()
    (public / "supplemental_data").mkdir()

    folds = pd.read_csv(essential / "CVfolds_2.txt")
    folds = folds[folds["fold"] == 0].reset_index(drop=True)
    folds.loc[folds.sample(frac=0.2, random_state=0).index, "fold"] = 1
    new_id = {int(old): new for new, old in enumerate(folds["rec_id"])}
    folds["rec_id"] = folds.index
    folds.to_csv(public / "essential_data" / "CVfolds_2.txt", index=False)
    test_ids = set(folds.loc[folds["fold"] == 1, "rec_id"])

    filenames = pd.read_csv(essential / "rec_id2filename.txt")
    filenames = filenames[filenames["rec_id"].isin(list(new_id))].copy()
    filenames["rec_id"] = filenames["rec_id"].map(new_id)
    filenames.to_csv(public / "essential_data" / "rec_id2filename.txt", index=False)

    labels = [(new_id[r], lab) for r, lab in _read_labels(essential / "rec_labels_test_hidden.txt") if r in new_id]
    with open(public / "essential_data" / "rec_labels_test_hidden.txt", "w") as f:
        f.write("rec_id,[labels]\n")
        for rec, lab in labels:
            lab = "?" if rec in test_ids else lab
            f.write(f"{rec},{lab}\n" if lab else f"{rec}\n")

    answer_ids, answer_probs = [], []
    for rec, lab in labels:
        if rec in test_ids:
            present = {int(s) for s in lab.split(",") if s != ""}
            answer_ids += [rec * 100 + s for s in range(N_SPECIES)]
            answer_probs += [int(s in present) for s in range(N_SPECIES)]
    pd.DataFrame({"Id": answer_ids, "Probability": answer_probs}).to_csv(private / "answers.csv", index=False)
    sample_ids = [rec * 100 + s for rec in sorted(test_ids) for s in range(N_SPECIES)]
    pd.DataFrame({"Id": sample_ids, "Probability": 0}).to_csv(public / "sample_submission.csv", index=False)

    shutil.copyfile(essential / "species_list.txt", public / "essential_data" / "species_list.txt")
    (public / "essential_data" / "src_wavs").mkdir()
    for folder in SUPPLEMENTAL_BMP_FOLDERS:
        (public / "supplemental_data" / folder).mkdir()
    for name in filenames["filename"]:
        shutil.copyfile(essential / "src_wavs" / f"{name}.wav", public / "essential_data" / "src_wavs" / f"{name}.wav")
        for folder in SUPPLEMENTAL_BMP_FOLDERS:
            bmp = supplemental / folder / f"{name}.bmp"
            if bmp.exists() or folder != "segmentation_examples":  # only some recordings have examples
                shutil.copyfile(bmp, public / "supplemental_data" / folder / f"{name}.bmp")
    for name in ("segment_clusters.bmp", "segment_mosaic.bmp"):
        shutil.copyfile(supplemental / name, public / "supplemental_data" / name)
    for name in FILTERED_TEXT_FILES:
        _filter_rec_file(supplemental / name, public / "supplemental_data" / name, new_id)
