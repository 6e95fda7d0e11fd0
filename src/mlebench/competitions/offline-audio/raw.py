"""Raw files laid out like the-icml-2013-whale-challenge-right-whale-redux's download, scaled down.

``train2.zip`` holds ``train2/<YYYYMMDD>_<HHMMSS>_<sss>s<m>ms_TRAIN<idx>_<label>.wav`` (the label,
0 or 1, is the last part of a training clip's name, as on Kaggle), ``test2.zip`` holds unlabelled
``test2/<...>_Test<idx>.wav`` and ``sampleSubmission.csv`` (``clip,probability``). Clips are
2-second mono 16-bit WAV at 2 kHz (the real data's rate), written with the standard library's
``wave`` module; the labelled clips span four days (v1 trains on two and tests on two), the last
two recorded more densely (600 clips a day against 160) so that the test set can tell close
scores apart.

Noise process (numpy seed 0): every clip is coloured background noise (white noise mixed with
its running sum, at a random level) plus distractors: steady tones (40-600 Hz), down-sweeps,
clicks and short broadband bursts. Every clip draws an up-call: a tone sweeping up from 50-180 Hz
by 40-160 Hz over 0.4-1.0 s, with a smooth envelope, a random start and an amplitude from clearly
audible to buried in the noise; only a positive clip (25%) holds it. Labels are drawn independently
of the day and time in the name.

Ceiling (``ceiling``): the generator knows every part of a clip but its white noise. Given those
parts the call's presence is a known signal in white Gaussian noise, so the likelihood ratio of
the clip under "call" against "no call" is exact, and the posterior it gives (with the 25% prior)
ranks the clips as well as anything can that knows less, such as a model of the audio alone.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit

from mlebench.offline.common import write_csv, write_zip
from mlebench.registry import load_competition_module

RATE, SECONDS = 2000, 2.0
N = int(RATE * SECONDS)
DAYS = ("20090328", "20090329", "20090330", "20090331")
TEST_DAYS = ("20090401",)
CLIPS_PER_DAY, TEST_CLIPS_PER_DAY = (160, 160, 600, 600), 16
POSITIVE_RATE = 0.25


def _sweep(t: np.ndarray, f0: float, f1: float, dur: float) -> np.ndarray:
    """A linear frequency sweep from f0 to f1 Hz over ``dur`` seconds with a Hann envelope."""
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * dur))
    return np.sin(phase) * np.sin(np.pi * t / dur) ** 2


def _place(x: np.ndarray, s: np.ndarray, start: int) -> None:
    end = min(N, start + len(s))
    x[start:end] += s[: end - start]


def clip(r: np.random.Generator, positive: bool) -> tuple[bytes, float]:
    """A WAV clip and the log likelihood ratio of "call" against "no call" that a genie knowing every
    part of it but the white noise would compute (a known signal in white Gaussian noise)."""
    level = r.uniform(0.5, 1.5)
    white = r.normal(0, 1, N) * level
    brown = np.cumsum(r.normal(0, 1, N))
    brown -= np.convolve(brown, np.ones(201) / 201, mode="same")
    x = white + brown / (brown.std() + 1e-9) * r.uniform(0.3, 1.5)
    t_all = np.arange(N) / RATE
    for _ in range(int(r.poisson(1.0))):  # steady tones
        x += r.uniform(0.2, 1.0) * np.sin(2 * np.pi * r.uniform(40, 600) * t_all + r.uniform(0, 6.3))
    for _ in range(int(r.poisson(0.6))):  # down-sweeps
        dur = r.uniform(0.3, 1.0)
        f0 = r.uniform(100, 400)
        t = np.arange(int(dur * RATE)) / RATE
        _place(x, r.uniform(0.5, 2.0) * _sweep(t, f0, f0 - r.uniform(40, 150), dur), int(r.integers(0, N)))
    for _ in range(int(r.poisson(2.0))):  # clicks
        x[int(r.integers(0, N))] += r.choice([-1, 1]) * r.uniform(3, 10)
    for _ in range(int(r.poisson(0.5))):  # broadband bursts
        n = int(r.integers(50, 300))
        _place(x, r.normal(0, r.uniform(1, 3), n) * np.hanning(n), int(r.integers(0, N)))
    dur = r.uniform(0.4, 1.0)  # the up-call, drawn for every clip
    f0 = r.uniform(50, 180)
    t = np.arange(int(dur * RATE)) / RATE
    amp = r.uniform(0.3, 2.5)
    call = np.zeros(N)
    _place(call, amp * _sweep(t, f0, f0 + r.uniform(40, 160), dur), int(r.integers(0, N - len(t) // 2)))
    if positive:
        x += call
    llr = (np.dot(white + positive * call, call) - np.dot(call, call) / 2) / level**2
    pcm = np.clip(x / 12 * 32767, -32768, 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return buf.getvalue(), float(llr)


def _stamps(r: np.random.Generator, day: str, n: int) -> list[str]:
    """Sorted ``<day>_<HHMMSS>_<sss>s<m>ms`` stamps: a quarter-hour file and an offset inside it."""
    quarter = np.sort(r.integers(0, 96, size=n))
    offset_ms = r.integers(0, 900_000, size=n)
    out = []
    for q, ms in sorted(zip(quarter, offset_ms)):
        hh, mm = divmod(int(q) * 15, 60)
        out.append(f"{day}_{hh:02d}{mm:02d}00_{int(ms) // 1000:03d}s{int(ms) % 1000 // 100}ms")
    return out


def _labelled(r: np.random.Generator) -> list[tuple[str, bytes, float]]:
    """The labelled clips, ``(train2/<name>, wav, genie log likelihood ratio)``, day by day."""
    out, idx = [], 0
    for day, count in zip(DAYS, CLIPS_PER_DAY):
        for stamp in _stamps(r, day, count):
            label = int(r.random() < POSITIVE_RATE)
            wav, llr = clip(r, bool(label))
            out.append((f"train2/{stamp}_TRAIN{idx}_{label}.wav", wav, llr))
            idx += 1
    return out


def generate(raw: Path) -> None:
    r = np.random.default_rng(0)
    write_zip(raw / "train2.zip", [(name, wav) for name, wav, _ in _labelled(r)])
    test = []
    for day in TEST_DAYS:  # Kaggle's unlabelled test clips; like v1 we never use them for grading
        for k, stamp in enumerate(_stamps(r, day, TEST_CLIPS_PER_DAY)):
            test.append((f"test2/{stamp}_Test{k}.wav", clip(r, bool(r.random() < POSITIVE_RATE))[0]))
    write_zip(raw / "test2.zip", test)
    write_csv(pd.DataFrame({"clip": [Path(n).name for n, _ in test], "probability": 0}), raw / "sampleSubmission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The genie's posterior probability of a call in each test clip (see the module's docstring)."""
    clips = _labelled(np.random.default_rng(0))
    llr = {Path(name).name: value for name, _, value in clips}
    _, test = load_competition_module(Path(__file__).resolve().parent, "prepare").split(list(llr))
    prior = np.log(POSITIVE_RATE / (1 - POSITIVE_RATE))
    posterior = {new: expit(llr[old] + prior) for old, new in test}
    return pd.DataFrame({"clip": answers["clip"], "probability": answers["clip"].map(posterior).to_numpy()})
