"""MLE-bench: evaluate AI agents on end-to-end machine-learning engineering."""

__version__ = "2.0.0.dev0"
