"""osic-pulmonary-fibrosis-progression: v1's patient split, the week grid and the last-three-weeks scoring."""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "osic-pulmonary-fibrosis-progression"
COLUMNS = ["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "test.csv", "train", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == COLUMNS
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == COLUMNS
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(answers.columns) == [*COLUMNS, "Patient_Week", "Confidence"]
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample.columns) == ["Patient_Week", "FVC", "Confidence"]
    assert list(sample["Patient_Week"]) == list(answers["Patient_Week"])
    assert (sample["FVC"] == 2000).all() and (sample["Confidence"] == 100).all()


def test_split_by_patient_and_week_grid(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    patients = sorted(raw["Patient"].unique())
    train_p, test_p = train_test_split(patients, test_size=0.1, random_state=0)
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert list(train["Patient"].unique()) == train_p
    assert list(answers["Patient"].unique()) == test_p and len(test_p) == int(np.ceil(0.1 * len(patients)))
    measured = raw[raw["Patient"].isin(test_p)]
    weeks = range(measured["Weeks"].min(), measured["Weeks"].max() + 1)
    assert len(answers) == len(test_p) * len(weeks)
    assert answers["FVC"].notna().sum() == len(measured)
    assert (answers["Patient_Week"] == answers["Patient"] + "_" + answers["Weeks"].astype(str)).all()
    public_test = pd.read_csv(comp.public_dir / "test.csv")
    first = measured.sort_values("Weeks").groupby("Patient").first().reset_index()
    assert public_test.to_dict("records") == first.to_dict("records")
    assert sorted(p.name for p in (comp.public_dir / "test").iterdir()) == sorted(test_p)
    assert sorted(p.name for p in (comp.public_dir / "train").iterdir()) == sorted(train_p)
    for p in test_p:
        for scan in (prepared.raw_root / CID / "train" / p).iterdir():
            assert (comp.public_dir / "test" / p / scan.name).read_bytes() == scan.read_bytes()


def _answers():
    rows = []
    for patient, fvc in (("A", [3000, np.nan, 2900, 2800, np.nan, 2700]), ("B", [np.nan, 2000, 1900, np.nan, np.nan, 1800])):
        for week, v in zip(range(-1, 5), fvc):
            rows.append((patient, week, v, f"{patient}_{week}", 100))
    return pd.DataFrame(rows, columns=["Patient", "Weeks", "FVC", "Patient_Week", "Confidence"])


def test_hand_checked_score(comp):
    answers = _answers()
    sub = answers[["Patient_Week"]].assign(FVC=2000.0, Confidence=100.0)
    sub.loc[sub["Patient_Week"] == "A_1", ["FVC", "Confidence"]] = [2900.0, 50.0]  # exact, sigma clipped to 70
    sub.loc[sub["Patient_Week"] == "A_-1", "FVC"] = -5000.0  # A's first visit is not among its last three
    # scored: A_1 (delta 0, sigma 70), A_2 (delta 800), A_4 (delta 700), B_0 (0), B_1 (100), B_4 (200)
    s2 = np.sqrt(2)
    expected = np.mean(
        [-np.log(s2 * 70)] + [-s2 * d / 100 - np.log(s2 * 100) for d in (800, 700, 0, 100, 200)]
    )
    shuffled = sub.sample(frac=1, random_state=3)
    assert comp.grader.grade(shuffled, answers).score == pytest.approx(expected, abs=1e-5)
    # errors above 1000 count as 1000
    far = sub.assign(FVC=-1e6, Confidence=100.0)
    assert comp.grader.grade(far, answers).score == pytest.approx(-s2 * 10 - np.log(s2 * 100), abs=1e-5)


def test_missing_rows_and_blank_confidence_are_invalid(comp):
    answers = _answers()
    sub = answers[["Patient_Week"]].assign(FVC=2000.0, Confidence=100.0)
    only_scored = sub[sub["Patient_Week"].isin(["A_1", "A_2", "A_4", "B_0", "B_1", "B_4"])]
    result = comp.grader.grade(only_scored, answers)  # v1 graded this
    assert result.score is None and "missing" in result.invalid_reason
    blank = sub.assign(Confidence=[np.nan] + [100.0] * (len(sub) - 1))
    result = comp.grader.grade(blank, answers)  # v1 filled it with 0
    assert result.score is None and "Confidence" in result.invalid_reason
