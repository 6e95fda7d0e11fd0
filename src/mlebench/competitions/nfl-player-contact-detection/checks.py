"""nfl-player-contact-detection: v1's 90/10 split by play, files, and MCC on 0/1 contacts."""

import math

import numpy as np
import pandas as pd
import pytest

CUT = ["baseline_helmets", "player_tracking", "video_metadata"]


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == sorted(
        ["description.md", "sample_submission.csv", "test", "train", "train_labels.csv"]
        + [f"{s}_{n}.csv" for s in ("train", "test") for n in CUT])
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]


def test_split_by_play(comp, prepared):
    raw = prepared.raw_root / comp.id
    labels = pd.read_csv(raw / "train_labels.csv")
    train = pd.read_csv(comp.public_dir / "train_labels.csv")
    test = pd.read_csv(comp.private_dir / "test.csv")
    assert test["game_play"].nunique() == math.ceil(0.1 * labels["game_play"].nunique()) == 2
    assert set(train["game_play"]).isdisjoint(test["game_play"]) and len(train) + len(test) == len(labels)
    assert list(test.columns) == list(labels.columns) and list(train.columns) == list(labels.columns)
    pd.testing.assert_frame_equal(test.reset_index(drop=True),
                                  labels[labels["game_play"].isin(set(test["game_play"]))].reset_index(drop=True))
    for name in CUT:
        whole = pd.read_csv(raw / f"train_{name}.csv")
        tr, te = (pd.read_csv(comp.public_dir / f"{s}_{name}.csv") for s in ("train", "test"))
        assert set(te["game_play"]) == set(test["game_play"]) and set(tr["game_play"]) == set(train["game_play"])
        assert len(tr) + len(te) == len(whole)
    videos = sorted(p.name for p in (comp.public_dir / "test").iterdir())
    assert videos == sorted(f"{gp}_{v}.mp4" for gp in test["game_play"].unique() for v in ("All29", "Endzone", "Sideline"))
    assert (comp.public_dir / "test" / videos[0]).read_bytes() == (raw / "train" / videos[0]).read_bytes()
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(sample["contact_id"]) == list(test["contact_id"]) and (sample["contact"] == 0).all()


def _answers():
    return pd.DataFrame({"contact_id": ["p_0_1_2", "p_0_1_G", "p_1_1_2", "p_1_2_G", "p_2_1_2"],
                         "game_play": "p", "contact": [1, 1, 0, 0, 0]})


def test_hand_checked_mcc(comp):
    # true 1 1 0 0 0, predicted 1 0 1 0 0 (in the answers' order): TP 1, FN 1, FP 1, TN 2
    # MCC = (1*2 - 1*1) / sqrt(2 * 2 * 3 * 3) = 1/6
    sub = pd.DataFrame({"contact_id": ["p_2_1_2", "p_1_2_G", "p_1_1_2", "p_0_1_G", "p_0_1_2"], "contact": [0, 0, 1, 0, 1]})
    assert comp.grader.grade(sub, _answers()).score == pytest.approx(1 / 6, abs=1e-5)


@pytest.mark.parametrize("bad", [0.5, 2, -1])
def test_contacts_must_be_0_or_1(comp, bad):
    sub = _answers()[["contact_id", "contact"]].astype({"contact": float})
    sub.loc[0, "contact"] = bad
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and "contact" in result.invalid_reason
