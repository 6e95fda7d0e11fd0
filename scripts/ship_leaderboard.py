#!/usr/bin/env python
"""Ship a human leaderboard with a competition: one command per competition.

    python scripts/ship_leaderboard.py spooky-author-identification        # one
    python scripts/ship_leaderboard.py --all                               # every implemented Kaggle folder
    python scripts/ship_leaderboard.py --table                             # only rewrite LEADERBOARD.md

For each competition folder (src/mlebench/competitions/ID, created first by whoever adds the
competition) it copies ``<boards>/<kaggle id>.csv`` (``rank,score``, best first; default
../shared/leaderboards, see its PROVENANCE.md) to ``ID/leaderboard.csv``, refuses a board that is
not sorted best first in the competition's direction, writes the ``leaderboard:`` block of
``ID/config.yaml`` (kind, source, retrieved, teams) and rewrites
src/mlebench/competitions/LEADERBOARD.md from every folder's block.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from mlebench.grading import leaderboard as lb

ROOT = Path(__file__).resolve().parents[1]
COMPETITIONS = ROOT / "src" / "mlebench" / "competitions"
BOARDS = ROOT.parent / "shared" / "leaderboards"
SOURCE = (
    "final Kaggle private leaderboard, from MLE-Dojo (MIT) "
    "mledojo/competitions/{slug}/info/private_leaderboard.csv at commit 667a8fd"
)
# v1's published thresholds (gold, silver, bronze, median or None), checked when a board is shipped
PUBLISHED: dict[str, tuple[float, float, float, float | None]] = {
    "spooky-author-identification": (0.16506, 0.26996, 0.29381, 0.41815),
    "new-york-city-taxi-fare-prediction": (2.83377, 2.88191, 2.92371, None),
    "denoising-dirty-documents": (0.01794, 0.02609, 0.04517, None),
    "aerial-cactus-identification": (1.0, 1.0, 1.0, 0.9991),
    "champs-scalar-coupling": (-2.87509, -2.03119, -1.90122, None),
}
_BLOCK = re.compile(r"^leaderboard:\n(?:[ \t]+.*\n?)*", re.M)


class ShipError(Exception):
    pass


def _config(folder: Path) -> dict:
    return yaml.safe_load((folder / "config.yaml").read_text()) or {}


def published_check(slug: str, scores: pd.Series, *, lower_is_better: bool) -> str | None:
    """'published thresholds ✓' when v1's published values come out, None when none are known."""
    if slug not in PUBLISHED:
        return None
    t = lb.thresholds(scores, lower_is_better=lower_is_better)
    want = PUBLISHED[slug]
    got = (t.gold, t.silver, t.bronze, t.median)
    if any(w is not None and w != g for w, g in zip(want, got)):
        raise ShipError(f"{slug}: thresholds {got} differ from v1's published {want}")
    return "published thresholds ✓"


def ship(competition_id: str, boards: Path = BOARDS, competitions: Path = COMPETITIONS, *, today: str | None = None) -> Path:
    """Copy the board into the competition folder and record its provenance; return the copy's path."""
    folder = competitions / competition_id
    if not (folder / "config.yaml").exists():
        raise ShipError(f"{folder} has no config.yaml: add the competition first")
    config = _config(folder)
    slug = config.get("kaggle_id") or competition_id
    src = boards / f"{slug}.csv"
    if not src.exists():
        raise ShipError(f"no board {src}")
    board = lb.load_leaderboard(src)
    lower = bool(config.get("is_lower_better", False))
    wrong = lb.problems(board["score"], lower_is_better=lower)
    if wrong:
        raise ShipError(f"{src}: " + "; ".join(wrong))
    checks = ["sorted best first", "direction = config"]
    published = published_check(slug, board["score"], lower_is_better=lower)
    if published:
        checks.append(published)
    dest = folder / "leaderboard.csv"
    shutil.copyfile(src, dest)
    meta = {
        "kind": lb.KAGGLE_PRIVATE,
        "kaggle_id": slug,
        "source": SOURCE.format(slug=slug),
        "retrieved": today or date.today().isoformat(),
        "teams": len(board),
        "checks": checks,
    }
    text = (folder / "config.yaml").read_text()
    block = yaml.safe_dump({"leaderboard": meta}, sort_keys=False, allow_unicode=True, width=1000)
    text = _BLOCK.sub("", text).rstrip("\n") + "\n" + block
    (folder / "config.yaml").write_text(text)
    return dest


