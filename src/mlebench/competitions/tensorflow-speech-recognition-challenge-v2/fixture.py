"""tensorflow-speech-recognition-challenge-v2 is prepared from the same Kaggle download as version 1."""

from pathlib import Path

from mlebench.registry import load_competition_module

make_raw = load_competition_module(
    Path(__file__).resolve().parent.parent / "tensorflow-speech-recognition-challenge", "fixture"
).make_raw
