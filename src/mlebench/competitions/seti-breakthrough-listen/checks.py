"""seti-breakthrough-listen: v1's 90/10 split, files and AUC."""

from pathlib import Path
import numpy as np
import pandas as pd
import pytest

CID = "seti-breakthrough-listen"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "old_leaky_data", "sample_submission.csv", "test", "train", "train_labels.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    labels = pd.read_csv(raw / "train_labels.csv")
    train = pd.read_csv(comp.public_dir / "train_labels.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert len(answers) == 6 and len(train) == 54
    assert list(sample["id"]) == list(answers["id"]) and (sample["target"] == 0.5).all()
    assert pd.concat([train, answers]).sort_values("id").reset_index(drop=True).equals(
        labels.sort_values("id").reset_index(drop=True))
    for file_id in answers["id"]:
        a = np.load(comp.public_dir / "test" / file_id[0] / f"{file_id}.npy")
        assert a.dtype == np.float16 and np.array_equal(a, np.load(raw / "train" / file_id[0] / f"{file_id}.npy"))
    assert sum(1 for _ in (comp.public_dir / "train").rglob("*.npy")) == 54
    old = sorted(p.relative_to(raw / "old_leaky_data") for p in (raw / "old_leaky_data").rglob("*"))
    assert sorted(p.relative_to(comp.public_dir / "old_leaky_data") for p in (comp.public_dir / "old_leaky_data").rglob("*")) == old


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["a", "b", "c", "d"], "target": [0, 1, 0, 1]})
    sub = pd.DataFrame({"id": ["d", "c", "b", "a"], "target": [0.9, 0.6, 0.4, 0.1]})
    # positive pairs (b, d) vs negatives (a, c): d beats both, b beats a only -> 3/4
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.75)
    assert comp.grader.grade(sub.assign(target=[1.2, 0.6, 0.4, 0.1]), answers).score is None


def test_prepare_streams_raw_files_larger_than_its_memory_cap(tmp_path, assert_media_copied_under_memory_cap):
    """The labelled .npy cadences hold 160 MiB, the prepare 48 MiB of headroom: they are copied file by file."""
    assert_media_copied_under_memory_cap(Path(__file__).resolve().parent, tmp_path, "train/*/*.npy", "*/*/*.npy")  # train/ and test/, not old_leaky_data/
