"""Inspect's entry point (``[project.entry-points.inspect_ai] mlebench = "mlebench.inspect._registry"``)."""

from mlebench.inspect._task import mle_bench

__all__ = ["mle_bench"]
