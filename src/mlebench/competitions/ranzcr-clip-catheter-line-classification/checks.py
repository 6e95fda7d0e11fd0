"""ranzcr-clip-catheter-line-classification (v1's nine scored columns) and its -v2 (all eleven)."""

import pandas as pd
import pytest

CID = "ranzcr-clip-catheter-line-classification"
ALL = [
    "ETT - Abnormal", "ETT - Borderline", "ETT - Normal", "NGT - Abnormal", "NGT - Borderline",
    "NGT - Incompletely Imaged", "NGT - Normal", "CVC - Abnormal", "CVC - Borderline", "CVC - Normal",
    "Swan Ganz Catheter Present",
]
V1 = ALL[:9]


def test_files_and_columns_match_v1(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train.csv", "train_annotations.csv"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(answers.columns) == ["StudyInstanceUID", *ALL, "PatientID"]
    assert list(sample.columns) == ["StudyInstanceUID", *V1]  # v1's defect, kept in version 1
    assert (sample[V1] == 0).all().all()
    assert list(sample["StudyInstanceUID"]) == list(answers["StudyInstanceUID"])


def test_split_images_and_annotations(comp, prepared):
    raw = prepared.raw_root / CID
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(answers) == 8 and len(train) == 72  # 10% of 80
    assert not set(train["StudyInstanceUID"]) & set(answers["StudyInstanceUID"])
    assert sorted(p.stem for p in (comp.public_dir / "test").glob("*.jpg")) == sorted(answers["StudyInstanceUID"])
    assert sorted(p.stem for p in (comp.public_dir / "train").glob("*.jpg")) == sorted(train["StudyInstanceUID"])
    for uid in answers["StudyInstanceUID"]:
        assert (comp.public_dir / "test" / f"{uid}.jpg").read_bytes() == (raw / "train" / f"{uid}.jpg").read_bytes()
    ann = pd.read_csv(comp.public_dir / "train_annotations.csv")
    raw_ann = pd.read_csv(raw / "train_annotations.csv")
    assert set(ann["StudyInstanceUID"]) <= set(train["StudyInstanceUID"])
    assert len(ann) == raw_ann["StudyInstanceUID"].isin(train["StudyInstanceUID"]).sum()


def _answers():
    ans = pd.DataFrame({"StudyInstanceUID": ["u1", "u2", "u3", "u4"], "PatientID": ["p"] * 4})
    for c in ALL:
        ans[c] = [1, 0, 1, 0]
    return ans


def test_v1_scores_nine_columns_and_ignores_the_other_two(comp):
    ans = _answers()
    sub = pd.DataFrame({"StudyInstanceUID": ["u4", "u3", "u2", "u1"]})
    for c in V1:
        sub[c] = [0.1, 0.9, 0.2, 0.8]  # perfect ranking
    sub["ETT - Abnormal"] = [0.1, 0.3, 0.5, 0.8]  # positives 0.8, 0.3; negatives 0.5, 0.1 -> 0.75
    assert comp.grader(sub, ans) == pytest.approx(round((8 * 1.0 + 0.75) / 9, 5))
    with_two = sub.assign(**{"CVC - Normal": [0.9, 0.1, 0.9, 0.1], "Swan Ganz Catheter Present": 0.5})
    assert comp.grader(with_two, ans) == comp.grader(sub, ans)
    assert comp.grader.grade(sub.assign(PatientID="p"), ans).score is None  # any other column is invalid
    assert "[0, 1]" in comp.grader.grade(sub.assign(**{"ETT - Normal": 2.0}), ans).invalid_reason


def test_v2_files_same_split_full_sample(comp, prepared):
    comp2 = prepared.get(CID + "-v2")
    for name in ("train.csv", "train_annotations.csv"):
        assert (comp.public_dir / name).read_bytes() == (comp2.public_dir / name).read_bytes()
    assert (comp.private_dir / "test.csv").read_bytes() == (comp2.private_dir / "test.csv").read_bytes()
    sample = pd.read_csv(comp2.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["StudyInstanceUID", *ALL]
    assert comp2.version == 2 and comp2.config.kaggle_id == CID


def test_v2_scores_all_eleven_columns(prepared):
    comp2 = prepared.get(CID + "-v2")
    ans = _answers()
    sub = pd.DataFrame({"StudyInstanceUID": ["u4", "u3", "u2", "u1"]})
    for c in ALL:
        sub[c] = [0.1, 0.9, 0.2, 0.8]
    sub["Swan Ganz Catheter Present"] = [0.9, 0.1, 0.8, 0.2]  # inverted -> 0.0
    assert comp2.grader(sub, ans) == pytest.approx(round(10 / 11, 5))
    assert comp2.grader.grade(sub.drop(columns=["CVC - Normal"]), ans).score is None


def test_v2_is_not_in_the_lite_split():
    from mlebench.registry import registry

    lite = registry.get_lite_competition_ids()
    assert CID in lite and CID + "-v2" not in lite
