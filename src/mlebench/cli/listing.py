"""``mlebench list``: what competitions exist, their splits, and what is prepared."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from mlebench.cli._common import DEFAULT_DATA, DataDir, console, get_registry


def list_competitions(
    split: Annotated[Optional[str], typer.Option("--split", help="Only competitions of this split (low/lite, medium, high, all, offline, …).")] = None,
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """List competitions: id, splits, metric, direction, prepared?, leaderboard?

    A split of v1 names more competitions than this installation implements; the ones missing are named.

    Examples:

      mlebench list

      mlebench list --split offline

      mlebench list --split all        # v1's 75 competitions: which are implemented here
    """
    reg = get_registry(data_dir)
    wanted = reg.get_split(split) if split else reg.list_competition_ids()
    ids = [i for i in wanted if reg.is_implemented(i)]
    missing = [i for i in wanted if not reg.is_implemented(i)]
    if ids:
        table = Table("id", "splits", "metric", "better", "prepared", "leaderboard")
        for cid in ids:
            comp = reg.get_competition(cid)
            board = "-"
            if comp.leaderboard.exists():
                board = "reference" if comp.medals_against == "reference-solutions" else "kaggle"
            table.add_row(
                cid,
                ",".join(s for s in reg.splits_of(cid) if s != "split75") or "-",
                comp.config.metric,
                "lower" if comp.is_lower_better else "higher",
                "yes" if comp.is_prepared() else "no",
                board,
            )
        console.print(table)
    if split:
        console.print(f"split {split}: {len(ids)} of {len(wanted)} competitions implemented here; data dir {reg.get_data_dir()}",
                      highlight=False)
    else:
        console.print(f"{len(ids)} competitions; data dir {reg.get_data_dir()}", highlight=False)
    if missing:
        console.print(f"not implemented ({len(missing)}): {', '.join(missing)}", highlight=False)
