"""``mlebench leaderboard``: a competition's board (size, medal thresholds, median, provenance) and
where given scores would land on it."""

from __future__ import annotations

import json
from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from mlebench.cli._common import DEFAULT_DATA, DataDir, console, get_registry
from mlebench.errors import MLEBenchError
from mlebench.grading import leaderboard as lb
from mlebench.registry import Competition

EPILOG = """Examples:

  mlebench leaderboard spooky-author-identification

  mlebench leaderboard spooky-author-identification --score 0.25 --score 0.5

  mlebench leaderboard aerial-cactus-identification --score 0.9995 --json
"""


def medal_name(medals: dict[str, bool]) -> str:
    return next((m for m in ("gold", "silver", "bronze") if medals[f"{m}_medal"]), "none")


def summarize(comp: Competition, scores: list[float]) -> dict[str, Any]:
    """The board of ``comp`` and the placement of each score, as data."""
    board = lb.board(comp)
    if board is None:
        raise MLEBenchError(lb.missing_note(comp))
    values = lb.load_leaderboard(board.path)["score"]
    if len(values) == 0:
        raise MLEBenchError(f"the leaderboard {board.path} has no scored rows")
    lower = comp.is_lower_better
    t = lb.thresholds(values, lower_is_better=lower)
    gold, silver, bronze = lb.medal_positions(len(values))
    placements = []
    for s in scores:
        medals = lb.medals(s, t, lower_is_better=lower)
        placements.append({
            "score": s,
            "rank": lb.rank(s, values, lower_is_better=lower),
            "percentile": 100.0 * lb.percentile(s, values, lower_is_better=lower),
            "medal": medal_name(medals),
            "above_median": medals["above_median"],
        })
    return {
        "competition_id": comp.id,
        "medals_against": board.kind,
        "path": str(board.path),
        "downloaded": board.downloaded,
        "source": board.source,
        "retrieved": board.retrieved,
        "teams": int(len(values)),
        "is_lower_better": lower,
        "thresholds": {
            "gold": {"position": gold, "score": t.gold},
            "silver": {"position": silver, "score": t.silver},
            "bronze": {"position": bronze, "score": t.bronze},
            "median": {"position": None, "score": t.median},
        },
        "placements": placements,
    }


def leaderboard(
    competition_id: Annotated[str, typer.Argument(help="The competition (see `mlebench list`).")],
    score: Annotated[Optional[list[float]], typer.Option("--score", "-s", help="A score to place on the board (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """Show a competition's leaderboard: teams, medal thresholds (v1's rules), median, where it came
    from, and where each --score would land (rank, share of teams beaten, medal)."""
    comp = get_registry(data_dir).get_competition(competition_id)
    info = summarize(comp, list(score or []))
    if as_json:
        console.print_json(json.dumps(info))
        return
    direction = "lower" if info["is_lower_better"] else "higher"
    console.print(
        f"{info['competition_id']}: {info['teams']} teams, {direction} is better, medals against {info['medals_against']}",
        highlight=False,
    )
    origin = "downloaded" if info["downloaded"] else "shipped"
    console.print(
        f"{origin} board {info['path']}"
        + (f"; source: {info['source']}" if info["source"] else "")
        + (f"; retrieved {info['retrieved']}" if info["retrieved"] else ""),
        highlight=False, soft_wrap=True,
    )
    table = Table("threshold", "position", "score")
    for name, th in info["thresholds"].items():
        table.add_row(name, "-" if th["position"] is None else str(th["position"]), f"{th['score']:.6g}")
    console.print(table)
    for p in info["placements"]:
        console.print(
            f"score {p['score']:g}: rank {p['rank']} of {info['teams']}, beats {p['percentile']:.1f}% of teams, "
            f"medal: {p['medal']}, {'above' if p['above_median'] else 'not above'} median",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.command("leaderboard", epilog=EPILOG)(leaderboard)
