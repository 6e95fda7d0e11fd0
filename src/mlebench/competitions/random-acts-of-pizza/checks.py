"""random-acts-of-pizza (v1 layout, leak kept) and random-acts-of-pizza-v2 (leak removed)."""

import json
import zipfile

import pandas as pd
import pytest

from mlebench.registry import registry

V1, V2 = "random-acts-of-pizza", "random-acts-of-pizza-v2"
ID, TARGET = "request_id", "requester_received_pizza"


def _json(path):
    return json.loads(path.read_text())


@pytest.mark.parametrize("version", [V1, V2])
def test_files_and_columns_match_v1(version, prepared):
    comp = prepared.get(version)
    raw = prepared.raw_root / comp.id
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sampleSubmission.csv", "test.json", "test.zip", "train.json", "train.zip"
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    answers = pd.read_csv(comp.private_dir / "test.csv")
    sample = pd.read_csv(comp.public_dir / "sampleSubmission.csv")
    test = _json(comp.public_dir / "test.json")
    assert list(answers.columns) == list(sample.columns) == [ID, TARGET]
    assert (sample[TARGET] == 0).all() and set(answers[TARGET]) == {0, 1}
    assert list(sample[ID]) == list(answers[ID]) == [r[ID] for r in test]
    for stem in ("train", "test"):
        with zipfile.ZipFile(comp.public_dir / f"{stem}.zip") as zf:
            assert zf.read(f"{stem}.json") == (comp.public_dir / f"{stem}.json").read_bytes()
    kaggle_test_fields = list(_json(raw / "test.json")[0])
    expected = kaggle_test_fields if comp.id == V1 else [k for k in kaggle_test_fields if k != "giver_username_if_known"]
    assert all(list(r) == expected for r in test)
    assert TARGET not in expected


@pytest.mark.parametrize("version", [V1, V2])
def test_split_uses_kaggles_test_share(version, prepared):
    comp = prepared.get(version)
    raw = prepared.raw_root / comp.id
    n_train, n_test = len(_json(raw / "train.json")), len(_json(raw / "test.json"))
    train = _json(comp.public_dir / "train.json")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert len(train) + len(answers) == n_train
    assert abs(len(answers) - n_train * n_test / (n_train + n_test)) < 1
    assert set(r[ID] for r in train).isdisjoint(answers[ID])
    outcome = {r[ID]: int(r[TARGET]) for r in _json(raw / "train.json")}
    assert [outcome[i] for i in answers[ID]] == list(answers[TARGET])


def test_both_versions_share_split_and_answers(prepared):
    a, b = prepared.get(V1), prepared.get(V2)
    assert (a.private_dir / "test.csv").read_bytes() == (b.private_dir / "test.csv").read_bytes()
    assert [r[ID] for r in _json(a.public_dir / "train.json")] == [r[ID] for r in _json(b.public_dir / "train.json")]


def test_v1_keeps_the_leak_and_v2_removes_it(prepared):
    v1, v2 = prepared.get(V1), prepared.get(V2)
    answers = pd.read_csv(v1.private_dir / "test.csv").set_index(ID)[TARGET]
    leaky = {r[ID]: r["giver_username_if_known"] != "N/A" for r in _json(v1.public_dir / "test.json")}
    # in the synthetic data, as in Kaggle's, a known giver means the request succeeded
    assert all(answers[i] == 1 for i, known in leaky.items() if known) and any(leaky.values())
    for name in ("train.json", "test.json"):
        assert all("giver_username_if_known" not in r for r in _json(v2.public_dir / name))
    test_fields = set(_json(v2.public_dir / "test.json")[0])
    assert not {f for f in test_fields if f.endswith("_at_retrieval")}
    assert not test_fields & {"requester_user_flair", "post_was_edited", "request_text", TARGET}


def test_v2_config():
    v1, v2 = registry.get_competition(V1), registry.get_competition(V2)
    assert v2.version == 2 and v2.config.kaggle_id == V1
    assert V2 not in registry.get_split("low") and V1 in registry.get_split("low")
    assert "giver_username_if_known" in v1.config.extra["known_issues"]


@pytest.mark.parametrize("version", [V1, V2])
def test_hand_checked_score(version, prepared):
    comp = prepared.get(version)
    answers = pd.DataFrame({ID: ["t3_a", "t3_b", "t3_c", "t3_d"], TARGET: [0, 0, 1, 1]})
    # positives c=0.35, d=0.8 vs negatives a=0.1, b=0.4: 3 of 4 pairs ranked right
    sub = pd.DataFrame({ID: ["t3_d", "t3_c", "t3_b", "t3_a"], TARGET: [0.8, 0.35, 0.4, 0.1]})
    assert comp.grader(sub, answers) == pytest.approx(0.75)
    bad = comp.grader.grade(sub.assign(**{TARGET: [1.5, 0.35, 0.4, 0.1]}), answers)
    assert bad.score is None and "[0, 1]" in bad.invalid_reason
