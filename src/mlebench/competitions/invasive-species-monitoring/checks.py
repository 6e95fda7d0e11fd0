"""invasive-species-monitoring: v1's split, files and grading (and v1's empty 7z folders)."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import py7zr
import pytest
from sklearn.model_selection import train_test_split

from mlebench.grading import InvalidSubmissionError

CID = "invasive-species-monitoring"


def seven_zip(path) -> dict[str, bytes | None]:
    """Member name -> bytes (None for a folder entry), in archive order."""
    with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(path) as z:
        infos = [(f.filename, f.is_directory) for f in z.list()]
        z.extractall(tmp)
        return {name: None if is_dir else (Path(tmp) / name).read_bytes() for name, is_dir in infos}


def zipped_csv(path, name) -> pd.DataFrame:
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == [name]
        return pd.read_csv(io.BytesIO(zf.read(name)))


def raw_labels(prepared) -> pd.DataFrame:
    return zipped_csv(prepared.raw_root / CID / "train_labels.csv.zip", "train_labels.csv")


def check_common_files(comp, prepared) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Files, split, labels and sample as in v1; returns (train rows, answers)."""
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv.zip", "test.7z", "train.7z", "train_labels.csv.zip"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv", "sample_submission.csv"]
    train, test = train_test_split(raw_labels(prepared), test_size=0.2, random_state=0)
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert len(answers) == 8 and answers.equals(test.reset_index(drop=True))
    assert zipped_csv(comp.public_dir / "train_labels.csv.zip", "train_labels.csv").equals(train.reset_index(drop=True))
    sample = zipped_csv(comp.public_dir / "sample_submission.csv.zip", "sample_submission.csv")
    assert sample.equals(pd.read_csv(comp.private_dir / "sample_submission.csv"))
    assert sample.equals(answers.assign(invasive=0.5))
    return train, answers


def check_extracted_download_prepares_the_same_bytes(comp, prepared, tmp_path):
    """Inner zips and 7z files unpacked by the user give the same files, archives included (fixed
    member timestamps and order make them byte-reproducible)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for p in (prepared.raw_root / CID).iterdir():
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as zf:
                zf.extractall(raw)
        else:
            with py7zr.SevenZipFile(p) as z:
                z.extractall(raw)
    assert (raw / "train_labels.csv").is_file() and (raw / "train" / "1.jpg").is_file()
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for sub in ("public", "private"):
        ours = sorted(p.name for p in (tmp_path / sub).iterdir())
        assert ours == sorted(p.name for p in (comp.prepared_dir / sub).iterdir() if p.name != "description.md")
        for name in ours:
            assert (tmp_path / sub / name).read_bytes() == (comp.prepared_dir / sub / name).read_bytes(), name


def check_hand_computed_score(comp):
    answers = pd.DataFrame({"name": [1, 2, 3, 4], "invasive": [1, 0, 1, 0]})
    sub = pd.DataFrame({"name": [4, 3, 2, 1], "invasive": [0.1, 0.15, 0.2, 0.9]})
    # positive/negative pairs ranked right: (1,2) (1,4) (3,4); (3,2) wrong -> 3/4
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.75)
    with pytest.raises(InvalidSubmissionError):
        comp.grader.grade_fn(sub.assign(invasive=[0.1, 0.2, 1.5, 0.3]), answers)
    with pytest.raises(InvalidSubmissionError):
        comp.grader.grade_fn(sub.assign(name=[4, 3, 2, 2]), answers)


def test_files_split_and_sample_follow_v1(comp, prepared):
    check_common_files(comp, prepared)


def test_7z_archives_hold_v1s_empty_folder_entry(comp):
    assert seven_zip(comp.public_dir / "train.7z") == {"train": None}
    assert seven_zip(comp.public_dir / "test.7z") == {"test": None}


def test_extracted_download_prepares_the_same_bytes(comp, prepared, tmp_path):
    check_extracted_download_prepares_the_same_bytes(comp, prepared, tmp_path)


def test_hand_computed_score(comp):
    check_hand_computed_score(comp)
