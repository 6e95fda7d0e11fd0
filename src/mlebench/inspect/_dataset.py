"""The samples of an MLE-bench Inspect task: one per competition, its public data copied or mounted in.

Inside the sandbox everything is relative to the working directory (``/home`` with docker, as in
v1's containers; a temporary folder with Inspect's ``local`` sandbox): ``data/`` holds the prepared
public files and ``description.md``, ``submission/submission.csv`` is the file graded. The private
answers are never put in a sample: grading happens outside the sandbox (see ``_scorer.py``).
"""

from __future__ import annotations

from pathlib import Path

from inspect_ai.dataset import Sample
from inspect_ai.util import SandboxEnvironmentSpec

from mlebench.errors import MLEBenchError
from mlebench.inspect._sandbox import DOCKER_HOME, docker_spec
from mlebench.registry import Competition, Registry

HERE = Path(__file__).parent
SUBMISSION = "submission/submission.csv"
SETUP = "mkdir -p data submission code logs"
SANDBOXES = ("docker", "local")


def instructions(home: str) -> str:
    """What the agent is asked to do (the sample's input)."""
    return (HERE / "instructions.txt").read_text().format(home=home)


def public_files(competition: Competition) -> dict[str, str]:
    """``data/<relative path>`` -> host path of every prepared public file (regular files only)."""
    public = competition.public_dir
    return {f"data/{p.relative_to(public).as_posix()}": str(p)
            for p in sorted(public.rglob("*")) if p.is_file() and not p.is_symlink()}


def competition_sample(competition: Competition, sandbox: str, *, image: str | None = None) -> Sample:
    """The sample of one prepared competition, for Inspect's ``local`` or ``docker`` sandbox."""
    if not competition.is_prepared():
        raise MLEBenchError(f"competition '{competition.id}' is not prepared in {competition.data_dir}; "
                            f"run: mlebench prepare -c {competition.id} --data-dir {competition.data_dir}")
    sample_submission = competition.sample_submission.relative_to(competition.public_dir).as_posix()
    metadata = {"competition_id": competition.id, "competition_version": competition.version,
                "data_dir": str(competition.data_dir), "sample_submission": f"data/{sample_submission}",
                "submission": SUBMISSION, "is_lower_better": competition.is_lower_better}
    if sandbox == "docker":  # the public folder is mounted read-only; nothing is copied
        spec = docker_spec(competition.public_dir, image=image)
        return Sample(id=competition.id, input=instructions(DOCKER_HOME), metadata=metadata, sandbox=spec, setup=SETUP)
    if sandbox == "local":
        return Sample(id=competition.id, input=instructions("a temporary folder"), metadata=metadata,
                      sandbox=SandboxEnvironmentSpec("local"), files=public_files(competition), setup=SETUP)
    raise unknown_sandbox(sandbox)


def unknown_sandbox(sandbox: str) -> MLEBenchError:
    return MLEBenchError(f"unknown sandbox '{sandbox}' for the Inspect task; use 'docker' or 'local' (development only)")


def competition_samples(registry: Registry, ids: list[str], sandbox: str, *, image: str | None = None) -> list[Sample]:
    """One sample per competition id, in the order given."""
    if sandbox not in SANDBOXES:
        raise unknown_sandbox(sandbox)
    return [competition_sample(registry.get_competition(i), sandbox, image=image) for i in ids]
