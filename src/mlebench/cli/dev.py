"""``mlebench dev``: maintainer tools."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Annotated, Optional

import typer

from mlebench.cli._common import DEFAULT_DATA, DataDir, console, get_registry, select_competitions
from mlebench.data import kaggle

app = typer.Typer(help="Maintainer tools.", no_args_is_help=True)


@app.command("download-leaderboard")
def download_leaderboard(
    competition_id: Annotated[Optional[list[str]], typer.Option("-c", "--competition-id", help="Competition (repeatable).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every Kaggle competition.")] = False,
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """Download Kaggle's public leaderboard into DATA_DIR/ID/leaderboard.csv with a provenance note.

    Grading uses a downloaded leaderboard in preference to the one shipped with the competition.
    """
    reg = get_registry(data_dir)
    ids = select_competitions(reg, ids=competition_id, all_=all_)
    api = kaggle.get_api()
    for cid in ids:
        comp = reg.get_competition(cid)
        if comp.config.source != "kaggle":
            console.print(f"skip {cid}: not a Kaggle competition")
            continue
        slug = comp.config.kaggle_id or cid
        dest = comp.root / "leaderboard.csv"
        dest.parent.mkdir(parents=True, exist_ok=True)
        kaggle.download_leaderboard(slug, dest, api=api)
        (comp.root / "leaderboard.provenance.json").write_text(json.dumps({
            "source": f"Kaggle public leaderboard of {slug} via the official kaggle client",
            "board": "public",
            "downloaded_at": datetime.now(timezone.utc).isoformat(),
        }, indent=2))
        console.print(f"{cid}: leaderboard saved to {dest}")
