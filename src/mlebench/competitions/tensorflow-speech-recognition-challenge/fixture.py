"""Raw files laid out like Kaggle's tensorflow-speech-recognition-challenge download (tiny, synthetic).

Only ``train.7z`` is read: ``train/audio/<word>/<speaker>_nohash_<n>.wav`` (8-hex-digit speaker
ids, 16 kHz 16-bit mono; Kaggle's are one second long, here a few milliseconds), the long noise
recordings in ``train/audio/_background_noise_/`` with its ``README.md``, and the text files
``train/LICENSE``, ``train/README.md``, ``train/testing_list.txt``, ``train/validation_list.txt``.
Here the ten command words, three of the twenty other words, and two noise recordings.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import py7zr

COMMANDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
OTHER = ["bed", "bird", "five"]
NOISE = ["white_noise.wav", "running_tap.wav"]


def _wav(rng: np.random.Generator, n: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(rng.integers(-3000, 3000, size=n, dtype=np.int16).astype("<i2").tobytes())
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(64727)
    speakers = [f"{v:08x}" for v in rng.choice(16**8, size=24, replace=False)]
    members: dict[str, bytes] = {}
    for word in COMMANDS + OTHER:
        for speaker in rng.choice(speakers, size=5, replace=False):
            for n in range(int(rng.choice([1, 1, 2]))):
                members[f"train/audio/{word}/{speaker}_nohash_{n}.wav"] = _wav(rng, int(rng.integers(40, 80)))
    for name in NOISE:
        members[f"train/audio/_background_noise_/{name}"] = _wav(rng, 400)
    members["train/audio/_background_noise_/README.md"] = b"Long recordings of background noise.\n"
    wavs = sorted(m[len("train/audio/"):] for m in members if m.endswith("_0.wav"))
    members["train/testing_list.txt"] = "\n".join(wavs[::10]).encode() + b"\n"
    members["train/validation_list.txt"] = "\n".join(wavs[1::10]).encode() + b"\n"
    members["train/LICENSE"] = b"Creative Commons BY 4.0\n"
    members["train/README.md"] = b"Speech Commands Data Set v0.01\n"
    with py7zr.SevenZipFile(raw / "train.7z", "w") as z:
        for name, data in members.items():
            z.writestr(data, name)
