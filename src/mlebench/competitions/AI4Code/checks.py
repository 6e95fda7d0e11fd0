"""AI4Code: v1's ancestry split, prepared files and Kendall tau grading."""

import json

import pandas as pd
import pytest

CID = "AI4Code"


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test", "train", "train_ancestors.csv", "train_orders.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test_orders.csv"]
    answers = pd.read_csv(comp.private_dir / "test_orders.csv", dtype=str)
    n = len(pd.read_csv(raw / "train_ancestors.csv"))
    assert len(answers) == n // 7
    test_ids = sorted(p.stem for p in (comp.public_dir / "test").iterdir())
    train_ids = sorted(p.stem for p in (comp.public_dir / "train").iterdir())
    assert sorted(answers["id"]) == test_ids and not set(test_ids) & set(train_ids)
    assert len(test_ids) + len(train_ids) == n
    for nb in test_ids:
        assert (comp.public_dir / "test" / f"{nb}.json").read_bytes() == (raw / "train" / f"{nb}.json").read_bytes()
    orders = pd.read_csv(raw / "train_orders.csv", dtype=str)
    assert pd.read_csv(comp.public_dir / "train_orders.csv", dtype=str).equals(
        orders[orders["id"].isin(train_ids)].reset_index(drop=True))
    assert answers.equals(orders[orders["id"].isin(test_ids)].reset_index(drop=True))
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype=str)
    assert list(sample["id"]) == list(answers["id"])
    for nb, order in zip(sample["id"], sample["cell_order"]):
        assert order.split() == list(json.loads((raw / "train" / f"{nb}.json").read_text())["cell_type"])


def test_split_keeps_relatives_together(comp, prepared):
    raw = pd.read_csv(prepared.raw_root / CID / "train_ancestors.csv", dtype=str)
    shuffled = raw.sample(frac=1, random_state=0).reset_index(drop=True)
    public = pd.read_csv(comp.public_dir / "train_ancestors.csv", dtype=str)
    test_ids = set(pd.read_csv(comp.private_dir / "test_orders.csv", dtype=str)["id"])
    assert public.equals(shuffled[~shuffled["id"].isin(test_ids)].reset_index(drop=True))
    test_ancestors = set(raw[raw["id"].isin(test_ids)]["ancestor_id"])
    assert not test_ancestors & set(public["ancestor_id"])
    # the greedy fill: whole groups in order of first appearance after the shuffle
    taken = []
    for _, group in shuffled.groupby("ancestor_id", sort=False):
        if len(taken) + len(group) <= len(test_ids):
            taken += list(group["id"])
    assert set(taken) == test_ids


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": ["nb1", "nb2"], "cell_order": ["a b c d", "x y z"]})
    sub = pd.DataFrame({"id": ["nb2", "nb1"], "cell_order": ["x y z", "b a d c"]})
    # nb1: 2 swaps, nb2: 0; worst 4*3 + 3*2 = 18 -> 1 - 4 * 2 / 18
    assert comp.grader.grade(sub, answers).score == pytest.approx(1 - 8 / 18, abs=1e-5)


@pytest.mark.parametrize("order, words", [("a b c", "missing"), ("a b c e", "unknown"), ("a b c c", "missing"), ("a b c d a", "once")])
def test_cell_orders_must_be_permutations(comp, order, words):
    answers = pd.DataFrame({"id": ["nb1", "nb2"], "cell_order": ["a b c d", "x y z"]})
    result = comp.grader.grade(pd.DataFrame({"id": ["nb1", "nb2"], "cell_order": [order, "x y z"]}), answers)
    assert result.score is None and "nb1" in result.invalid_reason and words in result.invalid_reason, result.invalid_reason
