"""Per-pixel image-to-image (e.g. document denoising): a local-patch gradient-boosting regressor.

Detected when the sample's ids look like ``<image>_<row>_<col>`` and a train folder has a twin
folder of target images with the same file names.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pandas as pd

from common import DATA, Budget, Submitter, log
from media import IMAGE_EXT

ID = re.compile(r"^(.+)_(\d+)_(\d+)$")


def _images(folder) -> dict[str, object]:
    return {p.stem: p for p in sorted(folder.iterdir()) if p.suffix.lower() in IMAGE_EXT}


def find(sample: pd.DataFrame):
    ids = sample[sample.columns[0]].astype(str)
    if len(sample.columns) != 2 or not ids.head(1000).str.match(ID.pattern).all():
        return None
    dirs = [d for d in sorted(DATA.rglob("*")) if d.is_dir() and _images(d)]
    stems = set(ids.str.extract(ID.pattern)[0].unique())
    test = next((d for d in dirs if stems <= set(_images(d))), None)
    for src in dirs:
        for dst in dirs:
            if src != dst and dst.name.startswith(src.name) and set(_images(src)) == set(_images(dst)) and src != test:
                return src, dst, test
    return None


def _gray(path) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255.0


def patch_features(img: np.ndarray, r: int = 2) -> np.ndarray:
    """Each pixel's (2r+1)^2 neighbourhood plus local background (median of a wide window)."""
    from scipy import ndimage

    pad = np.pad(img, r, mode="edge")
    h, w = img.shape
    cols = [pad[dy:dy + h, dx:dx + w].ravel() for dy in range(2 * r + 1) for dx in range(2 * r + 1)]
    bg = ndimage.median_filter(img, size=15)
    mn = ndimage.minimum_filter(img, size=7)
    cols += [bg.ravel(), (img - bg).ravel(), mn.ravel(), ndimage.uniform_filter(img, 9).ravel(),
             np.full(h * w, img.mean())]
    return np.stack(cols, 1)


def solve(sample: pd.DataFrame, found, metric: str | None, budget: Budget, submitter: Submitter) -> None:
    from sklearn.ensemble import HistGradientBoostingRegressor

    src, dst, test = found
    names = list(_images(src))
    noisy, clean = _images(src), _images(dst)
    log(f"image-to-image: {len(names)} training pairs {src.name} -> {dst.name}, test folder {test.name if test else None}")
    rng = np.random.default_rng(0)
    xs, ys = [], []
    per_image = max(2000, 400_000 // max(1, len(names)))
    for n in names:
        a, b = _gray(noisy[n]), _gray(clean[n])
        if a.shape != b.shape:
            continue
        f = patch_features(a)
        idx = rng.choice(len(f), min(per_image, len(f)), replace=False)
        xs.append(f[idx])
        ys.append(b.ravel()[idx])
        if budget.frac_left() < 0.6:
            break
    x, y = np.concatenate(xs), np.concatenate(ys)
    hold = rng.random(len(x)) < 0.15
    started = time.monotonic()
    model = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.1, max_leaf_nodes=63, random_state=0)
    model.fit(x[~hold], y[~hold])
    rmse = float(np.sqrt(np.mean((np.clip(model.predict(x[hold]), 0, 1) - y[hold]) ** 2)))
    base = float(np.sqrt(np.mean((x[hold, 12] - y[hold]) ** 2)))
    log(f"patch regressor on {len(x)} pixels: holdout rmse {rmse:.4f} (noisy input {base:.4f}) in {time.monotonic() - started:.0f}s")
    ids = sample[sample.columns[0]].astype(str)
    parts = ids.str.extract(ID.pattern)
    rows, cols = parts[1].astype(int).to_numpy() - 1, parts[2].astype(int).to_numpy() - 1
    values = np.full(len(sample), np.nan)
    tests = _images(test)
    for stem, where in parts.groupby(0).indices.items():
        img = _gray(tests[stem])
        pred = np.clip(model.predict(patch_features(img)), 0, 1).reshape(img.shape)
        rr, cc = rows[where], cols[where]
        ok = (rr < img.shape[0]) & (cc < img.shape[1])
        values[where[ok]] = pred[rr[ok], cc[ok]]
    out = sample.copy()
    col = sample.columns[1]
    out[col] = np.where(np.isnan(values), pd.to_numeric(sample[col], errors="coerce").fillna(1.0), values)
    submitter.submit(out, "patch-hgb", rmse)
