"""hms-harmful-brain-activity-classification: v1's split by spectrogram, copied parquet files and
the KL divergence over rows that may share an eeg_id."""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "hms-harmful-brain-activity-classification"
VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def test_prepared_files_are_v1s(comp, prepared):
    raw = prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "example_figures", "sample_submission.csv", "test.csv", "test_eegs",
        "test_spectrograms", "train.csv", "train_eegs", "train_spectrograms"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "test.csv"]
    labelled = pd.read_csv(raw / "train.csv")
    _, test_spectrograms = train_test_split(labelled["spectrogram_id"].unique(), test_size=0.1, random_state=0)
    train = pd.read_csv(comp.public_dir / "train.csv")
    answers = pd.read_csv(comp.private_dir / "test.csv")
    assert answers.equals(labelled[labelled["spectrogram_id"].isin(test_spectrograms)].reset_index(drop=True))
    assert len(train) + len(answers) == len(labelled) and len(set(answers["spectrogram_id"])) == 3
    assert answers["eeg_id"].duplicated().any()  # the fixture has EEGs with several labelled windows
    public_test = pd.read_csv(comp.public_dir / "test.csv")
    assert list(public_test.columns) == ["spectrogram_id", "eeg_id", "patient_id"]
    assert list(public_test["eeg_id"]) == list(answers["eeg_id"])
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv")
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv")
    assert list(gold.columns) == list(sample.columns) == ["eeg_id", *VOTES]
    assert np.allclose(gold[VOTES].sum(axis=1), 1) and np.allclose(sample[VOTES], 1 / 6)
    for folder, ids in (("train_eegs", train["eeg_id"]), ("test_eegs", answers["eeg_id"]),
                        ("train_spectrograms", train["spectrogram_id"]), ("test_spectrograms", answers["spectrogram_id"])):
        assert sorted(p.name for p in (comp.public_dir / folder).iterdir()) == sorted(f"{i}.parquet" for i in set(ids))
    i = answers["eeg_id"][0]
    assert (comp.public_dir / "test_eegs" / f"{i}.parquet").read_bytes() == (raw / "train_eegs" / f"{i}.parquet").read_bytes()
    assert sorted(p.name for p in (comp.public_dir / "example_figures").iterdir()) == ["Sample01.png", "Sample02.png"]


def _answers():
    return pd.DataFrame({"eeg_id": [7, 7, 9], "seizure_vote": [3, 0, 1], "lpd_vote": [0, 2, 1],
                         "gpd_vote": 0, "lrda_vote": 0, "grda_vote": 0, "other_vote": [1, 2, 0]})


def _sub(rows):
    return pd.DataFrame([[i, *p] for i, p in rows], columns=["eeg_id", *VOTES])


def test_hand_checked_kl_divergence(comp):
    answers = _answers()  # probabilities: 7 -> (.75, 0, ..., .25) and (0, .5, ..., .5); 9 -> (.5, .5, 0, ...)
    sub = _sub([(9, [0.25, 0.75, 0, 0, 0, 0]), (7, [0.5, 0, 0, 0, 0, 0.5]), (7, [0, 0.5, 0, 0, 0, 0.5])])
    # eeg 9: .5 ln(.5/.25) + .5 ln(.5/.75) = .5 ln(4/3); eeg 7, window (.75, .25) vs (.5, .5):
    # .75 ln 1.5 + .25 ln .5; the other window is exact
    expected = (0.5 * math.log(4 / 3) + 0.75 * math.log(1.5) + 0.25 * math.log(0.5)) / 3
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)
    # the rows of eeg 7 are paired by value, so their order does not matter
    assert comp.grader.grade(sub.iloc[[0, 2, 1]], answers).score == pytest.approx(expected, abs=1e-5)


def test_one_prediction_per_eeg_scores_as_v1(comp):
    answers = _answers()
    p7, p9 = [0.4, 0.2, 0.0, 0.0, 0.0, 0.4], [0.5, 0.5, 0, 0, 0, 0]
    sub = _sub([(7, p7), (7, p7), (9, p9)])
    # v1: 7 -> .75 ln(.75/.4) + .25 ln(.25/.4); .5 ln(.5/.2) + .5 ln(.5/.4); 9 exact
    expected = (0.75 * math.log(0.75 / 0.4) + 0.25 * math.log(0.25 / 0.4) + 0.5 * math.log(2.5) + 0.5 * math.log(1.25)) / 3
    assert comp.grader.grade(sub, answers).score == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("rows, words", [
    ([(7, [1, 0, 0, 0, 0, 0]), (9, [1, 0, 0, 0, 0, 0])], "wrong number of rows"),
    ([(7, [1, 0, 0, 0, 0, 0])] * 3 + [(9, [1, 0, 0, 0, 0, 0])], "wrong number of rows"),
    ([(7, [1, 0, 0, 0, 0, 0])] * 2 + [(8, [1, 0, 0, 0, 0, 0])], "not in the test set"),
    ([(7, [0.5, 0.4, 0, 0, 0, 0])] * 2 + [(9, [1, 0, 0, 0, 0, 0])], "sum to 1"),
    ([(7, [1.5, -0.5, 0, 0, 0, 0])] * 2 + [(9, [1, 0, 0, 0, 0, 0])], "[0, 1]"),
])
def test_v1s_validity_rules(comp, rows, words):
    result = comp.grader.grade(_sub(rows), _answers())
    assert result.score is None and words in result.invalid_reason


def test_rows_summing_to_one_at_five_decimals_are_valid(comp):
    sub = _sub([(7, [0.333333, 0.333333, 0.333333, 0, 0, 0])] * 2 + [(9, [1 / 6] * 6)])
    assert comp.grader.grade(sub, _answers()).score is not None
