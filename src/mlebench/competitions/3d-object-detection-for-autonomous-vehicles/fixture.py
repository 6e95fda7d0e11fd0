"""Raw files laid out like Kaggle's 3d-object-detection-for-autonomous-vehicles download (tiny).

``train.csv`` (``Id, PredictionString``: per sample, objects of 8 fields ``center_x center_y
center_z width length height yaw class_name``); ``train_data.zip`` (``train_data/*.json``, the
nuScenes-style tables: log, scene, sample, sample_data, sample_annotation, instance,
calibrated_sensor, ego_pose, map, attribute, category, sensor, visibility; tokens of 64 hex
digits; a scene's token is its log's, as the samples' ``scene_token`` shows), ``train_images.zip``
(``train_images/<host>_cam<k>_<time>.jpeg``), ``train_lidar.zip`` (``train_lidar/<host>_lidar1_
<time>.bin``, float32 points) and ``train_maps.zip`` (``train_maps/map_raster_palo_alto.png``).
10 logs of 3 samples, each with one lidar sweep and two camera images; 1-4 objects a sample.
"""

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N_LOGS, PER_LOG = 10, 3
CLASSES = ["car", "pedestrian", "bicycle", "truck"]


def _png(array) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def _jpeg(rng) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, size=(4, 6, 3), dtype=np.uint8)).save(buf, format="JPEG", quality=50)
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2019)
    token = lambda: "".join(rng.choice(list("0123456789abcdef"), 64))  # noqa: E731
    sensors = [{"token": token(), "channel": ch, "modality": mod} for ch, mod in
               (("LIDAR_TOP", "lidar"), ("CAM_FRONT", "camera"), ("CAM_BACK", "camera"))]
    categories = [{"token": token(), "name": c, "description": c} for c in CLASSES]
    attributes = [{"token": token(), "name": n, "description": n} for n in ("object_action_parked", "object_action_walking")]
    visibility = [{"token": str(k), "level": lvl, "description": lvl} for k, lvl in enumerate(["v0-40", "v40-60", "v60-80", "v80-100"], 1)]
    logs, scenes, samples, sample_data, annotations, instances, calibrated, poses, rows = [], [], [], [], [], [], [], [], []
    files = {}
    for k in range(N_LOGS):
        host = f"host-a{rng.integers(0, 103):03d}"
        log = {"token": token(), "logfile": f"{host}-lidar0-{1230000000 + k}", "vehicle": host,
               "date_captured": "2019-01-23", "location": "Palo Alto"}
        logs.append(log)
        cal = {s["channel"]: {"token": token(), "sensor_token": s["token"], "translation": [1.0, 0.0, 1.8],
                              "rotation": [1.0, 0.0, 0.0, 0.0], "camera_intrinsic": []} for s in sensors}
        calibrated.extend(cal.values())
        tokens = [token() for _ in range(PER_LOG)]
        for j, sample_token in enumerate(tokens):
            stamp = 1233689008717605006 + k * 10**12 + j * 2 * 10**8
            samples.append({"token": sample_token, "timestamp": stamp / 1e3, "scene_token": log["token"],
                            "prev": tokens[j - 1] if j else "", "next": tokens[j + 1] if j + 1 < PER_LOG else "",
                            "data": {}})
            for channel, fmt in (("LIDAR_TOP", "bin"), ("CAM_FRONT", "jpeg"), ("CAM_BACK", "jpeg")):
                name = f"{host}_{'lidar1' if fmt == 'bin' else 'cam' + str(len(channel))}_{stamp}.{fmt}"
                pose = {"token": token(), "translation": [float(rng.uniform(0, 3000)), float(rng.uniform(0, 3000)), -20.0],
                        "rotation": [1.0, 0.0, 0.0, 0.0]}
                poses.append(pose)
                sample_data.append({"token": token(), "sample_token": sample_token, "ego_pose_token": pose["token"],
                                    "calibrated_sensor_token": cal[channel]["token"], "timestamp": stamp / 1e3,
                                    "fileformat": fmt, "is_key_frame": True, "height": 4, "width": 6,
                                    "filename": f"{'lidar' if fmt == 'bin' else 'images'}/{name}"})
                files[name] = rng.normal(0, 10, (8, 5)).astype(np.float32).tobytes() if fmt == "bin" else _jpeg(rng)
            objects = []
            for _ in range(int(rng.integers(1, 5))):
                cls = str(rng.choice(CLASSES))
                box = [float(rng.uniform(0, 3000)), float(rng.uniform(0, 3000)), float(rng.uniform(-25, -15)),
                       float(rng.uniform(0.5, 2.5)), float(rng.uniform(0.5, 6)), float(rng.uniform(1, 3)),
                       float(rng.uniform(-np.pi, np.pi))]
                objects.append(" ".join([*(repr(v) for v in box), cls]))
                inst = {"token": token(), "category_token": categories[CLASSES.index(cls)]["token"], "nbr_annotations": 1}
                ann = {"token": token(), "sample_token": sample_token, "instance_token": inst["token"],
                       "translation": box[:3], "size": box[3:6], "rotation": [float(np.cos(box[6] / 2)), 0.0, 0.0, float(np.sin(box[6] / 2))],
                       "attribute_tokens": [attributes[0]["token"]], "visibility_token": "4", "prev": "", "next": "",
                       "num_lidar_pts": 10, "num_radar_pts": 0, "category_name": cls}
                inst["first_annotation_token"] = inst["last_annotation_token"] = ann["token"]
                instances.append(inst)
                annotations.append(ann)
            rows.append((sample_token, " ".join(objects)))
        scenes.append({"token": log["token"], "log_token": log["token"], "name": f"{host}-{k}", "description": "",
                       "nbr_samples": PER_LOG, "first_sample_token": tokens[0], "last_sample_token": tokens[-1]})
    maps = [{"log_tokens": [log["token"] for log in logs], "category": "semantic_prior",
             "filename": "maps/map_raster_palo_alto.png", "token": token()}]
    tables = {"log": logs, "scene": scenes, "sample": samples, "sample_data": sample_data,
              "sample_annotation": annotations, "instance": instances, "calibrated_sensor": calibrated,
              "ego_pose": poses, "map": maps, "attribute": attributes, "category": categories, "sensor": sensors,
              "visibility": visibility}
    order = rng.permutation(len(rows))  # train.csv is not in sample order
    pd.DataFrame([rows[i] for i in order], columns=["Id", "PredictionString"]).to_csv(raw / "train.csv", index=False)
    with zipfile.ZipFile(raw / "train_data.zip", "w") as zf:
        for name, table in tables.items():
            zf.writestr(f"train_data/{name}.json", json.dumps(table, indent=4))
    with zipfile.ZipFile(raw / "train_images.zip", "w") as zi, zipfile.ZipFile(raw / "train_lidar.zip", "w") as zl:
        for name, content in files.items():
            (zl if name.endswith(".bin") else zi).writestr(
                f"{'train_lidar' if name.endswith('.bin') else 'train_images'}/{name}", content)
    with zipfile.ZipFile(raw / "train_maps.zip", "w") as zf:
        zf.writestr("train_maps/map_raster_palo_alto.png", _png(rng.integers(0, 255, (8, 8, 3), dtype=np.uint8)))
