"""Finding competitions: built-in folders, user plugin folders, and entry points.

v1's API is kept (``from mlebench.registry import registry, Registry``;
``registry.get_competition(id)``, ``set_data_dir``, ``list_competition_ids``,
``get_lite_competition_ids``). A competition is a folder with ``config.yaml``,
``description.md``, ``prepare.py`` and, only where its grading is its own logic, ``grade.py``;
without one it is graded declaratively from ``config.yaml`` (``grading.declarative``).

Plugin folders: every folder in ``MLEBENCH_COMPETITIONS_PATH`` (os.pathsep-separated) and every
``mlebench.competitions`` entry point (its value is ``"module:attr"`` naming a path, or a callable
returning one) is scanned for competition folders. Splits: ``*.txt`` files in ``splits/`` folders
(built-in and beside each plugin folder), one competition id per line.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from mlebench.errors import MLEBenchError, UnknownCompetitionError
from mlebench.grading.declarative import declarative_grader
from mlebench.grading.grader import Grader
from mlebench.grading.metrics import METRICS

PACKAGE_DIR = Path(__file__).parent
BUILTIN_COMPETITIONS = PACKAGE_DIR / "competitions"
BUILTIN_SPLITS = PACKAGE_DIR / "splits"
DEFAULT_DATA_DIR = Path(os.environ.get("MLEBENCH_DATA_DIR", Path.home() / ".cache" / "mle-bench" / "data"))
ENTRY_POINT_GROUP = "mlebench.competitions"
SPLIT_ALIASES = {"lite": "low", "all": "split75"}


def load_module(path: Path, name: str) -> Any:
    """The Python file ``path`` imported once as a module registered under ``name`` (ids may hold dashes)."""
    mod_name = "mlebench_competition_" + re.sub(r"\W", "_", name)
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[mod_name]
        raise
    return module


def load_competition_module(folder: Path | str, module: str) -> Any:
    """``<folder>/<module>.py`` imported once, under the name the registry itself uses.

    For code one competition shares with another (a version 2 reusing version 1's grader, Russian
    text normalization reusing English's) or with a helper file in its own folder.
    """
    folder = Path(folder).resolve()
    return load_module(folder / f"{module}.py", f"{folder.name}.{module}")


def resolve_fn(folder: Path, spec: str, comp_id: str) -> Callable:
    """``file.py:fn`` relative to the competition folder, or ``package.module:fn``."""
    target, _, attr = spec.partition(":")
    if target.endswith(".py"):
        module = load_module(folder / target, f"{comp_id}.{target[:-3]}")
    else:
        module = importlib.import_module(target)
    return getattr(module, attr)


@dataclass(frozen=True)
class CompetitionConfig:
    """What a competition's ``config.yaml`` says."""

    id: str
    name: str
    folder: Path
    version: int = 1
    category: str = ""
    metric: str = ""
    is_lower_better: bool = False
    competition_type: str = "simple"
    awards_medals: bool = False
    source: str = "kaggle"  # "kaggle" (download) or "generator" (offline suite)
    kaggle_id: str | None = None  # the Kaggle slug to download, when it differs from id
    mirrors: str | None = None
    answers: str = "private/test.csv"
    sample_submission: str = "public/sample_submission.csv"
    gold_submission: str | None = None
    grader: str | None = None  # ``file.py:fn``; default grade.py:grade if present, else declarative
    preparer: str = "prepare.py:prepare"
    generator: str | None = None
    fixture: str | None = None  # ``file.py:fn`` writing synthetic raw files; default fixture.py:make_raw if present
    leaderboard_kind: str = "kaggle"
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_folder(cls, folder: Path) -> CompetitionConfig:
        data = yaml.safe_load((folder / "config.yaml").read_text()) or {}
        known = set(cls.__dataclass_fields__) - {"folder", "extra"}
        files = data.pop("files", {}) or {}
        kwargs = {k: data.pop(k) for k in list(data) if k in known}
        for k in ("answers", "sample_submission", "gold_submission"):
            if k in files:
                kwargs[k] = files[k]
        if "id" not in kwargs:
            raise MLEBenchError(f"{folder / 'config.yaml'} has no 'id'")
        kwargs.setdefault("name", kwargs["id"])
        metric = (data.get("grading") or {}).get("metric") or kwargs.get("metric")
        if metric in METRICS and "is_lower_better" not in kwargs:
            kwargs["is_lower_better"] = not METRICS[metric].higher_is_better
        return cls(folder=folder, extra=data, **kwargs)


@dataclass(frozen=True)
class Competition:
    """A competition bound to a data directory (v1's attribute names)."""

    config: CompetitionConfig
    data_dir: Path

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def version(self) -> int:
        return self.config.version

    @property
    def folder(self) -> Path:
        return self.config.folder

    @cached_property
    def description(self) -> str:
        path = self.folder / "description.md"
        return path.read_text() if path.exists() else ""

    @cached_property
    def grader(self) -> Grader:
        return Grader(self.config.metric or self.id, self.grade_fn, is_lower_better=self.config.is_lower_better)

    @property
    def grade_fn(self) -> Callable:
        """The competition's ``grade.py:grade`` (or its ``grader:``), else the declarative grader of its config."""
        spec = self.config.grader or ("grade.py:grade" if (self.folder / "grade.py").exists() else None)
        if spec is not None:
            return resolve_fn(self.folder, spec, self.id)
        config = {"metric": self.config.metric, **self.config.extra}
        return declarative_grader(config, where=str(self.folder / "config.yaml"))

    @property
    def is_declarative(self) -> bool:
        """Whether the competition is graded from its config alone (no grade.py)."""
        return self.config.grader is None and not (self.folder / "grade.py").exists()

    @property
    def prepare_fn(self) -> Callable:
        return resolve_fn(self.folder, self.config.preparer, self.id)

    @property
    def generate_fn(self) -> Callable | None:
        return resolve_fn(self.folder, self.config.generator, self.id) if self.config.generator else None

    @property
    def fixture_fn(self) -> Callable | None:
        """``make_raw(raw_dir)`` writing tiny synthetic raw files laid out like the real download, for tests.

        From ``config.fixture``, else ``fixture.py:make_raw`` in the competition's folder; None if neither.
        """
        spec = self.config.fixture or ("fixture.py:make_raw" if (self.folder / "fixture.py").exists() else None)
        return resolve_fn(self.folder, spec, self.id) if spec else None

    @property
    def checks_file(self) -> Path | None:
        """``checks.py`` in the competition's folder: its own ``test_*`` checks, run by tests/competitions."""
        path = self.folder / "checks.py"
        return path if path.exists() else None

    @property
    def root(self) -> Path:
        return self.data_dir / self.id

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def prepared_dir(self) -> Path:
        return self.root / "prepared"

    @property
    def public_dir(self) -> Path:
        return self.prepared_dir / "public"

    @property
    def private_dir(self) -> Path:
        return self.prepared_dir / "private"

    @property
    def answers(self) -> Path:
        return self.prepared_dir / self.config.answers

    @property
    def answers_copy(self) -> Path:
        """Where grading keeps an Arrow copy of the answers (``grading.answers``): in the prepared folder beside
        public/ and private/, outside both (never mounted, never checksummed), gone when it is prepared again."""
        return self.prepared_dir / ".answers-copy" / f"{Path(self.config.answers).name}.arrow"

    @property
    def sample_submission(self) -> Path:
        return self.prepared_dir / self.config.sample_submission

    @property
    def gold_submission(self) -> Path:
        return self.prepared_dir / (self.config.gold_submission or self.config.answers)

    @property
    def leaderboard(self) -> Path:
        """A downloaded leaderboard in the data dir wins over the one shipped with the competition."""
        downloaded = self.root / "leaderboard.csv"
        return downloaded if downloaded.exists() else self.folder / "leaderboard.csv"

    @property
    def checksums(self) -> Path:
        return self.folder / "checksums.yaml"

    @property
    def is_lower_better(self) -> bool:
        return self.config.is_lower_better

    @property
    def medals_against(self) -> str:
        """The kind of the board in use (e.g. kaggle-private-leaderboard, reference-solutions)."""
        from mlebench.grading.leaderboard import medals_against

        return medals_against(self)

    def is_prepared(self) -> bool:
        return (self.prepared_dir / "manifest.json").exists()

    def __hash__(self) -> int:
        return hash((self.id, str(self.data_dir)))


class Registry:
    """All known competitions and splits, bound to one data directory."""

    def __init__(self, data_dir: Path | str = DEFAULT_DATA_DIR, *, folders: list[Path] | None = None) -> None:
        self._data_dir = Path(data_dir).expanduser()
        self._extra_folders: list[Path] = list(folders or [])
        self._configs: dict[str, CompetitionConfig] | None = None
        self._splits: dict[str, list[str]] | None = None

    # --- v1 API ---
    def get_competition(self, competition_id: str) -> Competition:
        configs = self._load()
        if competition_id not in configs:
            raise UnknownCompetitionError(competition_id, configs)
        return Competition(configs[competition_id], self._data_dir)

    def set_data_dir(self, new_data_dir: Path | str) -> Registry:
        """A registry bound to another data dir (v1 returns a new one; so do we)."""
        other = Registry(new_data_dir, folders=self._extra_folders)
        other._configs, other._splits = self._configs, self._splits
        return other

    def get_data_dir(self) -> Path:
        return self._data_dir

    def list_competition_ids(self) -> list[str]:
        return sorted(self._load())

    def get_lite_competition_ids(self) -> list[str]:
        return self.get_split("low")

    def get_competitions_dir(self) -> Path:
        return BUILTIN_COMPETITIONS

    def get_splits_dir(self) -> Path:
        return BUILTIN_SPLITS

    # --- additions ---
    def add_folder(self, folder: Path | str) -> None:
        """Add a folder of competition folders (and optionally a ``splits/`` folder)."""
        self._extra_folders.append(Path(folder))
        self._configs = self._splits = None

    def splits(self) -> dict[str, list[str]]:
        if self._splits is None:
            self._load()
        assert self._splits is not None
        return self._splits

    def get_split(self, name: str) -> list[str]:
        splits = self.splits()
        name = SPLIT_ALIASES.get(name, name)
        if name not in splits:
            import difflib

            close = difflib.get_close_matches(name, splits, n=3)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise MLEBenchError(f"Unknown split '{name}'. Known splits: {', '.join(sorted(splits))}.{hint}")
        return list(splits[name])

    def splits_of(self, competition_id: str) -> list[str]:
        return sorted(n for n, ids in self.splits().items() if competition_id in ids)

    def is_implemented(self, competition_id: str) -> bool:
        return competition_id in self._load()

    def _roots(self) -> list[Path]:
        roots = [BUILTIN_COMPETITIONS, *self._extra_folders]
        env = os.environ.get("MLEBENCH_COMPETITIONS_PATH", "")
        roots += [Path(p) for p in env.split(os.pathsep) if p]
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                target = ep.load()
                roots.append(Path(target() if callable(target) else target))
            except Exception as e:  # one broken plugin must not take the registry down
                import warnings

                warnings.warn(f"competition plugin '{ep.name}' ({ep.value}) failed to load: {e}", stacklevel=2)
        return roots

    def _load(self) -> dict[str, CompetitionConfig]:
        if self._configs is not None:
            return self._configs
        configs: dict[str, CompetitionConfig] = {}
        splits: dict[str, list[str]] = {}
        for root in self._roots():
            if not root.is_dir():
                continue
            for cfg in sorted(root.glob("*/config.yaml")):
                conf = CompetitionConfig.from_folder(cfg.parent)
                if conf.id in configs and configs[conf.id].folder != conf.folder:
                    raise MLEBenchError(
                        f"competition id '{conf.id}' is defined twice: {configs[conf.id].folder} and {conf.folder}"
                    )
                configs[conf.id] = conf
            for split_dir in (root / "splits", root.parent / "splits"):
                for f in sorted(split_dir.glob("*.txt")) if split_dir.is_dir() else []:
                    ids = [ln.strip() for ln in f.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
                    splits.setdefault(f.stem, [])
                    splits[f.stem] += [i for i in ids if i not in splits[f.stem]]
        self._configs, self._splits = configs, splits
        return configs


registry = Registry()


def with_data_dir(data_dir: Path | str | None) -> Registry:
    return registry if data_dir is None else registry.set_data_dir(data_dir)


__all__ = [
    "BUILTIN_COMPETITIONS",
    "BUILTIN_SPLITS",
    "Competition",
    "CompetitionConfig",
    "DEFAULT_DATA_DIR",
    "ENTRY_POINT_GROUP",
    "load_competition_module",
    "load_module",
    "PACKAGE_DIR",
    "Registry",
    "SPLIT_ALIASES",
    "registry",
    "resolve_fn",
    "with_data_dir",
]

