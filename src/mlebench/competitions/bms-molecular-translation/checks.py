"""bms-molecular-translation: v1's 80/20 split, three-level image folders, mean Levenshtein by image_id."""


import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "bms-molecular-translation"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "extra_approved_InChIs.csv", "sample_submission.csv", "test", "train", "train_labels.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    labelled = pd.read_csv(raw / "train_labels.csv")
    expected_train, expected_test = train_test_split(labelled, test_size=0.2, random_state=0)
    train = pd.read_csv(comp.public_dir / "train_labels.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert len(answers) == 8 and len(train) == 32
    assert train.equals(expected_train.reset_index(drop=True))
    assert answers.equals(expected_test.reset_index(drop=True))
    assert list(sample.columns) == ["image_id", "InChI"] and list(sample["image_id"]) == list(answers["image_id"])
    assert (sample["InChI"] == "InChI=1S/H2O/h1H2").all()
    assert (comp.public_dir / "extra_approved_InChIs.csv").read_bytes() == (raw / "extra_approved_InChIs.csv").read_bytes()
    for folder, rows in (("train", train), ("test", answers)):
        files = sorted(p.relative_to(comp.public_dir / folder).as_posix() for p in (comp.public_dir / folder).rglob("*.png"))
        assert files == sorted(f"{i[0]}/{i[1]}/{i[2]}/{i}.png" for i in rows["image_id"])
    i = answers["image_id"][0]
    rel = f"{i[0]}/{i[1]}/{i[2]}/{i}.png"
    assert (comp.public_dir / "test" / rel).read_bytes() == (raw / "train" / rel).read_bytes()


def test_zipped_image_folder_prepares_the_same(comp, prepared, tmp_path, assert_zipped_folder_prepares_the_same):
    assert_zipped_folder_prepares_the_same(comp, prepared, tmp_path, "train")


def test_hand_checked_mean_levenshtein(comp):
    answers = pd.DataFrame({"image_id": ["aaa000000001", "bbb000000002", "ccc000000003", "ddd000000004"],
                            "InChI": ["InChI=1S/CH4/h1H4", "InChI=1S/H2O/h1H2", "InChI=1S/C2H6/c1-2/h1-2H3", "InChI=1S/O2/c1-2"]})
    sub = pd.DataFrame({"image_id": ["ddd000000004", "ccc000000003", "bbb000000002", "aaa000000001"],
                        "InChI": ["InChI=1S/O2/c1-2", "InChI=1S/C2H4/c1-2/h1-2H2", "InChI=1S/H2O/h1H2", "InChI=1S/CH3/h1H3"]})
    # aaa: CH4/h1H4 -> CH3/h1H3: 2 substitutions; ccc: H6 -> H4 and H3 -> H2: 2; others 0. 4 / 4
    assert comp.grader.grade(sub, answers).score == pytest.approx(1.0)


def test_blank_inchi_is_no_prediction(comp):
    """v1 crashed on a blank cell; it is the empty string, at the answer's full length."""
    answers = pd.DataFrame({"image_id": ["aaa000000001", "bbb000000002"], "InChI": ["InChI=1S/H2O/h1H2", "InChI=1S/O2/c1-2"]})
    sub = pd.DataFrame({"image_id": ["aaa000000001", "bbb000000002"], "InChI": [None, "InChI=1S/O2/c1-2"]})
    assert comp.grader.grade(sub, answers).score == pytest.approx(len("InChI=1S/H2O/h1H2") / 2)


def test_duplicated_image_is_invalid(comp):
    answers = pd.DataFrame({"image_id": ["aaa000000001", "bbb000000002"], "InChI": ["InChI=1S/H2O/h1H2", "InChI=1S/O2/c1-2"]})
    sub = pd.DataFrame({"image_id": ["aaa000000001", "aaa000000001"], "InChI": ["InChI=1S/H2O/h1H2", "x"]})
    result = comp.grader.grade(sub, answers)
    assert result.score is None and "duplicate" in result.invalid_reason.lower()
