"""Accuracy of the normalised tokens: the English competition's grader, imported from its folder."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("_tn_ru_prepare", Path(__file__).with_name("prepare.py"))
_prepare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_prepare)

grade = _prepare._english("grade").grade
