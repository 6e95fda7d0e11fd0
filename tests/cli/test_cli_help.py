"""Every command's --help has an example, and every example (and every line of the README's "Everyday
commands") is a command line the CLI accepts, naming competitions, splits and agents that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from mlebench.cli import app
from mlebench.registry import registry
from mlebench.runner.agents import get_agent

README = Path(__file__).parents[2] / "README.md"


def _leaves(group, path=("mlebench",)):
    ctx = typer.Context(group, info_name=path[-1])
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if hasattr(cmd, "list_commands"):
            yield from _leaves(cmd, (*path, name))
        else:
            yield " ".join((*path, name)), cmd


ROOT = typer.main.get_command(app)
LEAVES = dict(_leaves(ROOT))


def _examples(cmd) -> list[str]:
    text = f"{cmd.help or ''}\n{cmd.epilog or ''}"
    return [ln.strip() for ln in text.splitlines() if ln.strip().startswith("mlebench ")]


def _readme_commands() -> list[str]:
    section = README.read_text().split("## Everyday commands", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [ln.strip() for ln in section.splitlines() if ln.strip().startswith("mlebench ")]


def _placeholder(value: str) -> bool:
    return "<" in value or value != value.lower()


def check_command_line(line: str) -> None:
    """Parse ``line`` as the CLI would (types, ranges, required values) and check the ids it names."""
    tokens = shlex.split(line, comments=True)
    starts = [0] + [i + 1 for i, t in enumerate(tokens) if t == "&&"]
    for start, end in zip(starts, [*starts[1:], len(tokens) + 1]):
        args = tokens[start:end - 1] if end <= len(tokens) else tokens[start:]
        assert args[0] == "mlebench", line
        cmd, ctx, rest = ROOT, None, args[1:]
        while hasattr(cmd, "list_commands"):
            ctx = typer.Context(cmd, info_name=args[0], parent=ctx)
            sub = cmd.get_command(ctx, rest[0])
            assert sub is not None, f"{line}: no command {rest[0]!r}"
            cmd, rest = sub, rest[1:]
        params = cmd.make_context(cmd.name, list(rest), parent=ctx).params  # raises on a usage error
        for key, check in (("competition_id", registry.get_competition), ("split", registry.get_split), ("agent", get_agent)):
            values = params.get(key)
            for value in values if isinstance(values, (list, tuple)) else [values]:
                if isinstance(value, str) and not _placeholder(value):
                    check(value)


def test_every_command_has_an_example():
    missing = [name for name, cmd in LEAVES.items() if not _examples(cmd)]
    assert not missing, f"--help without an example: {missing}"
    assert {"mlebench prepare", "mlebench run", "mlebench report", "mlebench list", "mlebench grade"} <= set(LEAVES)


@pytest.mark.parametrize("line", [ex for cmd in LEAVES.values() for ex in _examples(cmd)])
def test_help_examples_are_accepted(line):
    check_command_line(line)


@pytest.mark.parametrize("line", _readme_commands())
def test_readme_everyday_commands_are_accepted(line):
    check_command_line(line)


def test_the_checker_catches_what_issue_23_saw():
    with pytest.raises(Exception, match="Unknown competition 'spaceship-titanik'"):
        check_command_line("mlebench prepare -c spaceship-titanik")  # an example naming no competition
    with pytest.raises(Exception, match="--seed"):
        check_command_line("mlebench run --agent dummy --seed 2")
    with pytest.raises(Exception, match="Unknown split"):
        check_command_line("mlebench list --split mediums")


def test_list_examples_run(tmp_path, monkeypatch, capsys):
    """The cheap examples are run for real."""
    from mlebench.cli._common import run_app

    lines = [ex for ex in _examples(LEAVES["mlebench list"])]
    assert lines
    for line in lines:
        assert run_app(app, shlex.split(line, comments=True)[1:] + ["--data-dir", str(tmp_path)]) == 0, line
        assert re.search(r"competitions", capsys.readouterr().out)
