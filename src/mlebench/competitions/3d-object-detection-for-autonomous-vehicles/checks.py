"""3d-object-detection-for-autonomous-vehicles: v1's split by log, files, and the 3D mAP by hand."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from mlebench.registry import load_competition_module

DATA = ["attribute", "calibrated_sensor", "category", "ego_pose", "log", "map", "sample", "sample_data", "scene",
        "sensor", "visibility"]


def test_prepared_files_are_v1s(comp, prepared):
    pub = comp.public_dir
    assert sorted(p.name for p in pub.iterdir()) == sorted(
        ["description.md", "sample_submission.csv", "train.csv", "train_data", "test_data", "train_images",
         "test_images", "train_lidar", "test_lidar", "train_maps", "test_maps"])
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    assert sorted(p.stem for p in (pub / "test_data").iterdir()) == DATA
    assert sorted(p.stem for p in (pub / "train_data").iterdir()) == sorted(DATA + ["instance", "sample_annotation"])
    load = lambda split, name: json.loads((pub / f"{split}_data" / f"{name}.json").read_text())  # noqa: E731
    test_logs, train_logs = load("test", "log"), load("train", "log")
    assert len(test_logs) == math.ceil(0.2 * 10) and len(train_logs) == 8
    test_samples = {s["token"] for s in load("test", "sample")}
    answers = pd.read_csv(comp.private_dir / "test.csv")
    train = pd.read_csv(pub / "train.csv")
    assert set(answers["Id"]) == test_samples and len(answers) == 6 and len(train) == 24
    assert set(train["Id"]).isdisjoint(test_samples)
    assert {d["sample_token"] for d in load("test", "sample_data")} == test_samples
    files = {d["filename"].split("/")[-1] for d in load("test", "sample_data")}
    assert {p.name for p in (pub / "test_images").iterdir()} | {p.name for p in (pub / "test_lidar").iterdir()} == files
    # v1's map.json quirk: both splits list the test logs
    assert load("train", "map")[0]["log_tokens"] == load("test", "map")[0]["log_tokens"] == [log["token"] for log in test_logs]
    # answers: train.csv's rows with a confidence 1.0 before each object
    raw = pd.read_csv(prepared.raw_root / comp.id / "train.csv").set_index("Id")
    for sid, text in zip(answers["Id"], answers["PredictionString"]):
        tokens, original = text.split(" "), raw.loc[sid, "PredictionString"].split(" ")
        assert tokens[0::9] == ["1.0"] * (len(original) // 8)
        assert [t for k, t in enumerate(tokens) if k % 9] == original
    sample = pd.read_csv(pub / "sample_submission.csv")
    assert list(sample["Id"]) == list(answers["Id"]) and sample["PredictionString"].isna().all()


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)


def _answers():
    # s1: two cars (4 x 2 x 2, yaw 0) and a pedestrian; s2: one truck
    return pd.DataFrame({"Id": ["s1", "s2"], "PredictionString": [
        "1.0 0 0 0 2 4 2 0 car 1.0 10 0 0 2 4 2 0 car 1.0 5 5 0 1 1 2 0 pedestrian",
        "1.0 0 0 0 3 8 4 1.5707963267948966 truck"]})


def test_hand_checked_map(comp):
    # s1 car: box A exact (IoU 1); box B shifted 1.2 m along x: ground overlap 2.8 x 2 = 5.6,
    #   IoU 5.6 / (8 + 8 - 5.6) = 0.53846; predictions by confidence: exact A (0.9) -> TP at every t;
    #   shifted B (0.8) -> TP only at t = 0.5: tp = [1, 1] -> AP 1; otherwise tp = [1, 0]: recall 0.5 at
    #   precision 1 -> AP 0.5; car mean over thresholds = (1 + 9 * 0.5) / 10 = 0.55
    # s1 pedestrian: not predicted -> 0 (a predicted 'bus' is ignored: no true bus) -> s1 = (0.55 + 0) / 2
    # s2 truck: the same box turned by 90 degrees (yaw 0 vs pi/2, 3 x 8 -> 8 x 3 footprint): overlap 3 x 3,
    #   height 4 -> 36 / (96 + 96 - 36) = 0.2308 < 0.5 -> 0
    sub = pd.DataFrame({"Id": ["s2", "s1"], "PredictionString": [
        "0.7 0 0 0 3 8 4 0 truck",
        "0.8 11.2 0 0 2 4 2 0 car 0.9 0 0 0 2 4 2 0 car 0.5 5 5 0 1 1 2 0 bus"]})
    assert comp.grader.grade(sub, _answers()).score == pytest.approx((0.275 + 0) / 2, abs=1e-5)
    # a duplicate of A at the lowest confidence is a FP after both:
    # t = 0.5: tp [1, 1, 0] -> AP 1; else tp [1, 0, 0] -> AP 0.5 -> unchanged
    dup = sub.assign(PredictionString=[sub["PredictionString"][0], sub["PredictionString"][1] + " 0.1 0 0 0 2 4 2 0 car"])
    assert comp.grader.grade(dup, _answers()).score == pytest.approx(0.1375, abs=1e-5)
    # a duplicate of A with the HIGHEST confidence: the exact box then finds A already matched -> FP, at every t
    # t = 0.5: order [dupA TP, exactA FP, B TP] -> precisions 1, 1/2, 2/3 at recalls .5, .5, 1 -> AP 0.5 + 0.5 * 2/3
    # else: [TP, FP, FP] -> AP 0.5 -> car = (0.5 + 1/3 + 9 * 0.5) / 10
    first = sub.assign(PredictionString=[sub["PredictionString"][0], "0.95 0 0 0 2 4 2 0 car " + sub["PredictionString"][1]])
    car = (0.5 + 1 / 3 + 9 * 0.5) / 10
    assert comp.grader.grade(first, _answers()).score == pytest.approx(car / 2 / 2, abs=1e-5)


def test_iou_of_rotated_boxes():
    grade = load_competition_module(__import__("pathlib").Path(__file__).parent, "grade")
    a = pd.DataFrame({"x": [0.0], "y": [0.0], "z": [0.0], "w": [2.0], "l": [2.0], "h": [1.0], "yaw": [0.0]})
    b = a.assign(yaw=[np.pi / 4], z=[0.5])
    # octagon of two 2 x 2 squares turned by 45 degrees: 8 (sqrt 2 - 1); heights overlap 0.5
    inter = 8 * (np.sqrt(2) - 1) * 0.5
    assert grade.iou(b, a)[0] == pytest.approx(inter / (4 + 4 - inter))


@pytest.mark.parametrize("text, words", [
    ("1.0 0 0 0 2 4 2 car", "9 fields"), ("1.0 0 0 x 2 4 2 0 car", "numbers"),
    ("1.0 0 0 0 2 0 2 0 car", "positive"), ("1.0 0 0 nan 2 4 2 0 car", "finite"),
])
def test_malformed_objects_are_invalid(comp, text, words):
    sub = pd.DataFrame({"Id": ["s1", "s2"], "PredictionString": [text, None]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and words in result.invalid_reason and "'s1'" in result.invalid_reason
