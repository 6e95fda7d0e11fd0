"""Each competition's own checks: ``test_*`` functions in ``checks.py`` inside its folder.

A check is written like a pytest test. Its parameters are fixtures: ``comp`` is the competition,
prepared from its fixture (or generator) in the session's data dir; any other name is a pytest
fixture (``prepared``, ``tmp_path``, those in tests/competitions/conftest.py, …).
``@pytest.mark.parametrize`` on a check works as usual. Plugin competitions
(MLEBENCH_COMPETITIONS_PATH, entry points) are collected the same way.
"""

from __future__ import annotations

import inspect

import pytest

from mlebench.registry import load_module, registry


def _checks() -> list:
    found = []
    for cid in registry.list_competition_ids():
        path = registry.get_competition(cid).checks_file
        if path is None:
            continue
        module = load_module(path, f"{cid}.checks")
        for name, fn in vars(module).items():
            if name.startswith("test_") and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                cases = _cases(fn)
                found += [pytest.param(cid, fn, case, id=f"{cid}::{name}" + (f"[{i}]" if len(cases) > 1 else ""))
                          for i, case in enumerate(cases)]
    return found


def _cases(fn) -> list[dict]:
    """The argument sets of a check's ``@pytest.mark.parametrize`` marks (one empty set without)."""
    cases: list[dict] = [{}]
    for mark in getattr(fn, "pytestmark", []):
        if mark.name != "parametrize":
            continue
        names, values = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        rows = [v if len(names) > 1 else (v,) for v in values]
        cases = [{**case, **dict(zip(names, row))} for case in cases for row in rows]
    return cases


@pytest.mark.parametrize(("cid", "check", "case"), _checks())
def test_competition_check(request, prepared, cid, check, case):
    kwargs = dict(case)
    for name in inspect.signature(check).parameters:
        if name not in kwargs:
            kwargs[name] = prepared.get(cid) if name == "comp" else request.getfixturevalue(name)
    check(**kwargs)
