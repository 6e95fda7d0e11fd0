"""Shared pieces of the baseline agent: paths, time budget, logging, metric guess, safe submission writes."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(os.environ.get("DATA_DIR", "/home/data"))
SUBMISSION_DIR = Path(os.environ.get("SUBMISSION_DIR", "/home/submission"))
LOGS = Path(os.environ.get("LOGS_DIR", "/home/logs"))
CODE = Path(os.environ.get("CODE_DIR", "/home/code"))
VALIDATION_URL = os.environ.get("MLEBENCH_VALIDATION_URL", "http://localhost:5000/validate")
SUBMISSION = SUBMISSION_DIR / "submission.csv"

_T0 = time.monotonic()
_log_file = None


def log(msg: str) -> None:
    global _log_file
    line = f"[{time.monotonic() - _T0:7.1f}s] {msg}"
    print(line, flush=True)
    try:
        if _log_file is None:
            LOGS.mkdir(parents=True, exist_ok=True)
            _log_file = open(LOGS / "baseline.log", "a")
        _log_file.write(line + "\n")
        _log_file.flush()
    except OSError:
        pass


@dataclass
class Budget:
    """Seconds the agent may still spend; the deadline keeps a margin before TIME_LIMIT_SECS."""

    total: float
    deadline: float = field(init=False)

    def __post_init__(self) -> None:
        margin = max(10.0, 0.12 * self.total)
        self.deadline = _T0 + max(5.0, self.total - margin)

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def used(self) -> float:
        return time.monotonic() - _T0

    def frac_left(self) -> float:
        return self.left() / max(1.0, self.total)


def start_watchdog(budget: Budget) -> None:
    """Exit hard at the deadline: whatever valid submission is on disk by then is the answer."""

    def watch() -> None:
        while budget.left() > 0:
            time.sleep(min(1.0, max(0.05, budget.left())))
        log("deadline reached: exiting with the last valid submission in place")
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


# ---------------------------------------------------------------- metric from the description

METRICS = [  # (pattern, name) in priority order; the first hit in the evaluation text wins
    (r"root mean squared log|rmsle", "rmsle"),
    (r"root mean squared error|root mean square error|\brmse\b", "rmse"),
    (r"mean absolute error|\bmae\b", "mae"),
    (r"mean squared error|\bmse\b", "mse"),
    (r"quadratic weighted kappa|cohen", "qwk"),
    (r"log[- ]?loss|logarithmic loss|cross[- ]entropy", "logloss"),
    (r"roc|area under|\bauc\b", "auc"),
    (r"dice", "dice"),
    (r"\bf1\b|f-score|f1-score", "f1"),
    (r"map@|mean average precision", "map"),
    (r"accuracy|fraction of .*correct", "accuracy"),
    (r"spearman|pearson|correlation", "corr"),
]


def read_description() -> str:
    for name in ("description.md", "description.txt", "README.md"):
        p = DATA / name
        if p.exists():
            return p.read_text(errors="replace")
    return ""


def guess_metric(description: str) -> str | None:
    text = description.lower()
    m = re.search(r"#+\s*evaluation(.*?)(\n#+\s|\Z)", text, flags=re.S)
    for chunk in ([m.group(1)] if m else []) + [text]:
        for pattern, name in METRICS:
            if re.search(pattern, chunk):
                return name
    return None


LOWER_IS_BETTER = {"rmsle", "rmse", "mae", "mse", "logloss"}


# ---------------------------------------------------------------- files

def list_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file())


def _tabular_name(p: Path) -> bool:
    return p.name.lower().endswith((".csv", ".csv.zip", ".csv.gz"))


def find_sample() -> Path | None:
    """The sample submission; a zipped or gzipped one is unpacked to a plain CSV first."""
    cands = [p for p in list_files() if _tabular_name(p) and "sample" in p.name.lower()]
    cands += [p for p in list_files() if _tabular_name(p) and "submission" in p.name.lower()]
    if not cands:
        return None
    path = cands[0]
    if path.suffix.lower() != ".csv":
        out = Path(os.environ.get("TMPDIR", "/tmp")) / "sample_submission.csv"
        pd.read_csv(path, dtype=str, keep_default_na=False).to_csv(out, index=False)
        return out
    return path


def table_files() -> list[Path]:
    return [p for p in list_files() if _tabular_name(p) or p.suffix.lower() in (".parquet", ".pq")]


def read_table(path: Path, **kw) -> pd.DataFrame:
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path)
    return pd.read_csv(path, low_memory=False, **kw)


# ---------------------------------------------------------------- validation and writes

def validate(path: Path) -> tuple[bool | None, str]:
    """Ask the validation service; None when it cannot be reached."""
    try:
        req = urllib.request.Request(VALIDATION_URL, data=path.read_bytes(), headers={"Content-Type": "text/csv"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            out = json.loads(resp.read().decode())
        return bool(out.get("valid")), str(out.get("result", ""))
    except Exception as e:  # the service may rate-limit or be absent outside the sandbox
        return None, f"validation service unavailable: {e}"


def local_check(df: pd.DataFrame, sample: pd.DataFrame) -> str | None:
    if list(df.columns) != list(sample.columns):
        return f"columns {list(df.columns)} != sample's {list(sample.columns)}"
    if len(df) != len(sample):
        return f"{len(df)} rows, sample has {len(sample)}"
    if sample.iloc[:, 0].astype(str).tolist() != df.iloc[:, 0].astype(str).tolist():
        return "ids differ from the sample's"
    targets = df.iloc[:, 1:]
    sample_nan = sample.iloc[:, 1:].isna().to_numpy()
    if (targets.isna().to_numpy() & ~sample_nan).any():
        return "missing predictions"
    return None


class Submitter:
    """Writes a candidate to a temp file, validates it, and replaces submission.csv only if it is valid."""

    def __init__(self, sample: pd.DataFrame | None) -> None:
        self.sample = sample
        self.best_name: str | None = None
        self.best_score: float | None = None
        SUBMISSION_DIR.mkdir(parents=True, exist_ok=True)

    def submit(self, df: pd.DataFrame, name: str, cv_score: float | None = None) -> bool:
        if self.sample is not None:
            problem = local_check(df, self.sample)
            if problem:
                log(f"candidate {name} rejected locally: {problem}")
                return False
        tmp = SUBMISSION_DIR / ".candidate.csv"
        df.to_csv(tmp, index=False)
        ok, why = validate(tmp)
        if ok is False:
            log(f"candidate {name} rejected by the validation service: {why[:300]}")
            tmp.unlink(missing_ok=True)
            return False
        os.replace(tmp, SUBMISSION)
        self.best_name, self.best_score = name, cv_score
        log(f"submission.csv <- {name} (cv {cv_score}) [{'validated' if ok else why}]")
        save_code_note("choices.txt", f"submission: {name}\ncross-validated score: {cv_score}\n")
        return True

    def copy_sample(self, path: Path) -> bool:
        tmp = SUBMISSION_DIR / ".candidate.csv"
        shutil.copyfile(path, tmp)
        ok, why = validate(tmp)
        os.replace(tmp, SUBMISSION)
        self.best_name = "sample"
        save_code_note("choices.txt", "submission: the sample submission, unchanged\n")
        log(f"submission.csv <- sample submission {path.name} [{'validated' if ok else why}]")
        return ok is not False


def save_code_note(name: str, text: str) -> None:
    try:
        CODE.mkdir(parents=True, exist_ok=True)
        (CODE / name).write_text(text)
    except OSError:
        pass


def as_float_array(x) -> np.ndarray:
    return np.asarray(x, dtype=float)
