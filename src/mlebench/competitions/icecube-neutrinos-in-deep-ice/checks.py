"""icecube-neutrinos-in-deep-ice: v1's batch split, the prepared tables and mean angular error."""

from pathlib import Path
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "icecube-neutrinos-in-deep-ice"


def test_split_by_batch_and_files(comp, prepared):
    raw = prepared.raw_root / CID
    meta = pd.read_parquet(raw / "train_meta.parquet")
    train_b, test_b = train_test_split(meta["batch_id"].unique(), test_size=0.1, random_state=0)
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "sensor_geometry.csv", "test", "test_meta.parquet", "train",
        "train_meta.parquet",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_parquet(comp.public_dir / "train_meta.parquet")
    test = pd.read_parquet(comp.public_dir / "test_meta.parquet")
    expected_train = meta[meta["batch_id"].isin(train_b)].reset_index(drop=True)
    expected_test = meta[meta["batch_id"].isin(test_b)].reset_index(drop=True)
    pd.testing.assert_frame_equal(train, expected_train)
    pd.testing.assert_frame_equal(test, expected_test.drop(columns=["azimuth", "zenith"]))
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == ["event_id", "azimuth", "zenith"]
    np.testing.assert_array_equal(answers.to_numpy(), expected_test[["event_id", "azimuth", "zenith"]].to_numpy())
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample["event_id"]) == list(answers["event_id"]) and (sample[["azimuth", "zenith"]] == 1).all().all()
    assert sorted(p.name for p in (comp.public_dir / "test").iterdir()) == sorted(f"batch_{b}.parquet" for b in test_b)
    assert sorted(p.name for p in (comp.public_dir / "train").iterdir()) == sorted(f"batch_{b}.parquet" for b in train_b)
    for b in test_b:
        assert (comp.public_dir / "test" / f"batch_{b}.parquet").read_bytes() == (raw / "train" / f"batch_{b}.parquet").read_bytes()
    assert (comp.public_dir / "sensor_geometry.csv").read_bytes() == (raw / "sensor_geometry.csv").read_bytes()


def test_metadata_is_streamed_in_record_batches(comp, prepared, tmp_path, monkeypatch):
    from mlebench.registry import load_competition_module

    prepare = load_competition_module(comp.folder, "prepare")
    monkeypatch.setattr(prepare, "ROWS", 5)  # many small record batches give the same files
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    prepare.prepare(prepared.raw_root / CID, tmp_path / "public", tmp_path / "private")
    for name in ("private/test.csv", "public/sample_submission.csv"):
        assert (tmp_path / name).read_bytes() == (comp.prepared_dir / name).read_bytes()
    for name in ("train_meta.parquet", "test_meta.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "public" / name), pd.read_parquet(comp.public_dir / name))


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"event_id": [10, 20, 30], "azimuth": [0.0, 0.0, 1.0], "zenith": [0.0, np.pi / 2, 1.0]})
    sub = pd.DataFrame({"event_id": [30, 10, 20], "azimuth": [1.0, 2.0, np.pi], "zenith": [1.0, np.pi / 2, np.pi / 2]})
    # 10: pole vs equator pi/2; 20: opposite points of the equator pi; 30: exact 0
    assert comp.grader.grade(sub, answers).score == pytest.approx(np.pi / 2, abs=1e-5)


def test_prepare_streams_raw_files_larger_than_its_memory_cap(tmp_path, assert_media_copied_under_memory_cap):
    """The pulse batches hold 160 MiB, the prepare 48 MiB of headroom: they are copied file by file."""
    assert_media_copied_under_memory_cap(Path(__file__).resolve().parent, tmp_path, "train/*.parquet", "*/*.parquet")  # train/ and test/, not the meta tables
