"""Raw files laid out like nfl-player-contact-detection's download, without the videos and helmet
boxes: ``train_labels.csv`` (contact_id, game_play, datetime, step, nfl_player_id_1,
nfl_player_id_2, contact), ``train_player_tracking.csv`` (Kaggle's columns: positions in yards,
speed, direction, orientation, acceleration, ten rows a second) and ``sample_submission.csv``.
``game_play`` is ``<game_key>_<play_id:06d>`` and ``contact_id`` ``<game_play>_<step>_<id1>_<id2>``
(id1 < id2). Only player-player pairs are labelled (no contact with the ground, ``G``).

Noise process (seed 0): each play has five attackers running downfield with randomly wandering
velocities and five defenders who each chase one attacker (steering towards them with limited
acceleration and speed, plus noise), for 4 seconds (40 steps). At every step, each pair of players
is in contact with probability ``sigmoid(4 - 4.5 d + 0.3 v + 1.5 f - 2.5 t)``, where ``d`` is their
true distance (yards), ``v`` their relative speed (yards/s), ``f`` how much they face each other
(the mean cosine of each one's orientation against the direction to the other; players look at
their matchup, give or take 35 degrees) and ``t`` 1 for teammates: contact is likely within a yard
of an opponent one faces and rare beyond two, and events are rare overall. The tracking file
reports positions with measurement noise (0.35 yards) and orientations within about 10 degrees.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import write_csv

N_PLAYS, N_KAGGLE_TEST, SIDE, STEPS, DT = 80, 1, 5, 40, 0.1
POSITION_NOISE = 0.35
OFFENSE, DEFENSE = ["WR", "RB", "TE", "WR", "FB"], ["CB", "SS", "OLB", "FS", "ILB"]
TRACKING = ["game_play", "game_key", "play_id", "nfl_player_id", "datetime", "step", "team", "position",
            "jersey_number", "x_position", "y_position", "speed", "distance", "direction", "orientation",
            "acceleration", "sa"]


def _ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def contact_probability(distance: np.ndarray, relative_speed: np.ndarray, facing: np.ndarray,
                        same_team: np.ndarray) -> np.ndarray:
    """P(contact) of a pair at one step from true values (yards, yards/s, mean cosine, 0/1)."""
    return 1 / (1 + np.exp(-(4 - 4.5 * distance + 0.3 * relative_speed + 1.5 * facing - 2.5 * same_team)))


def _trajectories(r: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True positions and velocities, each (STEPS, 2 * SIDE, 2), attackers first, and each
    player's matchup (the defender chasing an attacker, the attacker a defender chases)."""
    pos = np.empty((2 * SIDE, 2))
    pos[:SIDE] = np.column_stack([40 + r.normal(0, 1, SIDE), np.linspace(10, 43, SIDE) + r.normal(0, 2, SIDE)])
    target = r.permutation(SIDE)
    pos[SIDE:] = np.column_stack([46 + r.uniform(0, 6, SIDE), pos[target, 1] + r.normal(0, 3, SIDE)])
    vel = np.zeros((2 * SIDE, 2))
    vel[:SIDE] = np.column_stack([r.uniform(2, 6, SIDE), r.normal(0, 1, SIDE)])
    vel[SIDE:] = np.column_stack([-r.uniform(0, 2, SIDE), r.normal(0, 0.5, SIDE)])
    chase = r.uniform(5, 9, SIDE)
    positions, velocities = [], []
    for _ in range(STEPS):
        positions.append(pos.copy())
        velocities.append(vel.copy())
        acc = np.zeros_like(vel)
        acc[:SIDE] = r.normal(0, 3, (SIDE, 2))
        gap = pos[target] - pos[SIDE:]
        acc[SIDE:] = chase[:, None] * gap / np.maximum(np.linalg.norm(gap, axis=1, keepdims=True), 0.3)
        acc[SIDE:] += 1.5 * (vel[target] - vel[SIDE:]) + r.normal(0, 3, (SIDE, 2))  # match the runner's velocity
        vel = vel + DT * acc
        speed = np.linalg.norm(vel, axis=1, keepdims=True)
        vel = vel * np.minimum(1, 8.5 / np.maximum(speed, 1e-9))
        pos = pos + DT * vel
    return np.asarray(positions), np.asarray(velocities), np.concatenate([SIDE + np.argsort(target), target])


