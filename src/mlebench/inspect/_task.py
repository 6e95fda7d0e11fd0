"""``mle_bench``: MLE-bench as an Inspect AI task (one sample per prepared competition)."""

from __future__ import annotations

from inspect_ai import Task, task
from inspect_ai._util.error import PrerequisiteError  # what Inspect's CLI prints without a traceback
from inspect_ai.dataset import MemoryDataset
from inspect_ai.solver import Solver, basic_agent, system_message
from inspect_ai.tool import bash, python

from mlebench.errors import MLEBenchError
from mlebench.inspect._dataset import competition_samples
from mlebench.inspect._scorer import mle_bench_scorer
from mlebench.registry import with_data_dir

SYSTEM = ("You are an expert machine-learning engineer working in a sandbox with bash and python tools. "
          "Write submission/submission.csv before you submit; your submit() answer itself is not graded.")



class TaskSetupError(MLEBenchError, PrerequisiteError):
    """A mistake in the task's arguments or data: ``inspect eval`` prints it as one line."""

    def __init__(self, message: str) -> None:
        MLEBenchError.__init__(self, message)
        self.message = message


def default_solver(tool_timeout: int = 600) -> Solver:
    """A ReAct agent with bash and python in the sandbox."""
    return basic_agent(init=system_message(SYSTEM), tools=[bash(timeout=tool_timeout), python(timeout=tool_timeout)])


@task
def mle_bench(
    split: str = "offline-lite",
    sandbox: str = "docker",
    competitions: str | list[str] | None = None,
    data_dir: str | None = None,
    image: str | None = None,
    time_limit: int | None = None,
    message_limit: int | None = 100,
) -> Task:
    """MLE-bench competitions as Inspect samples, graded outside the sandbox.

    Args:
        split: The split to run (``mlebench``'s splits: ``offline-lite``, ``lite``, ``low``, …).
        sandbox: ``docker`` (public data mounted read-only, no network) or ``local`` (development only: no isolation).
        competitions: Competition ids (a comma-separated string or a list) to run instead of a split.
        data_dir: The prepared data (default: ``MLEBENCH_DATA_DIR`` or ``~/.cache/mle-bench/data``).
        image: The docker image (default: ``mlebench-env:latest``, as ``mlebench run --sandbox docker``).
        time_limit: Seconds each sample may run (Inspect's ``time_limit``).
        message_limit: Messages each sample may exchange with the model.
    """
    registry = with_data_dir(data_dir)
    if isinstance(competitions, str):
        competitions = [c.strip() for c in competitions.split(",") if c.strip()]
    try:
        ids = list(competitions) if competitions else registry.get_split(split)
        samples = competition_samples(registry, ids, sandbox, image=image)
    except MLEBenchError as e:
        raise TaskSetupError(f"mle_bench: {e}") from None
    return Task(
        dataset=MemoryDataset(samples, name=f"mle-bench-{'custom' if competitions else split}"),
        solver=default_solver(),
        scorer=mle_bench_scorer(data_dir=str(registry.get_data_dir())),
        time_limit=time_limit,
        message_limit=message_limit,
        metadata={"split": None if competitions else split, "data_dir": str(registry.get_data_dir())},
    )
