"""Runs the published ``aideml`` package (``aide`` command) the way v1's AIDE setup did, inside our sandbox.

v1's layout: the instructions (paths made relative) + notes on hardware/time/steps + the competition's
description become aide's ``desc_file``; ``data_dir=/home/data``; the experiment is named ``exp``.
/home/agent is read-only here, so aide works in /tmp/aideml, and this launcher mirrors its results:
the journal, config and best solution to /home/logs and /home/code, and the best node's submission
to /home/submission. aideml 0.2.2 overwrites ``working/submission.csv`` at every step, so after each
step (a new journal.json) the file is taken if that step's node is the best so far; v1's fork of aide
writes ``best_submission/submission.csv`` itself, which is preferred when present.

Usage: python run_aideml.py [aide key=value overrides ...]   (AIDEML_COMMAND overrides ``aide``)
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("AIDEML_WORKDIR", "/tmp/aideml"))
LOGS = Path(os.environ.get("LOGS_DIR", "/home/logs"))
CODE = Path(os.environ.get("CODE_DIR", "/home/code"))
SUBMISSION = Path(os.environ.get("SUBMISSION_DIR", "/home/submission")) / "submission.csv"
DATA = Path(os.environ.get("DATA_DIR", "/home/data"))


def log(msg: str) -> None:
    print(f"[aideml {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def readable(seconds: int) -> str:
    return f"{seconds // 3600}hrs {seconds % 3600 // 60}mins {seconds % 60}secs"


def instructions(steps: str) -> str:
    general = Path("/home/instructions.txt").read_text() if Path("/home/instructions.txt").exists() else ""
    general = general.replace("/home/", "")  # aide works in its own workspace, as in v1
    notes = (HERE / "notes.txt").read_text()
    values = {"HARDWARE": os.environ.get("HARDWARE", "a CPU"),
              "TIME_LIMIT": readable(int(float(os.environ.get("TIME_LIMIT_SECS", "86400")))), "STEP_LIMIT": steps}
    for k, v in values.items():
        notes = notes.replace("${" + k + "}", v)
    desc = (DATA / "description.md").read_text() if (DATA / "description.md").exists() else ""
    return f"{general}\n{notes}\nCOMPETITION INSTRUCTIONS\n------\n\n{desc}"


class Mirror:
    """Copies aide's results out of its workspace as they appear."""

    def __init__(self) -> None:
        self.seen_journal = 0.0
        self.best: tuple[float, bool] | None = None  # (value, maximize) of the kept submission

    def exp_dirs(self, top: str) -> list[Path]:
        root = WORK / top
        return sorted((p for p in root.glob("*exp*") if p.is_dir()), key=lambda p: p.stat().st_mtime)

    def sync(self) -> None:
        logs, spaces = self.exp_dirs("logs"), self.exp_dirs("workspaces")
        if not logs:
            return
        log_dir, space = logs[-1], spaces[-1] if spaces else None
        for name in ("journal.json", "config.yaml", "tree_plot.html", "best_solution.py", "report.md"):
            if (log_dir / name).is_file():
                shutil.copyfile(log_dir / name, LOGS / name)
        if (log_dir / "best_solution.py").is_file():
            shutil.copyfile(log_dir / "best_solution.py", CODE / "best_solution.py")
        if space is not None and (space / "best_submission" / "submission.csv").is_file():  # v1's fork
            self.keep(space / "best_submission" / "submission.csv")
            return
        journal = log_dir / "journal.json"
        if space is None or not journal.is_file() or journal.stat().st_mtime <= self.seen_journal:
            return
        self.seen_journal = journal.stat().st_mtime
        try:
            nodes = json.loads(journal.read_text()).get("nodes", [])
        except ValueError:
            return
        for n in nodes:
            path = CODE / "nodes" / f"node_{n.get('step', 0):03d}.py"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(n.get("code", ""))
        latest = max(nodes, key=lambda n: n.get("step", 0), default=None)
        metric = (latest or {}).get("metric") or {}
        value, maximize = metric.get("value"), metric.get("maximize")
        produced = space / "working" / "submission.csv"
        if latest is None or latest.get("is_buggy") or value is None or not produced.is_file():
            return
        if self.best is None or (value > self.best[0] if maximize is not False else value < self.best[0]):
            self.keep(produced)
            self.best = (value, maximize is not False)
            log(f"step {latest.get('step')}: new best {value}; submission kept")

    @staticmethod
    def keep(produced: Path) -> None:
        tmp = SUBMISSION.with_name(".submission.csv.tmp")
        shutil.copyfile(produced, tmp)
        tmp.replace(SUBMISSION)


def main(overrides: list[str]) -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    steps = next((a.split("=", 1)[1] for a in overrides if a.startswith("agent.steps=")), "20")
    desc = WORK / "full_instructions.txt"
    desc.write_text(instructions(steps))
    shutil.copyfile(desc, LOGS / "full_instructions.txt")
    command = shlex.split(os.environ.get("AIDEML_COMMAND", "aide"))
    if shutil.which(command[0]) is None:
        log(f"`{command[0]}` is not installed in the agent environment. Install the published package there, "
            "e.g. MLEBENCH_ENV_DIR=~/.cache/mle-bench/envs/aideml mlebench env build && "
            "~/.cache/mle-bench/envs/aideml/bin/pip install aideml, then run with that MLEBENCH_ENV_DIR.")
        return 2
    args = [*command, f"data_dir={DATA}/", f"desc_file={desc}", "exp_name=exp",
            f"log_dir={WORK / 'logs'}", f"workspace_dir={WORK / 'workspaces'}", *overrides]
    log("running " + " ".join(shlex.quote(a) for a in args))
    limit = float(os.environ.get("TIME_LIMIT_SECS", "86400"))
    proc = subprocess.Popen(args, cwd=WORK, start_new_session=True)
    mirror, deadline = Mirror(), time.monotonic() + limit
    while proc.poll() is None:
        if time.monotonic() > deadline:
            log(f"timed out after {readable(int(limit))}")
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        mirror.sync()
        time.sleep(1)
    mirror.sync()
    log(f"aide exited with {proc.returncode}; submission {'kept' if SUBMISSION.exists() else 'missing'}")
    return 0 if SUBMISSION.exists() else (proc.returncode or 1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