def _play(r: np.random.Generator, game_key: int, play_id: int, player_ids: np.ndarray):
    gp = f"{game_key}_{play_id:06d}"
    pos, vel, matchup = _trajectories(r)
    # players look at their matchup, give or take 35 degrees
    look = pos[:, matchup] - pos
    orientation = (np.degrees(np.arctan2(look[..., 0], look[..., 1])) + r.normal(0, 35, look.shape[:2])) % 360
    start = datetime(2021, 9, 12, 17, 0, 0) + timedelta(seconds=int(r.integers(0, 10_000)), milliseconds=100 * int(r.integers(10)))
    when = [_ts(start + timedelta(milliseconds=100 * s)) for s in range(STEPS)]
    jerseys = r.choice(np.arange(1, 100), size=2 * SIDE, replace=False)
    seen = pos + r.normal(0, POSITION_NOISE, pos.shape)
    speed = np.linalg.norm(vel, axis=2)
    acc = np.vstack([np.zeros((1, 2 * SIDE)), np.diff(speed, axis=0) / DT])
    direction = np.degrees(np.arctan2(vel[..., 0], vel[..., 1])) % 360
    tracking = pd.DataFrame({
        "game_play": gp, "game_key": game_key, "play_id": play_id,
        "nfl_player_id": np.tile(player_ids, STEPS), "datetime": np.repeat(when, 2 * SIDE),
        "step": np.repeat(np.arange(STEPS), 2 * SIDE),
        "team": np.tile(np.repeat(["home", "away"], SIDE), STEPS), "position": np.tile(OFFENSE + DEFENSE, STEPS),
        "jersey_number": np.tile(jerseys, STEPS),
        "x_position": seen[..., 0].ravel().round(2), "y_position": seen[..., 1].ravel().round(2),
        "speed": (speed + r.normal(0, 0.1, speed.shape)).clip(0).ravel().round(2),
        "distance": (DT * speed).ravel().round(2), "direction": direction.ravel().round(2),
        "orientation": ((orientation + r.normal(0, 10, orientation.shape)) % 360).ravel().round(2),
        "acceleration": np.abs(acc).ravel().round(2), "sa": acc.ravel().round(2),
    })[TRACKING]
    pairs = np.array([(i, j) if player_ids[i] < player_ids[j] else (j, i)
                      for i, j in itertools.combinations(range(2 * SIDE), 2)])
    d = np.linalg.norm(pos[:, pairs[:, 0]] - pos[:, pairs[:, 1]], axis=2)
    v = np.linalg.norm(vel[:, pairs[:, 0]] - vel[:, pairs[:, 1]], axis=2)
    gap = pos[:, pairs[:, 1]] - pos[:, pairs[:, 0]]
    to_second = np.arctan2(gap[..., 0], gap[..., 1])
    facing = (np.cos(np.radians(orientation[:, pairs[:, 0]]) - to_second)
              + np.cos(np.radians(orientation[:, pairs[:, 1]]) - to_second - np.pi)) / 2
    same_team = ((pairs[:, 0] < SIDE) == (pairs[:, 1] < SIDE)).astype(float)
    p = contact_probability(d, v, facing, same_team)
    contact = (r.random(p.shape) < p).astype(int)
    id1, id2 = player_ids[pairs[:, 0]], player_ids[pairs[:, 1]]
    steps = np.repeat(np.arange(STEPS), len(pairs))
    labels = pd.DataFrame({
        "contact_id": [f"{gp}_{s}_{a}_{b}" for s, a, b in zip(steps, np.tile(id1, STEPS), np.tile(id2, STEPS))],
        "game_play": gp, "datetime": np.repeat(when, len(pairs)), "step": steps,
        "nfl_player_id_1": np.tile(id1, STEPS), "nfl_player_id_2": np.tile(id2, STEPS).astype(str),
        "contact": contact.ravel(), "probability": p.ravel(),
    })
    return labels, tracking


def simulate() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(labels with each row's true contact probability, tracking) of every play; the last play is
    Kaggle's unlabelled test play."""
    r = np.random.default_rng(0)
    keys = np.sort(r.choice(np.arange(58000, 58600), size=N_PLAYS + N_KAGGLE_TEST, replace=False))
    roster = r.choice(np.arange(37000, 54000), size=400, replace=False)
    plays = [_play(r, int(k), int(r.integers(100, 4000)), r.choice(roster, size=2 * SIDE, replace=False)) for k in keys]
    return pd.concat([p[0] for p in plays], ignore_index=True), pd.concat([p[1] for p in plays], ignore_index=True)


def generate(raw: Path) -> None:
    labels, tracking = simulate()
    kaggle_test = labels["game_play"] == labels["game_play"].iloc[-1]
    write_csv(labels.loc[~kaggle_test].drop(columns="probability"), raw / "train_labels.csv")
    is_test = tracking["game_play"] == labels["game_play"].iloc[-1]
    write_csv(tracking[~is_test], raw / "train_player_tracking.csv", float_format="%.2f")
    write_csv(tracking[is_test], raw / "test_player_tracking.csv", float_format="%.2f")
    write_csv(labels.loc[kaggle_test, ["contact_id"]].assign(contact=0), raw / "sample_submission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """Each test row's true contact probability (from true distance and relative speed) cut at the
    threshold (0.05-0.95) that gives the best MCC on these answers."""
    from sklearn.metrics import matthews_corrcoef

    p = simulate()[0].set_index("contact_id").loc[answers["contact_id"], "probability"].to_numpy()
    best = max(np.arange(0.05, 0.96, 0.01), key=lambda t: matthews_corrcoef(answers["contact"], p > t))
    return pd.DataFrame({"contact_id": answers["contact_id"].to_numpy(), "contact": (p > best).astype(int)})
