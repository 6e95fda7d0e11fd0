"""Raw files laid out like Kaggle's hotel-id-2021-fgvc8 download (tiny, synthetic).

``train.csv`` (``image, chain, hotel_id, timestamp``; images such as ``000a8a4a0d9fe1ed.jpg``,
chain and hotel ids integers, timestamps ``2018-04-12 20:55:54``) including the image
``ce27d36c9147cc19.jpg`` listed twice as in Kaggle's file, ``train_images/<chain>/<image>``
(JPEG), and Kaggle's placeholder ``test_images/`` and ``sample_submission.csv``.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N = 48


def _jpeg(rng: np.random.Generator, k: int) -> bytes:
    pixels = rng.integers(0, 80, size=(8, 8, 3), dtype=np.uint8)
    pixels[k % 8, k % 8] = 255
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(88)
    hotels = {int(h): int(c) for h, c in zip(rng.choice(np.arange(1000, 99999), 12, replace=False),
                                               rng.choice([0, 1, 5, 17, 88], 12))}
    hotel_ids = rng.choice(list(hotels), N)
    images = [f"{''.join(rng.choice(list('0123456789abcdef'), 16))}.jpg" for _ in range(N - 2)] + ["ce27d36c9147cc19.jpg"] * 2
    chains = [hotels[int(h)] for h in hotel_ids]
    chains[-1] = chains[-2]
    hotel_ids[-1] = hotel_ids[-2]
    stamps = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 10**8, N), unit="s")
    table = pd.DataFrame({"image": images, "chain": chains, "hotel_id": hotel_ids,
                          "timestamp": stamps.strftime("%Y-%m-%d %H:%M:%S")})
    table.to_csv(raw / "train.csv", index=False)
    for image, chain, hotel in zip(images, chains, hotel_ids):
        folder = raw / "train_images" / str(chain)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / image).write_bytes(_jpeg(rng, int(hotel)))
    (raw / "test_images").mkdir()
    (raw / "test_images" / "abc.jpg").write_bytes(_jpeg(rng, 0))
    pd.DataFrame({"image": ["abc.jpg"], "hotel_id": ["36363 53586 18807 64314 60181"]}).to_csv(
        raw / "sample_submission.csv", index=False)