def table(competitions: Path = COMPETITIONS, boards: Path = BOARDS) -> str:
    """LEADERBOARD.md: every shipped board with its provenance, and the Kaggle folders without one."""
    rows, missing = [], []
    for folder in sorted(p for p in competitions.iterdir() if (p / "config.yaml").exists()):
        config = _config(folder)
        if config.get("source", "kaggle") != "kaggle":
            continue
        meta = config.get("leaderboard")
        if not meta or not (folder / "leaderboard.csv").exists():
            missing.append(folder.name)
            continue
        scores = lb.load_leaderboard(folder / "leaderboard.csv")["score"]
        t = lb.thresholds(scores, lower_is_better=bool(config.get("is_lower_better", False)))
        rows.append(
            f"| {folder.name} | {meta['kaggle_id']} | {meta['teams']} | "
            f"{'lower' if config.get('is_lower_better') else 'higher'} | "
            f"{t.gold:.6g} / {t.silver:.6g} / {t.bronze:.6g} / {t.median:.6g} | {meta['kind']} | "
            f"{meta['retrieved']} | {', '.join(meta.get('checks', []))} |"
        )
    head = (
        "# Human leaderboards shipped with the competitions\n\n"
        "Each Kaggle competition folder below ships `leaderboard.csv` (`rank,score`, one row per team, best\n"
        "first): the final (private) Kaggle leaderboard. Medals, above-median, percentile and rank are\n"
        "computed against it with v1's rules (src/mlebench/grading/leaderboard.py) and reports say\n"
        f"`medals_against: {lb.KAGGLE_PRIVATE}`. Source of every board: the MLE-Dojo project (MIT), file\n"
        "`mledojo/competitions/<kaggle id>/info/private_leaderboard.csv` at commit 667a8fd (public Kaggle\n"
        "results; v1 ships the same boards only as Git LFS pointers). Provenance per board is the\n"
        "`leaderboard:` block of the folder's config.yaml. A `-v2` folder ships its Kaggle id's board.\n\n"
        "Checks made when shipping: rows sorted best first in the configured direction; v1's direction\n"
        "rule (first row < last row means lower is better) agrees with the config; v1's published\n"
        "thresholds come out exactly where known. tests/grading/test_leaderboard_shipped.py repeats them.\n\n"
        "| competition | kaggle id | teams | better | gold / silver / bronze / median | kind | retrieved | checks |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    tail = (
        "\n## Kaggle competitions without a shipped board\n\n"
        + "".join(f"- {m}: no public copy found; reports say so and medals are not computed.\n" for m in missing)
        + "\nGet one with `mlebench dev download-leaderboard -c ID` (needs a Kaggle account): it downloads\n"
        "Kaggle's whole leaderboard CSV into `DATA_DIR/ID/leaderboard.csv` with a sidecar\n"
        f"`{lb.SIDECAR}` (public or private board, date, teams). A downloaded board wins over a\n"
        "shipped one; reports then say `kaggle-private-leaderboard` or `kaggle-public-leaderboard`.\n"
        "Also missing from ../shared/leaderboards (catalog competitions not implemented yet):\n"
        "tensorflow-speech-recognition-challenge, tensorflow2-question-answering,\n"
        "3d-object-detection-for-autonomous-vehicles, google-research-identify-contrails-reduce-global-warming,\n"
        "rsna-2022-cervical-spine-fracture-detection, rsna-breast-cancer-detection.\n\n"
        "## Shipping the board of a newly added competition\n\n"
        "Once the competition's folder exists (config.yaml with `is_lower_better` and, for a fixed\n"
        "version, `kaggle_id`):\n\n"
        "    .venv/bin/python scripts/ship_leaderboard.py ID\n\n"
        "copies `../shared/leaderboards/<kaggle id>.csv`, writes the `leaderboard:` block and rewrites\n"
        "this file; then run `.venv/bin/python -m pytest tests/grading/test_leaderboard_shipped.py` and\n"
        "commit the three files. Caution from PROVENANCE.md: multi-modal-gesture-recognition's board is\n"
        "unusually small per row and holds a 999999 sentinel score; treat its medals as unverified.\n"
    )
    return head + "".join(r + "\n" for r in rows) + tail


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ids", nargs="*", help="competition ids (folders under src/mlebench/competitions)")
    ap.add_argument("--all", action="store_true", help="every Kaggle folder whose board is in --boards")
    ap.add_argument("--table", action="store_true", help="only rewrite LEADERBOARD.md")
    ap.add_argument("--boards", type=Path, default=BOARDS, help=f"folder of <kaggle id>.csv boards (default {BOARDS})")
    args = ap.parse_args(argv)
    ids = list(args.ids)
    if args.all:
        for folder in sorted(COMPETITIONS.iterdir()):
            if (folder / "config.yaml").exists():
                config = _config(folder)
                slug = config.get("kaggle_id") or folder.name
                if config.get("source", "kaggle") == "kaggle" and (args.boards / f"{slug}.csv").exists():
                    ids.append(folder.name)
    if not ids and not args.table:
        ap.error("give competition ids, --all or --table")
    try:
        for cid in ids:
            dest = ship(cid, args.boards)
            print(f"{cid}: {dest.relative_to(ROOT)}")
    except ShipError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    (COMPETITIONS / "LEADERBOARD.md").write_text(table())
    print(f"wrote {(COMPETITIONS / 'LEADERBOARD.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
