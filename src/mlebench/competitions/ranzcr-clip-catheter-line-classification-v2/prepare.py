"""v1's split and files, with a sample submission that lists all eleven label columns."""

from pathlib import Path

from mlebench.registry import load_competition_module

_prepare = load_competition_module(Path(__file__).resolve().parent.parent / "ranzcr-clip-catheter-line-classification", "prepare")


def prepare(raw: Path, public: Path, private: Path) -> None:
    _prepare.prepare_with_columns(raw, public, private, _prepare.ALL_CLASSES)
