"""Version 1's module of the same name, loaded from its folder (one implementation for both versions)."""

import importlib.util
import sys
from pathlib import Path

V1 = Path(__file__).resolve().parent.parent / "ranzcr-clip-catheter-line-classification"


def load(module: str):
    name = f"mlebench_competition_ranzcr_clip_catheter_line_classification_{module}"  # the registry's name
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, V1 / f"{module}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        sys.modules[name] = mod
    return sys.modules[name]
