"""tensorflow-speech-recognition-challenge-v2: speaker-disjoint split, answers among the 12 labels."""

from pathlib import Path

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

_v1 = load_competition_module(Path(__file__).resolve().parent.parent / "tensorflow-speech-recognition-challenge", "checks")
LABELS = {*_v1.COMMANDS, "silence", "unknown"}


def _speaker(name: str) -> str | None:
    return name.split("_nohash_")[0] if "_nohash_" in name else None


def test_layout_and_sample_follow_v1(comp):
    _v1.check_layout(comp)


def test_split_is_by_speaker_and_answers_are_the_12_labels(comp, prepared):
    clips = _v1.raw_clips(prepared)
    speakers = sorted({_speaker(name) for _, name, _ in clips} - {None})
    _, held_out = train_test_split(speakers, test_size=0.1, random_state=0)
    answers = _v1.check_layout(comp)
    train = _v1.public_train(comp)
    # every clip of a held-out speaker is a test clip, every other clip (noise included) is in train, unchanged
    expected_train = {(label, name): data for label, name, data in clips if _speaker(name) not in held_out}
    assert train == expected_train and ("_background_noise_", "white_noise.wav") in train
    assert {_speaker(name) for _, name in train}.isdisjoint(held_out)
    test_clips = {data: label for label, name, data in clips if _speaker(name) in held_out}
    assert len(answers) == len(test_clips) > 0
    for fname, label in zip(answers["fname"], answers["label"]):
        raw_label = test_clips[(comp.public_dir / "test" / "audio" / fname).read_bytes()]
        assert label == (raw_label if raw_label in _v1.COMMANDS else "unknown")
    assert set(answers["label"]) <= LABELS and "unknown" in set(answers["label"])


def test_test_clips_are_shuffled_not_grouped_by_label(comp):
    labels = list(pd.read_csv(comp.private_dir / "test.csv")["label"])
    assert labels != sorted(labels)


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path):
    _v1.check_extracted_download_prepares_the_same(comp, prepared, tmp_path)


def test_hand_computed_score(comp):
    answers = pd.DataFrame({"fname": ["clip_0.wav", "clip_1.wav", "clip_2.wav"], "label": ["yes", "unknown", "go"]})
    sub = pd.DataFrame({"fname": ["clip_2.wav", "clip_1.wav", "clip_0.wav"], "label": ["stop", "unknown", "yes"]})
    # clip_0 and clip_1 right, clip_2 wrong -> 2/3
    assert comp.grader.grade(sub, answers).score == pytest.approx(2 / 3, abs=1e-5)
