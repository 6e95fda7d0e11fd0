"""Every registered competition ships ``description_obfuscated.md`` (issue 21, contamination studies).

The file states the same task, files, columns, metric and submission format as ``description.md``
in neutral words. Checked here, for each competition: it exists and is more than a stub (the four
sections Task, Evaluation, Submission format and Data), it gives away nothing that names the
original (the competition id, its full name or the name without a ``(v2, ...)`` note, the word
"kaggle", a URL), and it names the submission's header columns from ``config.yaml``'s
``submission:`` (for a header of more than ``MAX_LISTED`` columns: the id column, the first and last
target column, and the sample submission's file name).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest

from mlebench.registry import Competition, registry

FILE = "description_obfuscated.md"
MIN_CHARS = 600
MAX_LISTED = 30
SECTIONS = ("task", "evaluation", "submission format", "data")
URL = re.compile(r"https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|io|edu|gov)\b", re.IGNORECASE)


def _base_name(name: str) -> str:
    """``"Random Acts of Pizza (v2, ...)"`` -> ``"Random Acts of Pizza"``."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name).strip()


def _forbidden(comp: Competition) -> list[str]:
    names = {comp.id, comp.config.name.strip(' "\''), _base_name(comp.config.name), "kaggle"}
    return sorted(n for n in names if n)


def _header(comp: Competition) -> list[str]:
    sub = comp.config.extra.get("submission") or {}
    ids = sub.get("id_column") or []
    ids = [ids] if isinstance(ids, str) else list(ids)
    targets = list(sub.get("target_columns") or [])
    if len(ids) + len(targets) <= MAX_LISTED:
        return ids + targets
    return [*ids, targets[0], targets[-1], PurePosixPath(comp.config.sample_submission).name]


def leaks(text: str, comp: Competition) -> list[str]:
    """What in ``text`` gives the original away (empty when nothing does)."""
    low = text.lower()
    found = [f"'{n}'" for n in _forbidden(comp) if n.lower() in low]
    found += [f"URL '{m.group(0)}'" for m in URL.finditer(text)]
    return found


def missing(text: str, comp: Competition) -> list[str]:
    """What ``text`` must hold but does not: its sections and the submission's header columns."""
    headings = [h.strip().lower() for h in re.findall(r"^#+\s*(.+)$", text, re.MULTILINE)]
    gaps = [f"section '{s}'" for s in SECTIONS if not any(h.startswith(s) for h in headings)]
    gaps += [f"column '{c}'" for c in _header(comp) if c not in text]
    if len(text) < MIN_CHARS:
        gaps.append(f"length ({len(text)} characters, at least {MIN_CHARS})")
    return gaps


@pytest.mark.parametrize("cid", registry.list_competition_ids())
def test_obfuscated_description(cid):
    comp = registry.get_competition(cid)
    path = comp.folder / FILE
    assert path.is_file(), f"{cid}: no {FILE}"
    text = path.read_text(encoding="utf-8")
    assert not leaks(text, comp), f"{cid}: {FILE} gives away {', '.join(leaks(text, comp))}"
    assert not missing(text, comp), f"{cid}: {FILE} lacks {', '.join(missing(text, comp))}"


def test_the_check_catches_a_missing_column_a_leak_and_a_stub():
    comp = registry.get_competition("spaceship-titanic")
    good = "\n".join(["# Task", "x" * MIN_CHARS, "# Evaluation", "# Submission format",
                      "PassengerId,Transported", "# Data"])
    assert leaks(good, comp) == [] and missing(good, comp) == []
    assert missing(good.replace("Transported", "Target"), comp) == ["column 'Transported'"]
    assert missing(good.replace("# Data", "# Files"), comp) == ["section 'data'"]
    assert missing("# Task\n# Evaluation\n# Submission format\n# Data\nPassengerId,Transported", comp)[-1].startswith("length")
    for leak in ("the SPACESHIP TITANIC contest", "on Kaggle", "see https://x.y/z", "spaceship-titanic"):
        assert leaks(good + leak, comp), leak
    v2 = registry.get_competition("random-acts-of-pizza-v2")
    assert leaks("Random Acts of Pizza", v2) == ["'Random Acts of Pizza'"]
