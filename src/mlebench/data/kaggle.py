"""Downloads from Kaggle through the official ``kaggle`` client.

Kaggle cannot be reached from our test machines, so the client is injectable: tests pass an
object with the same methods (``competition_download_files``, ``competition_leaderboard_download``).

Credentials are what the installed client accepts (kaggle 2.x: ``KAGGLE_API_TOKEN``,
``~/.kaggle/access_token``, ``kaggle auth login``; the legacy ``kaggle.json`` / ``KAGGLE_USERNAME`` +
``KAGGLE_KEY``). They are looked for before the client is imported, and the client's own output is
silenced, so a missing or rejected credential is one message of ours.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mlebench.data.extract import extract_zip, print_progress
from mlebench.errors import MLEBenchError


def rules_url(slug: str) -> str:
    return f"https://www.kaggle.com/c/{slug}/rules"


CREDENTIALS_HELP = (
    "create an API token at https://www.kaggle.com/settings/api and export KAGGLE_API_TOKEN=<token> or save it "
    "in ~/.kaggle/access_token (or run `kaggle auth login`); legacy keys work too: ~/.kaggle/kaggle.json or "
    "KAGGLE_USERNAME and KAGGLE_KEY. Without Kaggle: --raw-dir DIR with files you downloaded, or the offline suite "
    "(mlebench prepare --split offline)"
)


def _config_dir(env: Mapping[str, str], home: Path) -> Path:
    """Where the kaggle client looks for kaggle.json (KAGGLE_CONFIG_DIR, ~/.kaggle, or XDG's kaggle folder)."""
    if env.get("KAGGLE_CONFIG_DIR"):
        return Path(env["KAGGLE_CONFIG_DIR"])
    legacy = home / ".kaggle"
    if legacy.exists() or not sys.platform.startswith("linux"):
        return legacy
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "kaggle"


def credential_source(environ: Mapping[str, str] | None = None, home: Path | None = None) -> str | None:
    """Where the kaggle client (2.x, and 1.x's legacy keys) will find credentials, or None.

    Checked without importing ``kaggle``: importing it authenticates at once and prints its own help.
    """
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home()) if home is None else home
    if env.get("KAGGLE_API_TOKEN"):
        return "KAGGLE_API_TOKEN"
    for name in ("access_token", "access_token.txt"):
        path = home / ".kaggle" / name
        if path.is_file() and path.read_text(errors="replace").strip():
            return f"~/.kaggle/{name}"
    legacy = _config_dir(env, home) / "kaggle.json"
    stored: dict = {}
    if legacy.is_file():
        try:
            stored = json.loads(legacy.read_text())
        except (ValueError, UnicodeDecodeError):
            raise MLEBenchError(f"{legacy} is not valid JSON; it should be {{\"username\": …, \"key\": …}}") from None
        stored = stored if isinstance(stored, dict) else {}
    if (env.get("KAGGLE_USERNAME") or stored.get("username")) and (env.get("KAGGLE_KEY") or stored.get("key")):
        return "KAGGLE_USERNAME/KAGGLE_KEY" if env.get("KAGGLE_KEY") else str(legacy)
    if (home / ".kaggle" / "credentials.json").is_file():  # `kaggle auth login`
        return "~/.kaggle/credentials.json"
    return None


def require_credentials() -> str:
    """The credentials' source; MLEBenchError saying how to set them up when there are none."""
    source = credential_source()
    if source is None:
        raise MLEBenchError(f"no Kaggle credentials found: {CREDENTIALS_HELP}")
    return source


@contextlib.contextmanager
def _quiet_client() -> Iterator[None]:
    """Silence the kaggle client: its prints (captured, not shown) and its log records."""
    out = io.StringIO()
    loggers = [logging.getLogger(n) for n in ("kaggle", "kagglesdk")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def get_api() -> Any:
    """An authenticated Kaggle API client; one MLEBenchError, and none of the client's own output, when it cannot be had."""
    source = require_credentials()
    with _quiet_client():
        try:
            from kaggle.api.kaggle_api_extended import KaggleApi  # importing kaggle authenticates (and prints) once
        except ImportError as e:
            if e.name and e.name.split(".")[0] == "kaggle":
                raise MLEBenchError("the Kaggle client is not installed: pip install 'mlebench[kaggle]'") from None
            # e.g. kaggle 2.2.x imports `six` without declaring it
            raise MLEBenchError(f"the Kaggle client cannot be imported ({e}); pip install {e.name}") from None
        api = KaggleApi()
        try:
            api.authenticate()
        except OSError as e:  # requests' errors are OSErrors: Kaggle could not be reached
            raise MLEBenchError(f"cannot reach Kaggle to check the credentials from {source}: {_first_line(e)}") from None
        except (Exception, SystemExit) as e:  # the client prints its help and calls sys.exit() when it accepts nothing
            said = f" ({_first_line(e)})" if isinstance(e, Exception) else ""
            raise MLEBenchError(f"Kaggle did not accept the credentials from {source}{said}: {CREDENTIALS_HELP}") from None
    return api


def _first_line(e: BaseException, limit: int = 200) -> str:
    text = str(e).strip()
    return (text.splitlines()[0] if text else type(e).__name__)[:limit]


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
    return MLEBenchError(f"Kaggle download of '{slug}' failed: {_first_line(e)}")


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


def extract(zip_path: Path, dest: Path, *, progress: bool = False, _depth: int = 0, **options: Any) -> None:
    """Extract a zip (in parallel, resumably: see ``mlebench.data.extract``), refusing members that would
    escape ``dest``; top-level zips inside it are extracted too (and removed). ``progress`` prints one
    line per 10% to stderr; ``options`` go to ``extract_zip`` (``workers``, ``before_member``)."""
    report = print_progress(f"extracting {zip_path.name}") if progress else None
    names = extract_zip(zip_path, dest, progress=report, **options)
    if _depth >= 3:
        return
    # only the zips this archive contained: globbing dest would find them again while recursing
    for name in names:
        inner = dest / name
        if "/" not in name.rstrip("/") and name.lower().endswith(".zip") and inner.is_file():
            extract(inner, dest, progress=progress, _depth=_depth + 1, **options)
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
    extract_zip(raw / f"{name}.zip", scratch)
    return scratch / name if (scratch / name).is_dir() else scratch
