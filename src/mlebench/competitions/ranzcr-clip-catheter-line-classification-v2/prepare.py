"""v1's split and files, with a sample submission that lists all eleven label columns."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("ranzcr_v2_loader", Path(__file__).with_name("_v1.py"))
_v1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_v1)
_prepare = _v1.load("prepare")


def prepare(raw: Path, public: Path, private: Path) -> None:
    _prepare.prepare_with_columns(raw, public, private, _prepare.ALL_CLASSES)
