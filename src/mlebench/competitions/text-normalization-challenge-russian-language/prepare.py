"""v1's recipe, as for English (see that competition's prepare.py), on ``ru_train.csv``."""

import importlib.util
import sys
from pathlib import Path

LANG = "ru"


def _english(module: str):
    """The English competition's module (one implementation for both), under the registry's module name."""
    name = f"mlebench_competition_text_normalization_challenge_english_language_{module}"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "text-normalization-challenge-english-language" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        sys.modules[name] = mod
    return sys.modules[name]


def prepare(raw: Path, public: Path, private: Path) -> None:
    _english("prepare").prepare_language(raw, public, private, LANG)
