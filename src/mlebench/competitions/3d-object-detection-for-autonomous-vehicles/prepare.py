"""v1's recipe: Kaggle's training logs (scenes) are split 80/20
(``train_test_split(test_size=0.2, random_state=0)`` on the tokens of ``train_data/log.json``);
everything else follows the logs.

Read from ``train_data``, ``train_images``, ``train_lidar`` and ``train_maps`` (zipped or
extracted) and ``train.csv``. Public: ``train_data/`` and ``test_data/`` (the JSON tables split by
log: ``log``, ``sample`` (by ``scene_token``, which in this data set is the log's token),
``sample_data``, ``calibrated_sensor`` and ``ego_pose`` (those the split's sample data use, in that
order), ``scene``; ``sample_annotation`` and ``instance`` for training only; ``attribute``,
``category``, ``sensor`` and ``visibility`` copied to both; ``map`` with its ``log_tokens``
replaced — v1 edits one shared dict, so both splits' ``map.json`` list the *test* logs, kept),
``train_images/``, ``test_images/``, ``train_lidar/``, ``test_lidar/``, ``train_maps/`` and
``test_maps/`` (``map_raster_palo_alto.png``), ``train.csv`` (``Id, PredictionString``) and
``sample_submission.csv`` (test Ids, empty predictions). Private: ``test.csv`` (the test samples'
rows of ``train.csv`` with a confidence ``1.0`` put before every object). JSON is written with
``json.dump``'s default separators, as v1.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from mlebench.data.kaggle import raw_folder

TEST_SIZE, SEED = 0.2, 0
COPIED = ("attribute.json", "category.json", "sensor.json", "visibility.json")


def _load(folder: Path, name: str):
    return json.loads((folder / name).read_text())


def _dump(obj, path: Path) -> None:
    with open(path, "w") as f:
        json.dump(obj, f)


def with_confidence(text: str) -> str:
    tokens = text.split(" ")
    if len(tokens) % 8:
        raise ValueError(f"expected 8 fields per object in train.csv, got {len(tokens)}")
    return " ".join(" ".join(["1.0", *tokens[i : i + 8]]) for i in range(0, len(tokens), 8))


def _referenced(sample_data: list[dict], key: str, table: list[dict], unique: bool) -> list[dict]:
    by_token = {row["token"]: row for row in table}
    out, seen = [], set()
    for datum in sample_data:
        token = datum[key]
        if unique and token in seen:
            continue
        seen.add(token)
        out.append(by_token[token])
    return out


def prepare(raw: Path, public: Path, private: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = raw_folder(raw, "train_data", Path(tmp) / "data")
        pub_train, pub_test = public / "train_data", public / "test_data"
        pub_train.mkdir(parents=True, exist_ok=True)
        pub_test.mkdir(parents=True, exist_ok=True)

        logs = _load(data, "log.json")
        log_ids = [log["token"] for log in logs]
        assert len(log_ids) == len(set(log_ids)), "log tokens must be unique"
        train_logs, test_logs = train_test_split(log_ids, test_size=TEST_SIZE, random_state=SEED)
        train_set, test_set = set(train_logs), set(test_logs)
        _dump([log for log in logs if log["token"] in train_set], pub_train / "log.json")
        _dump([log for log in logs if log["token"] in test_set], pub_test / "log.json")

        samples = _load(data, "sample.json")
        train_samples = [s for s in samples if s["scene_token"] in train_set]
        test_samples = [s for s in samples if s["scene_token"] in test_set]
        assert len(train_samples) + len(test_samples) == len(samples), "a sample's scene_token is not a log token"
        _dump(train_samples, pub_train / "sample.json")
        _dump(test_samples, pub_test / "sample.json")

        table = pd.read_csv(raw / "train.csv")
        train_ids, test_ids = {s["token"] for s in train_samples}, {s["token"] for s in test_samples}
        new_train = table[table["Id"].isin(train_ids)]
        new_test = table[table["Id"].isin(test_ids)].copy()
        assert len(new_train) == len(train_samples) and len(new_test) == len(test_samples)
        assert len(new_train) + len(new_test) == len(table)
        new_train.to_csv(public / "train.csv", index=False)
        new_test["PredictionString"] = new_test["PredictionString"].map(with_confidence)
        new_test.to_csv(private / "test.csv", index=False)
        sample = new_test[["Id"]].copy()
        sample["PredictionString"] = ""
        sample.to_csv(public / "sample_submission.csv", index=False)

        sample_data = _load(data, "sample_data.json")
        unknown = [d["sample_token"] for d in sample_data if d["sample_token"] not in train_ids | test_ids]
        if unknown:
            raise ValueError(f"sample data of unknown sample {unknown[0]}")
        train_data = [d for d in sample_data if d["sample_token"] in train_ids]
        test_data = [d for d in sample_data if d["sample_token"] in test_ids]
        _dump(train_data, pub_train / "sample_data.json")
        _dump(test_data, pub_test / "sample_data.json")

        calibrated = _load(data, "calibrated_sensor.json")
        split_cal = [_referenced(part, "calibrated_sensor_token", calibrated, True) for part in (train_data, test_data)]
        assert len({c["token"] for part in split_cal for c in part}) == len(calibrated)
        _dump(split_cal[0], pub_train / "calibrated_sensor.json")
        _dump(split_cal[1], pub_test / "calibrated_sensor.json")

        poses = _load(data, "ego_pose.json")
        split_poses = [_referenced(part, "ego_pose_token", poses, False) for part in (train_data, test_data)]
        assert len({p["token"] for part in split_poses for p in part}) == len(poses)
        _dump(split_poses[0], pub_train / "ego_pose.json")
        _dump(split_poses[1], pub_test / "ego_pose.json")

        maps = _load(data, "map.json")
        assert len(maps) == 1, "expected one map"
        maps[0]["log_tokens"] = list(test_logs)  # v1 sets train's, then test's, on the same dict
        _dump(maps, pub_train / "map.json")
        _dump(maps, pub_test / "map.json")

        scenes = _load(data, "scene.json")
        if any(s["log_token"] not in train_set | test_set for s in scenes):
            raise ValueError("a scene of an unknown log")
        _dump([s for s in scenes if s["log_token"] in train_set], pub_train / "scene.json")
        _dump([s for s in scenes if s["log_token"] in test_set], pub_test / "scene.json")

        for name in COPIED:
            shutil.copyfile(data / name, pub_train / name)
            shutil.copyfile(data / name, pub_test / name)

        annotations = _load(data, "sample_annotation.json")
        if any(a["sample_token"] not in train_ids | test_ids for a in annotations):
            raise ValueError("an annotation of an unknown sample")
        train_ann = [a for a in annotations if a["sample_token"] in train_ids]
        _dump(train_ann, pub_train / "sample_annotation.json")
        instances = _load(data, "instance.json")
        train_inst = {a["instance_token"] for a in train_ann}
        test_inst = {a["instance_token"] for a in annotations if a["sample_token"] in test_ids}
        if any(i["token"] not in train_inst | test_inst for i in instances):
            raise ValueError("an instance without annotations")
        _dump([i for i in instances if i["token"] in train_inst], pub_train / "instance.json")

        maps_dir = raw_folder(raw, "train_maps", Path(tmp) / "maps")
        for split in ("train", "test"):
            (public / f"{split}_maps").mkdir(exist_ok=True)
            shutil.copyfile(maps_dir / "map_raster_palo_alto.png", public / f"{split}_maps" / "map_raster_palo_alto.png")

        images = raw_folder(raw, "train_images", Path(tmp) / "images")
        lidar = raw_folder(raw, "train_lidar", Path(tmp) / "lidar")
        for split in ("train", "test"):
            (public / f"{split}_images").mkdir(exist_ok=True)
            (public / f"{split}_lidar").mkdir(exist_ok=True)
        copied = set()
        for datum in sample_data:
            name = Path(datum["filename"]).name
            split = "test" if datum["sample_token"] in test_ids else "train"
            if datum["fileformat"] == "jpeg":
                src, dst = images / name, public / f"{split}_images" / name
            elif datum["fileformat"] == "bin":
                src, dst = lidar / name, public / f"{split}_lidar" / name
            else:
                raise ValueError(f"unexpected fileformat {datum['fileformat']!r}")
            if dst not in copied:
                shutil.copyfile(src, dst)
                copied.add(dst)
        assert len(copied) == len({d["filename"] for d in sample_data})
