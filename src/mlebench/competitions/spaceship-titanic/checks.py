"""spaceship-titanic: v1's prepared files, split and grading.

Run by tests/competitions/test_competition_checks.py with the `comp` (this competition, prepared
from fixture.py) and any pytest fixture a check names."""

import pandas as pd
import pytest

CID = "spaceship-titanic"
FEATURES = ["PassengerId", "HomePlanet", "CryoSleep", "Cabin", "Destination", "Age", "VIP",
            "RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck", "Name"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert list(pd.read_csv(comp.public_dir / "train.csv").columns) == [*FEATURES, "Transported"]
    assert list(pd.read_csv(comp.public_dir / "test.csv").columns) == FEATURES
    assert list(pd.read_csv(comp.private_dir / "test.csv").columns) == [*FEATURES, "Transported"]
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype=str)
    assert list(sample.columns) == ["PassengerId", "Transported"] and (sample["Transported"] == "False").all()


def test_split_is_a_tenth_and_rows_are_copied_unchanged(comp, prepared):
    raw = (prepared.raw_root / CID / "train.csv").read_text().splitlines()
    train = (comp.public_dir / "train.csv").read_text().splitlines()
    answers = (comp.private_dir / "test.csv").read_text().splitlines()
    assert train[0] == answers[0] == raw[0]
    assert len(answers) - 1 == round(0.1 * (len(raw) - 1))
    # every raw row lands, byte for byte, in exactly one of the two files (blanks, 39.0 floats kept)
    assert sorted(train[1:] + answers[1:]) == sorted(raw[1:])
    test_ids = pd.read_csv(comp.public_dir / "test.csv")["PassengerId"]
    assert list(test_ids) == list(pd.read_csv(comp.private_dir / "test.csv")["PassengerId"])
    assert list(test_ids) == list(pd.read_csv(comp.public_dir / "sample_submission.csv")["PassengerId"])


def test_same_split_as_scikit_learn_with_seed_0(comp, prepared):
    from sklearn.model_selection import train_test_split

    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    _, test = train_test_split(raw, test_size=0.1, random_state=0)
    assert list(pd.read_csv(comp.private_dir / "test.csv")["PassengerId"]) == list(test["PassengerId"])


ANSWERS = pd.DataFrame({"PassengerId": ["0001_01", "0002_01", "0003_01", "0003_02"],
                        "Transported": ["True", "False", "True", "False"]})


@pytest.mark.parametrize("preds", [
    ["True", "True", "False", "False"],
    ["true", "TRUE", "false", "FALSE"],
    [True, True, False, False],
    [1, 1, 0, 0],
    [1.0, 1.0, 0.0, 0.0],
])
def test_hand_checked_score_in_every_spelling_v1_reads(comp, preds):
    # reversed row order: predictions for 0003_02, 0003_01, 0002_01, 0001_01 -> F, F, T, T
    sub = pd.DataFrame({"PassengerId": ANSWERS["PassengerId"][::-1].tolist(), "Transported": preds})
    # 0001_01 T=T right, 0002_01 T!=F wrong, 0003_01 F!=T wrong, 0003_02 F=F right -> 2/4
    assert comp.grader.grade(sub, ANSWERS).score == pytest.approx(0.5)


@pytest.mark.parametrize("bad", [["yes", "no", "yes", "no"], [2, 0, 1, 0], ["True", "False", "maybe", "True"]])
def test_values_other_than_true_or_false_are_invalid(comp, bad):
    result = comp.grader.grade(pd.DataFrame({"PassengerId": ANSWERS["PassengerId"], "Transported": bad}), ANSWERS)
    assert result.score is None and "True or False" in result.invalid_reason


def test_submission_file_written_by_pandas_grades_perfectly(comp, tmp_path):
    from mlebench.grading.core import grade_file

    answers = pd.read_csv(comp.private_dir / "test.csv")
    path = tmp_path / "submission.csv"
    answers[["PassengerId", "Transported"]].to_csv(path, index=False)
    assert grade_file(path, comp).score == 1.0
    answers[["PassengerId"]].assign(Transported=answers["Transported"].astype(int)).to_csv(path, index=False)
    assert grade_file(path, comp).score == 1.0
