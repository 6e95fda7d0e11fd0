"""Version 1's split and files without ``test_tfrecords/``.

Version 1 copies Kaggle's training TFRecord files into ``public/test_tfrecords/``, and every record
there still holds the image's label (``target``). Version 2 prepares exactly as version 1 and then
leaves that folder out; the same test images remain in ``test_images/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mlebench.registry import load_competition_module


def prepare(raw: Path, public: Path, private: Path) -> None:
    v1 = load_competition_module(Path(__file__).resolve().parent.parent / "cassava-leaf-disease-classification", "prepare")
    v1.prepare(raw, public, private)
    shutil.rmtree(public / "test_tfrecords")
