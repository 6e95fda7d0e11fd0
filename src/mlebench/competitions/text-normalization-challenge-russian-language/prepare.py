"""v1's recipe, as for English (see that competition's prepare.py), on ``ru_train.csv``."""

from pathlib import Path

from mlebench.registry import load_competition_module

LANG = "ru"
ENGLISH = Path(__file__).resolve().parent.parent / "text-normalization-challenge-english-language"


def _english(module: str):
    """The English competition's module (one implementation for both)."""
    return load_competition_module(ENGLISH, module)


def prepare(raw: Path, public: Path, private: Path) -> None:
    _english("prepare").prepare_language(raw, public, private, LANG)
