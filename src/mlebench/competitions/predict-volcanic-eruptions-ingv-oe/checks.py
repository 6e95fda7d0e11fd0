"""predict-volcanic-eruptions-ingv-oe: v1's 90/10 split, segment files, integer MAE by segment_id."""

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "predict-volcanic-eruptions-ingv-oe"


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    expected_train, expected_test = train_test_split(raw, test_size=0.1, random_state=0)
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert len(answers) == 4 and len(train) == 36
    assert train.equals(expected_train.reset_index(drop=True))
    assert answers.equals(expected_test.reset_index(drop=True))
    assert list(sample.columns) == ["segment_id", "time_to_eruption"]
    assert list(sample["segment_id"]) == list(answers["segment_id"]) and (sample["time_to_eruption"] == 0).all()
    for folder, rows in (("train", train), ("test", answers)):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(f"{i}.csv" for i in rows["segment_id"])
        for i in rows["segment_id"][:3]:
            assert (comp.public_dir / folder / f"{i}.csv").read_bytes() == (prepared.raw_root / CID / "train" / f"{i}.csv").read_bytes()
    # segment files hold readings only, never the target
    assert list(pd.read_csv(next((comp.public_dir / "test").iterdir())).columns) == [f"sensor_{k}" for k in range(1, 11)]


def test_zipped_segment_folder_prepares_the_same(comp, prepared, tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(prepared.raw_root / CID, raw)
    shutil.make_archive(str(raw / "train"), "zip", raw, "train")
    shutil.rmtree(raw / "train")
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    comp.prepare_fn(raw=raw, public=tmp_path / "public", private=tmp_path / "private")
    for rel in ["private/test.csv", "public/train.csv", "public/sample_submission.csv"]:
        assert (tmp_path / rel).read_bytes() == (comp.prepared_dir / rel).read_bytes()
    assert sorted(p.name for p in (tmp_path / "public" / "test").iterdir()) == sorted(
        p.name for p in (comp.public_dir / "test").iterdir())


def test_hand_checked_score_is_rounded_to_an_integer(comp):
    answers = pd.DataFrame({"segment_id": [11, 22, 33, 44], "time_to_eruption": [100, 200, 300, 400]})
    sub = pd.DataFrame({"segment_id": [44, 33, 22, 11], "time_to_eruption": [400.0, 301.0, 203.0, 90.5]})
    # |100 - 90.5| + |200 - 203| + |300 - 301| + 0 = 13.5; / 4 = 3.375 -> 3
    assert comp.grader.grade(sub, answers).score == 3
    assert comp.grader.grade(sub.assign(time_to_eruption=[400.0, 301.0, 203.0, 88.0]), answers).score == 4  # 3.75


def test_duplicated_segment_is_invalid_not_counted_twice(comp):
    """v1 merged a duplicated id twice and averaged over five rows; a duplicate is now invalid."""
    answers = pd.DataFrame({"segment_id": [11, 22, 33, 44], "time_to_eruption": [100, 200, 300, 400]})
    sub = pd.DataFrame({"segment_id": [11, 11, 22, 33, 44], "time_to_eruption": [100.0, 9000.0, 200, 300, 400]})
    result = comp.grader.grade(sub, answers)
    assert result.score is None and "duplicate" in result.invalid_reason.lower()


@pytest.mark.parametrize("bad", ["soon", None])
def test_non_numeric_prediction_is_invalid(comp, bad):
    answers = pd.DataFrame({"segment_id": [11, 22], "time_to_eruption": [100, 200]})
    sub = pd.DataFrame({"segment_id": [11, 22], "time_to_eruption": [100, bad]})
    assert comp.grader.grade(sub, answers).score is None
