"""Raw files laid out like Kaggle's freesound-audio-tagging-2019 download plus Zenodo's test labels
(tiny and synthetic).

Kaggle: ``train_curated.csv`` and ``train_noisy.csv`` (fname, labels: class names joined by
commas), ``sample_submission.csv`` (fname and the 80 classes, all 0), and ``train_curated.zip``,
``train_noisy.zip``, ``test.zip`` holding the clips (8-hex-digit names, ``.wav``, 16-bit mono
44.1 kHz; here a few milliseconds each). Zenodo: ``FSDKaggle2019.meta.zip`` with
``FSDKaggle2019.meta/test_post_competition.csv`` (fname, labels, usage Public/Private,
freesound_id, license); the Private clips are those of ``test.zip`` and the sample.
"""

from __future__ import annotations

import io
import wave
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

CLASSES = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())["submission"]["target_columns"]


def _wav(rng: np.random.Generator) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(rng.integers(-2000, 2000, size=int(rng.integers(60, 120)), dtype=np.int16).astype("<i2").tobytes())
    return buf.getvalue()


def _clips(rng, n: int, classes) -> pd.DataFrame:
    names = [f"{v:08x}.wav" for v in rng.choice(16**8, size=n, replace=False)]
    labels = [",".join(rng.choice(classes, size=int(rng.choice([1, 1, 2, 3])), replace=False)) for _ in range(n)]
    return pd.DataFrame({"fname": names, "labels": labels})


def _zip(path: Path, folder: str, names, rng) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name in names:
            zf.writestr(f"{folder}/{name}" if folder else name, _wav(rng))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(83)
    common = CLASSES[:12]  # a few classes, so that test clips share labels
    curated, noisy = _clips(rng, 10, common), _clips(rng, 10, common)
    private, public_lb = _clips(rng, 12, common), _clips(rng, 4, common)
    curated.to_csv(raw / "train_curated.csv", index=False)
    noisy.to_csv(raw / "train_noisy.csv", index=False)
    pd.concat([private[["fname"]], pd.DataFrame(0, index=private.index, columns=CLASSES)], axis=1).to_csv(
        raw / "sample_submission.csv", index=False
    )
    _zip(raw / "train_curated.zip", "", curated["fname"], rng)
    _zip(raw / "train_noisy.zip", "", noisy["fname"], rng)
    _zip(raw / "test.zip", "", private["fname"], rng)
    meta = pd.concat([public_lb.assign(usage="Public"), private.assign(usage="Private")]).sample(frac=1, random_state=1)
    meta["freesound_id"] = rng.integers(10**4, 10**6, size=len(meta))
    meta["license"] = "CC-BY"
    with zipfile.ZipFile(raw / "FSDKaggle2019.meta.zip", "w") as zf:
        zf.writestr("FSDKaggle2019.meta/test_post_competition.csv", meta.to_csv(index=False))
