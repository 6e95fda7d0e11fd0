"""``mlebench dev``: maintainer tools."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Optional

import pandas as pd
import typer

from mlebench.cli._common import DEFAULT_DATA, DataDir, console, get_registry, select_competitions
from mlebench.data import kaggle
from mlebench.errors import MLEBenchError
from mlebench.grading import leaderboard as lb

app = typer.Typer(help="Maintainer tools.", no_args_is_help=True)


class _NamesSeen:
    """The Kaggle client, noting the file names inside the leaderboard download: Kaggle names the
    CSV ``<slug>-publicleaderboard…`` or ``<slug>-privateleaderboard…``."""

    def __init__(self, api: Any) -> None:
        self._api = api
        self.names: list[str] = []

    def competition_leaderboard_download(self, competition: str, path: str, quiet: bool = True) -> None:
        self._api.competition_leaderboard_download(competition, path, quiet)
        for p in Path(path).iterdir():
            if p.suffix.lower() == ".zip":
                with zipfile.ZipFile(p) as zf:
                    self.names += zf.namelist()
            elif p.suffix.lower() == ".csv":
                self.names.append(p.name)


def board_kind(names: list[str]) -> str:
    """'private', 'public' or 'unknown', from the names of the files Kaggle sent."""
    lowered = " ".join(names).lower()
    return "private" if "privateleaderboard" in lowered else "public" if "publicleaderboard" in lowered else "unknown"


def _latest_submission(path: Path) -> str | None:
    df = pd.read_csv(path)
    col = next((c for c in df.columns if str(c).lower().replace("_", "") in ("submissiondate", "lastsubmissiondate")), None)
    if col is None:
        return None
    dates = pd.to_datetime(df[col], errors="coerce", utc=True).dropna()
    return dates.max().isoformat() if len(dates) else None


def fetch_board(comp: Any, api: Any) -> dict[str, Any]:
    """Download Kaggle's whole leaderboard of ``comp`` into its data dir and write the sidecar; return the sidecar."""
    slug = comp.config.kaggle_id or comp.id
    dest = comp.root / "leaderboard.csv"
    dest.parent.mkdir(parents=True, exist_ok=True)
    seen = _NamesSeen(api)
    kaggle.download_leaderboard(slug, dest, api=seen)
    scores = lb.load_leaderboard(dest)["score"]
    if len(scores) == 0:
        dest.unlink()
        raise MLEBenchError(f"Kaggle's leaderboard of '{slug}' has no scored rows; nothing saved")
    meta = {
        "competition_id": comp.id,
        "kaggle_id": slug,
        "board": board_kind(seen.names),
        "files": seen.names,
        "source": f"Kaggle leaderboard download of {slug} (the whole CSV) via the official kaggle client",
        "downloaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "latest_submission": _latest_submission(dest),
        "teams": int(len(scores)),
    }
    (comp.root / lb.SIDECAR).write_text(json.dumps(meta, indent=2))
    return meta


@app.command("download-leaderboard")
def download_leaderboard(
    competition_id: Annotated[Optional[list[str]], typer.Option("-c", "--competition-id", help="Competition (repeatable).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every Kaggle competition.")] = False,
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """Download Kaggle's whole leaderboard (every team, not a first page) into DATA_DIR/ID/leaderboard.csv.

    A sidecar DATA_DIR/ID/leaderboard.provenance.json records whether Kaggle sent its public or private
    board, the date and the number of teams. Grading uses a downloaded board in preference to the one
    shipped with the competition; reports then say medals_against: kaggle-private-leaderboard or
    kaggle-public-leaderboard. Needs Kaggle credentials (KAGGLE_API_TOKEN, ~/.kaggle/access_token,
    or the legacy ~/.kaggle/kaggle.json).

    Example:

      mlebench dev download-leaderboard -c spooky-author-identification
    """
    reg = get_registry(data_dir)
    ids = select_competitions(reg, ids=competition_id, all_=all_)
    api = kaggle.get_api()
    for cid in ids:
        comp = reg.get_competition(cid)
        if comp.config.source != "kaggle":
            console.print(f"skip {cid}: not a Kaggle competition")
            continue
        meta = fetch_board(comp, api)
        console.print(
            f"{cid}: {meta['teams']} teams, {meta['board']} board, saved to {comp.root / 'leaderboard.csv'}", highlight=False
        )
        if meta["board"] != "private":
            console.print(
                f"  note: medals for {cid} are now computed against a {meta['board']} board, not the final private one",
                highlight=False,
            )
