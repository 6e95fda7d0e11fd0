"""Version 1's grader, unchanged (imported, not copied): ROC AUC matched by request_id."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "random_acts_of_pizza_v1_grade", Path(__file__).parent.parent / "random-acts-of-pizza" / "grade.py"
)
_v1 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_v1)

grade = _v1.grade
