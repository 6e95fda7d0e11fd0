"""Raw files laid out like aerial-cactus-identification's download.

``train.zip`` (folder ``train/`` of 32x32 JPEG tiles named ``<32 hex>.jpg``), ``train.csv``
(``id,has_cactus``, the id being the file name), ``test.zip`` (unlabelled tiles) and
``sample_submission.csv``.

Noise process (numpy seed 0 drives everything; tiles are JPEG quality 85 with PIL):
- background: a smoothed random field tinted sand / dry-scrub colours, a random linear gradient,
  and sometimes a road (a pale straight band) or dark rocks (small blobs);
- a positive tile (75% of tiles, as in Kaggle's data) holds one cactus seen from above: a dark
  green column with zero to two arms, random length, width, position (partly off-tile allowed)
  and rotation, with a lighter stripe down its middle, pasted with a random opacity (60-100%);
- distractors on any tile: green-brown shrubs (round or elongated blobs) and thin dark sticks;
- then Gaussian blur of random radius, per-pixel noise and a random brightness/contrast change.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw, ImageFilter

from mlebench.offline.common import opaque_ids, write_csv, write_zip

SIZE = 32
N_TRAIN, N_TEST = 2000, 200
POSITIVE_RATE = 0.75


def _smooth_field(r: np.random.Generator, scale: int) -> np.ndarray:
    small = r.random((SIZE // scale + 2, SIZE // scale + 2))
    img = Image.fromarray((small * 255).astype(np.uint8)).resize((SIZE + 2 * scale, SIZE + 2 * scale), Image.BICUBIC)
    return np.asarray(img, dtype=float)[scale : scale + SIZE, scale : scale + SIZE] / 255.0


def _rotated_layer(draw_fn, r: np.random.Generator) -> Image.Image:
    """Draw on a large transparent canvas, rotate it randomly and crop the tile."""
    big = Image.new("RGBA", (SIZE * 3, SIZE * 3), (0, 0, 0, 0))
    draw_fn(ImageDraw.Draw(big), SIZE * 3 // 2)
    big = big.rotate(float(r.uniform(0, 360)), resample=Image.BILINEAR)
    dx, dy = r.integers(-10, 11, size=2)
    return big.crop((SIZE + dx, SIZE + dy, 2 * SIZE + dx, 2 * SIZE + dy))


def tile(r: np.random.Generator, cactus: bool) -> bytes:
    red = r.uniform(150, 215)
    green = red * r.uniform(0.8, 0.96)
    base = np.array([red, green, green * r.uniform(0.65, 0.88)])
    field = _smooth_field(r, int(r.choice([4, 8]))) - 0.5
    gx, gy = r.normal(0, 18, size=2)
    ramp = (np.arange(SIZE)[None, :] / SIZE - 0.5) * gx + (np.arange(SIZE)[:, None] / SIZE - 0.5) * gy
    arr = base[None, None, :] + (field * r.uniform(20, 60) + ramp)[:, :, None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    if r.random() < 0.3:  # a road
        w = int(r.integers(3, 8))
        c = tuple(int(v) for v in base + r.uniform(20, 45))
        x0, x1 = r.integers(-10, 42, size=2)
        d.line([(int(x0), -2), (int(x1), 34)], fill=c, width=w)
    for _ in range(int(r.poisson(1.5))):  # rocks
        x, y, s = int(r.integers(0, 32)), int(r.integers(0, 32)), int(r.integers(1, 4))
        g = int(r.uniform(50, 110))
        d.ellipse([x - s, y - s, x + s, y + s], fill=(g, g - 5, g - 10))
    for _ in range(int(r.poisson(1.2))):  # shrubs: olive-brown blobs, some elongated
        x, y, s = int(r.integers(0, 32)), int(r.integers(0, 32)), int(r.integers(2, 6))
        c = (int(r.uniform(80, 130)), int(r.uniform(85, 130)), int(r.uniform(40, 80)))
        d.ellipse([x - s, y - int(s * r.uniform(0.3, 1.0)), x + s, y + s], fill=c)
    for _ in range(int(r.poisson(0.7))):  # sticks
        x, y = r.integers(0, 32, size=2)
        dx, dy = r.integers(-9, 10, size=2)
        g = int(r.uniform(60, 110))
        d.line([(int(x), int(y)), (int(x + dx), int(y + dy))], fill=(g, g, g - 10), width=1)
    if cactus:
        length, width = r.uniform(8, 24), r.uniform(2.0, 5.0)
        green = (int(r.uniform(35, 80)), int(r.uniform(70, 120)), int(r.uniform(30, 70)))
        light = tuple(min(255, c + int(r.uniform(25, 55))) for c in green)
        n_arms = int(r.choice([0, 1, 1, 2]))
        arm_sides = r.choice([-1, 1], size=2)
        arm_pos = r.uniform(-0.2, 0.3, size=2)
        arm_len = r.uniform(0.2, 0.45, size=2)

        def draw(dd: ImageDraw.ImageDraw, c: int) -> None:
            h, w = length / 2, width / 2
            dd.rounded_rectangle([c - w, c - h, c + w, c + h], radius=w, fill=green + (255,))
            for k in range(n_arms):
                y = c + arm_pos[k] * length
                x_end = c + arm_sides[k] * (w + arm_len[k] * length)
                dd.line([(c, y), (x_end, y)], fill=green + (255,), width=max(2, int(width * 0.7)))
                dd.line([(x_end, y), (x_end, y - arm_len[k] * length)], fill=green + (255,),
                        width=max(2, int(width * 0.7)))
            dd.line([(c, c - h + 1), (c, c + h - 1)], fill=light + (255,), width=1)

        layer = _rotated_layer(draw, r)
        alpha = np.asarray(layer.getchannel("A"), dtype=float) * r.uniform(0.6, 1.0)
        img.paste(layer, (0, 0), Image.fromarray(alpha.astype(np.uint8), "L"))
    img = img.filter(ImageFilter.GaussianBlur(float(r.uniform(0.3, 1.3))))
    arr = np.asarray(img, dtype=float) * r.uniform(0.8, 1.15) + r.normal(0, 4, size=(1, 1, 3))
    arr += r.normal(0, r.uniform(4, 12), size=arr.shape)
    buf = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _labels(r: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Every tile's id and label, the first draws of the generator's stream ``r``."""
    ids = [i + ".jpg" for i in opaque_ids(N_TRAIN + N_TEST, seed=0, width=32)]
    return ids, (r.random(len(ids)) < POSITIVE_RATE).astype(int)


def generate(raw: Path) -> None:
    r = np.random.default_rng(0)
    ids, labels = _labels(r)
    images = [tile(r, bool(y)) for y in labels]
    train = pd.DataFrame({"id": ids[:N_TRAIN], "has_cactus": labels[:N_TRAIN]})
    write_csv(train, raw / "train.csv")
    write_zip(raw / "train.zip", [(f"train/{i}", b) for i, b in zip(ids[:N_TRAIN], images[:N_TRAIN])])
    # Kaggle's test set ships without labels; like v1 we never use it for grading.
    write_zip(raw / "test.zip", [(f"test/{i}", b) for i, b in zip(ids[N_TRAIN:], images[N_TRAIN:])])
    write_csv(pd.DataFrame({"id": ids[N_TRAIN:], "has_cactus": 0.5}), raw / "sample_submission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The generator's own labels as certain probabilities: the noise floor, not the Bayes posterior
    given the pixels (intractable). The labels carry no noise and every cactus is pasted last, at 60%
    opacity or more, with its centre 6-26 pixels into the tile, so the floor is a perfect ranking."""
    ids, labels = _labels(np.random.default_rng(0))
    return pd.DataFrame({"id": ids, "has_cactus": labels.astype(float)})
