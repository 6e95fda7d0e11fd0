"""Downloads from Kaggle through the official ``kaggle`` client.

Kaggle cannot be reached from our test machines, so the client is injectable: tests pass an
object with the same methods (``competition_download_files``, ``competition_leaderboard_download``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError


def rules_url(slug: str) -> str:
    return f"https://www.kaggle.com/c/{slug}/rules"


def get_api() -> Any:
    """An authenticated Kaggle API client (credentials from ~/.kaggle/kaggle.json or KAGGLE_* env)."""
    try:
        from kaggle.api.kaggle_api_extended import KaggleApi
    except ImportError as e:
        if e.name and e.name.split(".")[0] == "kaggle":
            raise MLEBenchError("the Kaggle client is not installed: pip install 'mlebench[kaggle]'") from None
        # e.g. kaggle 2.2.x imports `six` without declaring it
        raise MLEBenchError(f"the Kaggle client cannot be imported ({e}); pip install {e.name}") from None
    api = KaggleApi()
    try:
        api.authenticate()
    except (Exception, SystemExit) as e:  # older clients call sys.exit() when no credentials are found
        raise MLEBenchError(
            f"Kaggle authentication failed ({e}). Put your API token in ~/.kaggle/kaggle.json "
            "or set KAGGLE_USERNAME and KAGGLE_KEY."
        ) from None
    return api


def _explain(e: Exception, slug: str) -> MLEBenchError:
    text = str(e)
    status = getattr(e, "status", None) or getattr(getattr(e, "response", None), "status_code", None)
    if status == 403 or "403" in text or "Forbidden" in text:
        return MLEBenchError(
            f"Kaggle refused the download of '{slug}' (403): accept the competition's rules first at "
            f"{rules_url(slug)} (if the button is greyed out, use the Data tab), then retry."
        )
    if status == 404 or "404" in text:
        return MLEBenchError(f"Kaggle has no competition '{slug}' (404).")
    return MLEBenchError(f"Kaggle download of '{slug}' failed: {text.splitlines()[0] if text else type(e).__name__}")


def download_competition(slug: str, dest: Path, api: Any = None) -> Path:
    """Download a competition's files as ``dest/<slug>.zip`` and return the zip's path."""
    dest.mkdir(parents=True, exist_ok=True)
    api = api or get_api()
    try:
        api.competition_download_files(slug, path=str(dest), quiet=False)
    except MLEBenchError:
        raise
    except Exception as e:
        raise _explain(e, slug) from None
    zips = sorted(dest.glob("*.zip"))
    if not zips:
        raise MLEBenchError(f"Kaggle download of '{slug}' produced no zip file in {dest}")
    return zips[0]


def extract(zip_path: Path, dest: Path, *, _depth: int = 0) -> None:
    """Extract a zip, refusing members that would escape ``dest``; top-level zips inside it are
    extracted too (and removed)."""
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        for name in names:
            target = (dest / name).resolve()
            if root not in target.parents and target != root:
                raise MLEBenchError(f"{zip_path.name}: member '{name}' escapes the extraction folder")
        zf.extractall(dest)
    if _depth >= 3:
        return
    # only the zips this archive contained: globbing dest would find them again while recursing
    for name in names:
        inner = dest / name
        if "/" not in name.rstrip("/") and name.lower().endswith(".zip") and inner.is_file():
            extract(inner, dest, _depth=_depth + 1)
            inner.unlink()


def download_leaderboard(slug: str, dest_csv: Path, api: Any = None) -> Path:
    """Download Kaggle's public leaderboard of ``slug`` as ``dest_csv``."""
    api = api or get_api()
    tmp = dest_csv.parent / f".lb-{slug}"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        api.competition_leaderboard_download(slug, path=str(tmp), quiet=True)
    except Exception as e:
        raise _explain(e, slug) from None
    for z in tmp.glob("*.zip"):
        extract(z, tmp)
    csvs = sorted(tmp.glob("*.csv"))
    if not csvs:
        raise MLEBenchError(f"Kaggle returned no leaderboard CSV for '{slug}'")
    csvs[0].replace(dest_csv)
    for p in tmp.iterdir():
        p.unlink()
    tmp.rmdir()
    return dest_csv


def raw_folder(raw: Path, name: str, scratch: Path) -> Path:
    """``raw/<name>/`` when the download was fully extracted, else ``raw/<name>.zip`` unpacked into ``scratch``.

    Kaggle ships image folders as inner zips; ``mlebench prepare`` extracts them, a ``--raw-dir``
    given by a user may or may not have. Preparation must give the same files either way.
    """
    if (raw / name).is_dir():
        return raw / name
    with zipfile.ZipFile(raw / f"{name}.zip") as zf:
        zf.extractall(scratch)
    return scratch / name if (scratch / name).is_dir() else scratch
