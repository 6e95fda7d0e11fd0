"""Errors a user can act on. The CLI prints them as one line, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["MLEBenchError", "NotPreparedError", "UnknownCompetitionError"]


class MLEBenchError(Exception):
    """A problem caused by input or setup that the user can fix; the message says how."""


class UnknownCompetitionError(MLEBenchError, KeyError):
    def __init__(self, competition_id: str, known: Iterable[str]) -> None:
        close = difflib.get_close_matches(competition_id, list(known), n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else " Run `mlebench list` to see all."
        super().__init__(f"Unknown competition '{competition_id}'.{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class NotPreparedError(MLEBenchError):
    def __init__(self, competition_id: str, data_dir: str) -> None:
        super().__init__(
            f"Competition '{competition_id}' is not prepared in {data_dir}. "
            f"Run: mlebench prepare -c {competition_id} --data-dir {data_dir}"
        )
