"""MLE-bench as an Inspect AI task: ``inspect eval mlebench/mle_bench`` (see README, "Inspect AI").

Samples are prepared competitions (instructions as input, public data in the sandbox); the scorer
copies the submission out of the sandbox and grades it on the host, like ``mlebench grade-sample``.
"""

try:
    import inspect_ai  # noqa: F401
except ModuleNotFoundError:  # an optional extra: say how to get it, in one line
    from mlebench.errors import MLEBenchError

    raise MLEBenchError("the Inspect AI task needs inspect-ai: pip install 'mlebench[inspect]'") from None

from mlebench.inspect._dataset import SUBMISSION, competition_sample, competition_samples
from mlebench.inspect._scorer import FLAGS, copy_out, mle_bench_scorer, report_score
from mlebench.inspect._task import default_solver, mle_bench

__all__ = [
    "FLAGS",
    "SUBMISSION",
    "competition_sample",
    "competition_samples",
    "copy_out",
    "default_solver",
    "mle_bench",
    "mle_bench_scorer",
    "report_score",
]
