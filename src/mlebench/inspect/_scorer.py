"""The scorer: copies ``submission/submission.csv`` OUT of the sandbox and grades it on the host.

The answers never enter the sandbox. The copy is bounded (Inspect's read limit, a timeout against a
FIFO) and graded by ``mlebench.grading.core.grade_csv``, the function behind ``mlebench
grade-sample``, so a sample's score is the score ``grade-sample`` gives the same file. The full
grading report (v1's fields: medals, thresholds, ``above_median``…) is the score's metadata.

Score value: ``{"score": the competition's score or None, "valid_submission", "above_median",
"any_medal", "gold_medal", "silver_medal", "bronze_medal"}``; the flags' means are the task's metrics
(v1's summary totals: a missing or invalid submission counts, with ``reason`` ``no_submission`` or
``invalid_submission``). A grader failure (ours) is Inspect's unscored NaN with ``reason``
``grader_failed``: left out of the metrics, never counted against the agent. Scores of different
competitions are not comparable, so no metric averages them.
"""

from __future__ import annotations

import asyncio
import errno
import math
import os
import stat
import tempfile
from pathlib import Path

import anyio
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import TaskState
from inspect_ai.util import OutputLimitExceededError, SandboxEnvironment, sandbox
from inspect_ai.util._sandbox.local import LocalSandboxEnvironment

from mlebench.grading.core import build_report, grade_csv
from mlebench.grading.report import CompetitionReport
from mlebench.inspect._dataset import SUBMISSION
from mlebench.registry import with_data_dir

FLAGS = ("valid_submission", "above_median", "any_medal", "gold_medal", "silver_medal", "bronze_medal")
READ_TIMEOUT_S = 120  # a FIFO or a stalled container must not hang the scoring


def local_file_kind(sb: SandboxEnvironment, sandbox_path: str) -> str | None:
    """What is at ``sandbox_path`` in Inspect's ``local`` sandbox, if it is not a plain file (a link would
    be followed on the host by ``read_file``: to the answers, say); None otherwise and for other sandboxes."""
    try:
        local = sb.as_type(LocalSandboxEnvironment)  # sandbox() hands out a proxy: as_type unwraps it
    except TypeError:
        return None  # docker's read_file refuses what is not a regular file itself
    root = Path(local.directory.name).resolve()
    path = root / sandbox_path
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if not path.resolve().is_relative_to(root):  # a linked parent folder
        return "outside the sandbox (through a link)"
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "a link, FIFO or device"


async def copy_out(sandbox_path: str, dest: Path) -> str | None:
    """Copy a file out of the sample's sandbox to ``dest``; the reason it could not be, or None.

    Failures that are the sandbox's own (a container gone) raise: they are Inspect's sample errors,
    not the agent's.
    """
    sb = sandbox()
    kind = local_file_kind(sb, sandbox_path)
    if kind is not None:
        return f"{sandbox_path} is {kind}, not a regular file"
    try:
        with anyio.fail_after(READ_TIMEOUT_S):
            data = await sb.read_file(sandbox_path, text=False)
    except FileNotFoundError:
        return f"no {sandbox_path} at the end of the run"
    except IsADirectoryError:
        return f"{sandbox_path} is a folder, not a file"
    except PermissionError:
        return f"{sandbox_path} could not be read (permission denied)"
    except OutputLimitExceededError as e:
        return f"{sandbox_path} is over the size limit for copying it out of the sandbox ({e.limit_str})"
    except TimeoutError:
        return f"{sandbox_path} could not be read within {READ_TIMEOUT_S} s (not a regular file?)"
    except OSError as e:
        if e.errno != errno.EINVAL:  # docker's answer for a link, FIFO or device
            raise
        return f"{sandbox_path} is not a regular file (link, FIFO or device)"
    dest.write_bytes(data)
    return None


def report_score(report: CompetitionReport) -> Score:
    """An Inspect score from a grading report."""
    metadata = report.to_dict()
    if report.grading_error is not None:
        return Score(value=math.nan, reason="grader_failed", explanation=report.grading_error, metadata=metadata)
    value = {"score": report.score, **{flag: bool(metadata[flag]) for flag in FLAGS}}
    if not report.submission_exists:
        return Score(value=value, reason="no_submission", explanation=report.invalid_reason, metadata=metadata)
    if report.score is None:
        return Score(value=value, reason="invalid_submission", explanation=report.invalid_reason, metadata=metadata)
    return Score(value=value, explanation=f"score {report.score}, medal: {report.medal.value}", metadata=metadata)


@scorer(metrics={flag: [mean()] for flag in FLAGS})
def mle_bench_scorer(data_dir: str | None = None, keep_submissions: str | None = None) -> Scorer:
    """Grade each sample's submission outside its sandbox.

    Args:
        data_dir: The prepared data; default: the one the sample was built from.
        keep_submissions: A folder to keep each copied submission in
            (``<competition>/<epoch>/submission.csv``); default: a temporary folder, deleted.
    """

    async def score(state: TaskState, target: Target) -> Score:
        competition = with_data_dir(data_dir or state.metadata["data_dir"]).get_competition(
            state.metadata["competition_id"])
        with tempfile.TemporaryDirectory(prefix="mlebench-inspect-") as tmp:
            folder = Path(keep_submissions) / competition.id / str(state.epoch) if keep_submissions else Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            dest = folder / "submission.csv"
            dest.unlink(missing_ok=True)
            reason = await copy_out(SUBMISSION, dest)
            if reason is not None:
                report = build_report(competition, dest, None, reason, exists=False)
            else:  # grading is CPU work: off the event loop, so other samples keep running
                report = await asyncio.to_thread(grade_csv, dest, competition)
        if keep_submissions is None:
            report = report.model_copy(update={"submission_path": SUBMISSION})
        return report_score(report)

    return score
