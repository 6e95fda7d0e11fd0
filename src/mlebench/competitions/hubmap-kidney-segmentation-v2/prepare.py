"""Version 1's split and files without the test images' glomerulus polygons (``test/<id>.json``).

Version 1 copies each test image's ``<id>.json`` (its glomerulus outlines, i.e. the answers) into
``public/test/``. Version 2 prepares exactly as version 1 and then removes those files; the
anatomical-structure files (cortex and medulla outlines) stay.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mlebench.registry import load_competition_module


def prepare(raw: Path, public: Path, private: Path) -> None:
    load_competition_module(Path(__file__).resolve().parent.parent / "hubmap-kidney-segmentation", "prepare").prepare(raw, public, private)
    for image_id in pd.read_csv(private / "test.csv")["id"]:
        (public / "test" / f"{image_id}.json").unlink()
