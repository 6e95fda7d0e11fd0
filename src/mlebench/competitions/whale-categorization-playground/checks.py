"""whale-categorization-playground: v1's whale-aware split, files and MAP@5."""

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

CID = "whale-categorization-playground"


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train.csv"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = pd.read_csv(prepared.raw_root / CID / "train.csv")
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(train.columns) == list(answers.columns) == list(sample.columns) == ["Image", "Id"]
    assert list(sample["Image"]) == list(answers["Image"])
    assert (sample["Id"] == "new_whale w_1287fbc w_98baff9 w_7554f44 w_1eafe46").all()
    assert len(train) + len(answers) == len(raw) and set(train["Image"]).isdisjoint(answers["Image"])
    # every whale with two or more images is on both sides; a test whale unseen in train is new_whale
    counts = raw["Id"].value_counts()
    assert set(counts[counts >= 2].index) <= set(train["Id"])
    assert set(answers["Id"]) - {"new_whale"} <= set(train["Id"])
    truth = raw.set_index("Image")["Id"]
    relabelled = answers[answers["Id"] != truth[answers["Image"]].to_numpy()]
    assert (relabelled["Id"] == "new_whale").all()
    assert sorted(p.name for p in (comp.public_dir / "test").iterdir()) == sorted(answers["Image"])


def test_split_reproduces_v1s_row_by_row_loop(comp):
    """The groupby loop assigns exactly what v1's filter-per-whale loop does (same draws, same order)."""
    rng = np.random.default_rng(5)
    table = pd.DataFrame({"Image": [f"{i}.jpg" for i in range(80)],
                          "Id": rng.choice(["new_whale"] * 5 + [f"w_{i}" for i in range(30)], 80)})
    ours_train, ours_test = load_competition_module(comp.folder, "prepare").split(table)

    ref = table.copy()
    ref["split"] = "undecided"
    np_rng = np.random.default_rng(0)
    for whale in ref["Id"].unique():
        rows = ref[ref["Id"] == whale]
        if len(rows) >= 2:
            s = rows.sample(2, random_state=0)
            ref.loc[s.index[0], "split"], ref.loc[s.index[1], "split"] = "train", "test"
        else:
            ref.loc[rows.index[0], "split"] = np_rng.choice(["train", "test"], replace=False, p=[0.9, 0.1])
    rest = ref[ref["split"] == "undecided"]
    a, b = train_test_split(rest, test_size=0.1, random_state=0)
    ref.loc[a.index, "split"], ref.loc[b.index, "split"] = "train", "test"
    assert list(ours_train.index) == list(ref.index[ref["split"] == "train"])
    assert list(ours_test.index) == list(ref.index[ref["split"] == "test"])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Image": ["a.jpg", "b.jpg", "c.jpg", "d.jpg"],
                            "Id": ["w_1", "new_whale", "w_2", "w_3"]})
    sub = pd.DataFrame({"Image": ["d.jpg", "c.jpg", "b.jpg", "a.jpg"],
                        "Id": [None, "w_9 w_9 w_2", "w_1 new_whale", "w_1 w_2 w_3 w_4 w_5 w_6"]})
    # a: 1, b: 1/2, c: 1/3 (the repeated w_9 still takes a place), d: 0 -> (1 + 1/2 + 1/3) / 4
    assert comp.grader.grade(sub, answers).score == pytest.approx((1 + 1 / 2 + 1 / 3) / 4, abs=1e-5)
    sixth = sub.assign(Id=["w_9 w_8 w_7 w_6 w_5 w_3", "w_2", "new_whale", "w_1"])
    assert comp.grader.grade(sixth, answers).score == pytest.approx(0.75, abs=1e-5)  # d's 6th guess is past k
