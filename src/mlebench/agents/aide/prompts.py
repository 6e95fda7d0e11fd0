"""What the agent asks the model, and how it reads the answers."""

from __future__ import annotations

import json
import re
from typing import Any

METRIC_TAG = "VALIDATION_METRIC"
SYSTEM = ("You are an expert machine-learning engineer taking part in a Kaggle-style competition. "
          "You write complete, runnable single-file Python solutions.")

_CODE = re.compile(r"```(?:python|py)?[ \t]*\n(.*?)```", re.S)
_METRIC = re.compile(rf"{METRIC_TAG}\s*[:=]\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)", re.I)


def guidelines(env: dict[str, str]) -> str:
    return f"""# Rules for the code
- One self-contained Python script. The data is in {env['data_dir']} (read-only); read only from there.
- Hold out part of the training data (or cross-validate), compute the competition's metric on it and print
  exactly one line `{METRIC_TAG}: <number>` at the end.
- Write the test-set predictions to `submission.csv` in the current working directory, in the format the
  sample submission shows. Do not write to /home/submission yourself: the best run's file is copied there.
- Installed: Python standard library, numpy, pandas, scipy, scikit-learn, pyarrow, pillow. Nothing can be
  downloaded. Hardware: {env['hardware']}. One run may take at most {env['exec_timeout']:.0f} seconds.
- Reply with a short plan (a few sentences), then the whole script in one ```python code block.
"""


def task_section(task: str, data_preview: str) -> str:
    return f"# Competition\n{task}\n\n# Files in the data folder\n{data_preview}\n"


def draft(task: str, data_preview: str, env: dict[str, str], memory: str) -> list[dict[str, str]]:
    user = ("Write a first solution to the competition below: a simple, sound approach that produces a valid "
            "submission; later steps will improve it.\n\n"
            + task_section(task, data_preview)
            + (f"\n# Earlier attempts (do something different)\n{memory}\n" if memory else "")
            + "\n" + guidelines(env))
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def debug(task: str, data_preview: str, env: dict[str, str], code: str, output: str, problem: str) -> list[dict[str, str]]:
    user = ("Fix the bug in the solution below: it failed or did not produce what was asked. Keep its approach "
            "unless that is the problem; change as little as needed.\n\n"
            + task_section(task, data_preview)
            + f"\n# The failing solution\n```python\n{code}\n```\n\n# Its output (tail)\n```\n{output}\n```\n\n"
            + f"# What went wrong\n{problem}\n\n" + guidelines(env))
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def improve(task: str, data_preview: str, env: dict[str, str], code: str, metric: float, memory: str) -> list[dict[str, str]]:
    user = ("Improve the solution below: propose ONE concrete change (features, model, tuning, ensembling) that "
            f"should improve its validation metric (now {metric:.6g}), and implement it.\n\n"
            + task_section(task, data_preview)
            + f"\n# The current best solution\n```python\n{code}\n```\n\n"
            + (f"# What was tried so far\n{memory}\n\n" if memory else "")
            + guidelines(env))
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def feedback(task: str, code: str, output: str, printed_metric: float | None, has_submission: bool) -> list[dict[str, str]]:
    user = ("Judge the run of a solution to the competition below. Answer with one JSON object and nothing else:\n"
            '{"is_bug": bool, "metric": number or null, "lower_is_better": bool, "summary": string}\n'
            "- is_bug: true if the script failed, produced no valid validation metric, or did something wrong.\n"
            f"- metric: the validation metric it reports (its `{METRIC_TAG}` line), null if none.\n"
            "- lower_is_better: whether a lower value of this competition's metric is better.\n"
            "- summary: two or three sentences on what it did and what happened.\n\n"
            + f"# Competition\n{task}\n\n# Solution\n```python\n{code}\n```\n\n# Output (tail)\n```\n{output}\n```\n\n"
            + f"Printed metric: {printed_metric if printed_metric is not None else 'none'}; "
            + f"submission.csv written: {'yes' if has_submission else 'no'}.\n")
    return [{"role": "system", "content": "You review machine-learning experiments and answer in JSON."},
            {"role": "user", "content": user}]


def extract_code(text: str) -> tuple[str, str]:
    """(plan, code) from a reply: the longest fenced block is the code, the text before it the plan."""
    blocks = _CODE.findall(text)
    if not blocks:
        return "", text.strip() if "import " in text else ""
    code = max(blocks, key=len)
    plan = text[: text.find(code)].rsplit("```", 1)[0].strip()
    return plan, code.strip() + "\n"


def parse_metric(output: str) -> float | None:
    """The last ``VALIDATION_METRIC: x`` line the code printed (None if none or not finite)."""
    found = _METRIC.findall(output)
    if not found:
        return None
    value = float(found[-1])
    return value if value == value and abs(value) != float("inf") else None


def parse_feedback(text: str) -> dict[str, Any]:
    """The verdict object from a feedback reply (tolerates code fences and text around it)."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError(f"no JSON object in the feedback reply: {text[:200]!r}")
    data = json.loads(text[start : end + 1])
    metric = data.get("metric")
    try:
        metric = None if metric is None else float(metric)
    except (TypeError, ValueError):
        metric = None
    return {"is_bug": bool(data.get("is_bug", True)), "metric": metric,
            "lower_is_better": data.get("lower_is_better") if isinstance(data.get("lower_is_better"), bool) else None,
            "summary": str(data.get("summary", ""))}
