"""The baseline agent: a valid submission first, then real models chosen by cross-validation.

Runs inside the sandbox with the agent environment (numpy, pandas, scipy, scikit-learn, pillow).
Every candidate is validated before it replaces /home/submission/submission.csv, and a watchdog
exits before TIME_LIMIT_SECS so the last valid file is what gets graded.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from pathlib import Path

# One thread: OpenMP's spinning threads slow gradient boosting ~20x on a loaded 2-core machine.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd  # noqa: E402

from common import (CODE, Budget, Submitter, find_sample, guess_metric, log, read_description, save_code_note,
                    start_watchdog)  # noqa: E402


def main() -> int:
    budget = Budget(float(os.environ.get("TIME_LIMIT_SECS", "600")))
    start_watchdog(budget)
    log(f"baseline agent on {os.environ.get('COMPETITION_ID', '?')}: time limit {budget.total:.0f}s, "
        f"hardware {os.environ.get('HARDWARE', '?')}")
    try:
        CODE.mkdir(parents=True, exist_ok=True)
        for f in Path(__file__).resolve().parent.glob("*.py"):
            shutil.copyfile(f, CODE / f.name)
    except OSError:
        pass
    description = read_description()
    metric = guess_metric(description)
    log(f"metric from the description: {metric}")
    sample_path = find_sample()
    if sample_path is None:
        log("no sample submission found: nothing to adapt")
        return 1
    sample = pd.read_csv(sample_path, dtype={0: str}, keep_default_na=False, na_values=[""])
    id_col = sample.columns[0]
    sample[id_col] = sample[id_col].astype(str)
    submitter = Submitter(sample)
    submitter.copy_sample(sample_path)
    solvers = _solvers()
    for name, detect, solve in solvers:
        try:
            found = detect(sample)
        except Exception:
            log(f"detecting {name} failed:\n{traceback.format_exc()}")
            continue
        if not found:
            continue
        log(f"task detected: {name}")
        try:
            solve(sample, found, metric, budget, submitter)
        except Exception:
            log(f"{name} failed; keeping the last valid submission:\n{traceback.format_exc()}")
        break
    else:
        log("no dedicated handling for this task: the sample submission stays")
    log(f"done in {budget.used():.0f}s; submission from {submitter.best_name} (cv {submitter.best_score})")
    save_code_note("choices.txt", f"metric: {metric}\nsubmission: {submitter.best_name}\ncv: {submitter.best_score}\n")
    return 0


def _solvers():
    import image2image
    import media
    import segmentation
    import sequences
    import tables

    return [("text normalisation", sequences.find_normalization, sequences.solve_normalization),
            ("ranking", sequences.find_ranking, sequences.solve_ranking),
            ("table", tables.find, tables.solve),
            ("image-to-image", image2image.find, image2image.solve),
            ("segmentation", segmentation.find, segmentation.solve),
            ("image/audio files", media.find, media.solve)]


if __name__ == "__main__":
    sys.exit(main())
