"""Raw files laid out like Kaggle's nfl-player-contact-detection download (tiny, synthetic).

``train_labels.csv`` (``contact_id, game_play, datetime, step, nfl_player_id_1, nfl_player_id_2,
contact``; one row per pair of players and per player with the ground ``G``, every 0.1 s step;
``contact_id = <game_play>_<step>_<id1>_<id2>``, ``game_play = <game_key>_<play_id:06>``),
``train_baseline_helmets.csv``, ``train_player_tracking.csv``, ``train_video_metadata.csv`` and
``train/<game_play>_{All29,Endzone,Sideline}.mp4``; the same ``test_*`` files and ``test/`` videos
for one mock play, and ``sample_submission.csv`` (``contact_id, contact``). The videos are
stand-ins (an ISO-BMFF ``ftyp`` box and a ``free`` box, no frames): no video encoder is
available, and preparation only copies them. 12 plays of 6 players and 4 steps.
"""

import itertools
import struct
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

N_PLAYS, N_PLAYERS, STEPS = 12, 6, 4
VIEWS = ("All29", "Endzone", "Sideline")
POSITIONS = ["QB", "WR", "CB", "OLB", "TE", "G", "DE", "RB"]


def _ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _mp4(name: str) -> bytes:
    ftyp = b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    free = name.encode()
    return struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp + struct.pack(">I", 8 + len(free)) + b"free" + free


def _play(rng: np.random.Generator, game_key: int, play_id: int):
    gp = f"{game_key}_{play_id:06d}"
    players = sorted(int(p) for p in rng.choice(np.arange(25000, 55000), N_PLAYERS, replace=False))
    teams = {p: ("home" if k % 2 else "away") for k, p in enumerate(players)}
    jerseys = {p: int(rng.integers(1, 99)) for p in players}
    start = datetime(2020, 9, 11, 3, int(rng.integers(0, 59)), int(rng.integers(0, 59)), 100000)
    labels, tracking, helmets = [], [], []
    pairs = list(itertools.combinations(players, 2)) + [(p, "G") for p in players]
    for step in range(STEPS):
        when = _ts(start + timedelta(milliseconds=100 * step))
        for a, b in pairs:
            labels.append((f"{gp}_{step}_{a}_{b}", gp, when, step, a, str(b), int(rng.random() < 0.2)))
    for step in range(-2, STEPS + 2):
        when = _ts(start + timedelta(milliseconds=100 * step))
        for p in players:
            speed = round(float(rng.uniform(0, 8)), 2)
            tracking.append((gp, game_key, play_id, p, when, step, teams[p], str(rng.choice(POSITIONS)), jerseys[p],
                             round(float(rng.uniform(0, 120)), 2), round(float(rng.uniform(0, 53.3)), 2), speed,
                             round(speed / 10, 2), round(float(rng.uniform(0, 360)), 2),
                             round(float(rng.uniform(0, 360)), 2), round(float(rng.uniform(0, 5)), 2),
                             round(float(rng.normal(0, 2)), 2)))
    for view in ("Endzone", "Sideline"):
        for frame in range(3):
            for p in players[:4]:
                helmets.append((gp, game_key, play_id, view, f"{gp}_{view}.mp4", frame, p,
                                f"{'H' if teams[p] == 'home' else 'V'}{jerseys[p]}", int(rng.integers(0, 1200)),
                                int(rng.integers(15, 30)), int(rng.integers(0, 700)), int(rng.integers(15, 30))))
    video = [(gp, game_key, play_id, view, _ts(start - timedelta(seconds=5)), _ts(start + timedelta(seconds=10)),
              _ts(start)) for view in ("Endzone", "Sideline")]
    return gp, labels, tracking, helmets, video


COLUMNS = {
    "labels": ["contact_id", "game_play", "datetime", "step", "nfl_player_id_1", "nfl_player_id_2", "contact"],
    "player_tracking": ["game_play", "game_key", "play_id", "nfl_player_id", "datetime", "step", "team", "position",
                        "jersey_number", "x_position", "y_position", "speed", "distance", "direction",
                        "orientation", "acceleration", "sa"],
    "baseline_helmets": ["game_play", "game_key", "play_id", "view", "video", "frame", "nfl_player_id",
                         "player_label", "left", "width", "top", "height"],
    "video_metadata": ["game_play", "game_key", "play_id", "view", "start_time", "end_time", "snap_time"],
}


def _write(raw: Path, split: str, plays: list) -> None:
    (raw / split).mkdir()
    for k, name in enumerate(["labels", "player_tracking", "baseline_helmets", "video_metadata"]):
        rows = [row for play in plays for row in play[k + 1]]
        table = pd.DataFrame(rows, columns=COLUMNS[name])
        if name == "labels" and split == "test":
            table[["contact_id"]].assign(contact=0).to_csv(raw / "sample_submission.csv", index=False)
        elif name != "labels" or split == "train":
            table.to_csv(raw / f"{split}_{name}.csv", index=False)
    for play in plays:
        for view in VIEWS:
            (raw / split / f"{play[0]}_{view}.mp4").write_bytes(_mp4(f"{play[0]}_{view}"))


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2022)
    keys = rng.choice(np.arange(58000, 58600), N_PLAYS + 1, replace=False)
    plays = [_play(rng, int(k), int(rng.integers(100, 4000))) for k in keys]
    _write(raw, "train", plays[:N_PLAYS])
    _write(raw, "test", plays[N_PLAYS:])
