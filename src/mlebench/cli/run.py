"""``mlebench run`` (agents on competitions, in sandboxes) and ``mlebench env build``."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.live import Live
from rich.table import Table

from mlebench.cli._common import DEFAULT_DATA, DataDir, console, err_console, get_registry, select_competitions
from mlebench.cli._run_checks import failed_runs, parse_gpus, preflight
from mlebench.errors import MLEBenchError
from mlebench.grading.report import CompetitionReport, Medal, medal_of
from mlebench.registry import Registry
from mlebench.runner import env as agent_env
from mlebench.runner.agents import AgentConfig, get_agent
from mlebench.runner.durations import parse_duration, parse_memory
from mlebench.runner.executor import get_executor
from mlebench.runner.groups import GroupPlan, agent_environment, resume_group, start_group
from mlebench.runner.rungroup import RunKey
from mlebench.runner.sandbox import Limits


class Display:
    """A live table of runs: queued / running / done, elapsed, validity."""

    def __init__(self, keys: list[RunKey]) -> None:
        self.state = {k.run_id: "queued" for k in keys}
        self.started: dict[str, float] = {}
        self.elapsed: dict[str, float] = {}
        self.valid: dict[str, str] = {}
        self.lock = threading.Lock()

    def event(self, run_id: str, state: str) -> None:
        with self.lock:
            self.state[run_id] = state
            if state == "running":
                self.started[run_id] = time.monotonic()
            elif run_id in self.started:
                self.elapsed[run_id] = time.monotonic() - self.started[run_id]

    def table(self) -> Table:
        counts: dict[str, int] = {}
        for s in self.state.values():
            counts[s] = counts.get(s, 0) + 1
        title = "  ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        t = Table("run", "status", "elapsed", "submission", title=title)
        with self.lock:
            for run_id, s in self.state.items():
                el = self.elapsed.get(run_id) or (time.monotonic() - self.started[run_id] if run_id in self.started else None)
                color = {"succeeded": "green", "running": "cyan", "queued": "dim"}.get(s, "yellow")
                t.add_row(run_id, f"[{color}]{s}[/]", f"{el:.0f}s" if el is not None else "", self.valid.get(run_id, ""))
        return t


def run(
    agent: Annotated[str | None, typer.Option("--agent", help="Agent id: dummy, baseline, aide, or one of yours (see --agent-dir).")] = None,
    agent_cmd: Annotated[str | None, typer.Option("--agent-cmd", help="Run this shell command as the agent (bring your own).")] = None,
    agent_dir: Annotated[list[Path] | None, typer.Option("--agent-dir", help="Folder of agent folders (each with config.yaml), or one agent folder.")] = None,
    competition_id: Annotated[list[str] | None, typer.Option("-c", "--competition-id", help="Competition (repeatable).")] = None,
    split: Annotated[str | None, typer.Option("--split", help="A named split: offline, offline-lite, low (lite), medium, high, all.")] = None,
    competition_set: Annotated[Path | None, typer.Option("--competition-set", help="A text file of competition ids.")] = None,
    seeds: Annotated[int, typer.Option("--seeds", min=1, help="Runs per competition.")] = 1,
    concurrency: Annotated[int | None, typer.Option("--concurrency", min=1, help="Runs at once (default: 1 locally; with Ray, as many as the cluster fits).")] = None,
    time_limit: Annotated[str, typer.Option("--time-limit", help="Wall-clock limit per run: 90s, 10m, 2h, 24h.")] = "24h",
    cpus: Annotated[float | None, typer.Option("--cpus", help="CPU cores per run (cgroup quota).")] = None,
    memory: Annotated[str | None, typer.Option("--memory", help="Memory per run, e.g. 4G.")] = None,
    gpus: Annotated[str | None, typer.Option("--gpus", help="GPU ids to share out, e.g. 0,1,2,3; each run gets the agent's gpus count.")] = None,
    disk: Annotated[str, typer.Option("--disk", help="Size limit of a run's writable folders.")] = "20G",
    snapshot_interval: Annotated[str | None, typer.Option("--snapshot-interval", help="Keep a version of the submission at most this often (e.g. 30s, 5m; default 60s), for mlebench report --at.")] = None,
    snapshot_quota: Annotated[str | None, typer.Option("--snapshot-quota", help="Disk the snapshots of one run may take, e.g. 2G (default: the --disk quota).")] = None,
    sandbox: Annotated[str, typer.Option("--sandbox", help="bwrap (default), docker, or none (development only).")] = "bwrap",
    obfuscated_descriptions: Annotated[bool, typer.Option("--obfuscated-descriptions", help="Give the agent each competition's description_obfuscated.md (no name, no Kaggle) as /home/data/description.md, and instructions to match.")] = False,
    network: Annotated[str | None, typer.Option("--network", help="none, llm (only the agent's API endpoint) or full; default: the agent's.")] = None,
    run_group: Annotated[str | None, typer.Option("--run-group", help="Name of the new run group (default: timestamp_agent).")] = None,
    resume: Annotated[str | None, typer.Option("--resume", help="Resume a run group: rerun only unfinished runs.")] = None,
    runs_dir: Annotated[Path, typer.Option("--runs-dir", envvar="MLEBENCH_RUNS_DIR", help="Where run groups live.")] = Path("runs"),
    no_grade: Annotated[bool, typer.Option("--no-grade", help="Do not grade when runs finish.")] = False,
    keep_containers: Annotated[bool, typer.Option("--keep-containers", help="docker sandbox: keep containers after runs (for debugging).")] = False,
    executor: Annotated[str, typer.Option("--executor", help="local or ray.")] = "local",
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="Ray cluster address (with --executor ray).")] = None,
    data_dir: DataDir = DEFAULT_DATA,
) -> None:
    """Run an agent on competitions, each (competition, seed) in its own sandbox, then grade.

    Examples:

      mlebench prepare --split offline-lite

      mlebench run --agent dummy --split offline-lite --seeds 2

      mlebench run --agent-cmd "python /home/agent/solve.py" --agent-dir ./my-agent -c offline-tabular-binary

      mlebench run --resume 2026-11-29T10-00-00_dummy

    Exit status: 0 when every run finished (succeeded, or stopped at the time limit); 1 when a run
    failed (each is named with the start of its error) or hit a harness error; 2 for a mistake found
    before any run started (nothing is created then).
    """
    reg = get_registry(data_dir)
    agent_dirs = list(agent_dir or [])
    for d in agent_dirs:
        if not d.is_dir():
            raise MLEBenchError(f"--agent-dir {d} is not a folder")
    # Everything that can be checked is checked before a run group exists: a mistake found later
    # would leave a group behind whose --resume cannot help.
    if resume and obfuscated_descriptions:
        raise MLEBenchError("--obfuscated-descriptions applies to a new run group; a resumed group keeps the description it started with")
    if resume:
        group_run = resume_group(runs_dir, resume, agent_dirs=agent_dirs, concurrency=concurrency,
                                 keep_containers=keep_containers, ray_address=ray_address, echo=err_console.print)
        plan = group_run.plan
        _check_plan(plan, runs_dir)
        _check_docker_image(plan)
        _check_executor(plan, ray_address)
    else:
        plan = _new_plan(reg, agent=agent, agent_cmd=agent_cmd, agent_dirs=agent_dirs, competition_id=competition_id,
                         split=split, competition_set=competition_set, seeds=seeds, concurrency=concurrency,
                         time_limit=time_limit, cpus=cpus, memory=memory, gpus=gpus, disk=disk, sandbox=sandbox,
                         network=network, executor=executor)
        plan.snapshot_interval = parse_duration(snapshot_interval) if snapshot_interval is not None else None
        plan.snapshot_quota = parse_memory(snapshot_quota) if snapshot_quota is not None else None
        if obfuscated_descriptions:
            if plan.sandbox == "none":  # bwrap and docker mount the obfuscated files; none mounts nothing
                raise MLEBenchError("--obfuscated-descriptions needs a sandbox (bwrap or docker), not --sandbox none")
            _check_obfuscated(reg, plan.competitions)
            plan.description = "obfuscated"
        _check_plan(plan, runs_dir)
        plan.profile, plan.python_env = agent_environment(plan.agent, echo=err_console.print)  # not built: exit 2
        _check_docker_image(plan)
        _check_executor(plan, ray_address)
        name = run_group or f"{time.strftime('%Y-%m-%dT%H-%M-%S')}_{plan.agent.id}"
        group_run = start_group(runs_dir, name, plan, keep_containers=keep_containers, ray_address=ray_address)
    group = group_run.group

    pending = group_run.pending()
    keys = group.keys()
    if resume:
        console.print(f"resuming {group.name}: {len(keys) - len(pending)} run(s) finished, {len(pending)} to run")
    display = Display(keys)
    for k in keys:
        if k not in pending:
            record = group.run_record(k)
            display.state[k.run_id] = record.status.value if record else "done"

    def graded(key: RunKey, rep: CompetitionReport) -> None:
        display.valid[key.run_id] = ("[green]valid[/]" if rep.valid_submission else
                                     "[red]grading error[/]" if rep.grading_error else "[red]invalid[/]")

    with Live(display.table(), console=err_console, refresh_per_second=2, transient=False) as live:
        ticker_stop = threading.Event()

        def tick() -> None:
            while not ticker_stop.wait(0.5):
                live.update(display.table())

        threading.Thread(target=tick, daemon=True).start()
        try:
            errors = group_run.run(display.event, grade=not no_grade, on_graded=graded)
        finally:
            ticker_stop.set()
        live.update(display.table())
    if not err_console.is_terminal:
        err_console.line()  # rich ends a live display with a newline only on a terminal
    if not no_grade:
        out, report = group_run.grade()
        _summary(report)
        console.print(f"grading report: {out}")
    console.print(f"run group: {group.root}")
    failed = failed_runs(group)
    for e in errors:
        err_console.print(f"[bold red]harness error[/] {e}", highlight=False)
    for line in failed:
        err_console.print(f"[bold red]failed[/] {line}", highlight=False, soft_wrap=True)
    total = len(keys)
    if errors:
        err_console.print(f"{len(errors)} of {total} run(s) hit a harness error; rerun them with: mlebench run --resume {group.name}")
    if failed:
        err_console.print(f"{len(failed)} of {total} run(s) failed (each run's folder has sandbox.log and logs/agent.log)")
    if errors or failed:
        raise typer.Exit(1)


def _new_plan(reg: Registry, *, agent: str | None, agent_cmd: str | None, agent_dirs: list[Path],
              competition_id: list[str] | None, split: str | None, competition_set: Path | None, seeds: int,
              concurrency: int | None, time_limit: str, cpus: float | None, memory: str | None, gpus: str | None,
              disk: str, sandbox: str, network: str | None, executor: str) -> GroupPlan:
    """The plan of a new run group from the command line's options."""
    if (agent is None) == (agent_cmd is None):
        raise MLEBenchError("choose exactly one of --agent ID or --agent-cmd COMMAND")
    if agent_cmd is not None:
        agent_conf = AgentConfig.from_command(agent_cmd, network=network or "none")
        if agent_dirs:
            agent_conf = AgentConfig(**{**agent_conf.__dict__, "folder": agent_dirs[0].resolve()})
    else:
        agent_conf = get_agent(agent, agent_dirs)
    ids = select_competitions(reg, ids=competition_id, split=split, list_file=competition_set)
    if not ids:
        raise MLEBenchError("no competitions selected")
    net = network or agent_conf.network
    if net not in ("none", "llm", "full"):
        raise MLEBenchError("--network must be none, llm or full")
    lim = Limits(time_seconds=parse_duration(time_limit), cpus=cpus,
                 memory_bytes=parse_memory(memory) if memory else None, disk_bytes=parse_memory(disk),
                 gpus=tuple(range(agent_conf.gpus)))
    return GroupPlan(agent=agent_conf, competitions=ids, seeds=seeds, limits=lim, sandbox=sandbox, network=net,
                     data_dir=reg.get_data_dir(), executor=executor, concurrency=concurrency, gpu_ids=parse_gpus(gpus))


def _check_obfuscated(reg: Registry, ids: list[str]) -> None:
    """--obfuscated-descriptions needs every selected competition's description_obfuscated.md."""
    missing = [i for i in ids if not (reg.get_competition(i).folder / "description_obfuscated.md").is_file()]
    if missing:
        raise MLEBenchError(f"--obfuscated-descriptions: no description_obfuscated.md for {', '.join(missing[:5])}"
                            f"{' …' if len(missing) > 5 else ''}")


def _check_executor(plan: GroupPlan, ray_address: str | None) -> None:
    """An unknown executor, or Ray not installed: one line, before any run starts."""
    get_executor(plan.executor, concurrency=plan.concurrency, gpus=plan.gpu_ids, ray_address=ray_address)


def _check_docker_image(plan: GroupPlan) -> None:
    """The docker sandbox runs a profile other than the default from that profile's image (built from the host's
    venv by `mlebench env build --sandbox docker`): one line naming the commands when it is missing."""
    if plan.sandbox != "docker" or plan.profile in (None, agent_env.DEFAULT_PROFILE):
        return
    from mlebench.runner.docker.images import connect, missing_profile_image

    problem = missing_profile_image(connect(), plan.profile)
    if problem:
        raise MLEBenchError(f"agent {plan.agent.id} needs the '{plan.profile}' environment: {problem}")


def _check_plan(plan: GroupPlan, runs_dir: Path) -> None:
    preflight(plan.agent, ids=plan.competitions, data_dir=plan.data_dir, network=plan.network, gpu_ids=plan.gpu_ids,
              sandbox=plan.sandbox, executor=plan.executor, runs_dir=runs_dir)


def _summary(report: dict[str, Any]) -> None:
    t = Table("run", "status", "score", "valid", "medal", "percentile", "time", title=f"run group {report['run_group']}")
    for r in report["competition_reports"]:
        won = medal_of(r)
        medal = "-" if won is Medal.none else won.value
        if r.get("gold_threshold") is None:
            medal = "n/a"
        elif r.get("medals_against") == "reference-solutions" and won is not Medal.none:
            medal += "*"
        pct = r.get("leaderboard_percentile")
        t.add_row(r.get("run_id") or r["competition_id"], str(r.get("run_status")), "" if r["score"] is None else f"{r['score']:.5g}",
                  "yes" if r["valid_submission"] else f"grading error (ours): {r['grading_error'][:50]}" if r.get("grading_error")
                  else f"no: {(r.get('invalid_reason') or '')[:60]}", medal,
                  "" if pct is None else f"{100 * pct:.0f}%", "" if r.get("run_seconds") is None else f"{r['run_seconds']:.0f}s")
    console.print(t)
    n = report["total_runs"]
    console.print(f"{report['total_valid_submissions']}/{n} valid, {report['total_medals']}/{n} medals "
                  f"({report['total_gold_medals']} gold), {report['total_above_median']}/{n} above median. "
                  "* = medal against the offline suite's reference solutions, not human teams.")


def env_build(
    requirements: Annotated[Path | None, typer.Option("--requirements", help="A pip requirements file (default: the built-in ML stack).")] = None,
    sandbox: Annotated[str, typer.Option("--sandbox", help="bwrap/none: a cached venv; docker: the images.")] = "bwrap",
    profile: Annotated[str, typer.Option("--profile", help="minimal (default: numpy, pandas, scikit-learn, …) or v1 (v1's ~90-package ML stack with torch and tensorflow; several GB).")] = "minimal",
) -> None:
    """Build the agent's Python environment from its committed lock (cached; mounted read-only in every sandbox).

    Examples:

      mlebench env build

      mlebench env build --profile v1         # v1's package set (large download)

      mlebench env build --sandbox docker     # the docker sandbox's images
    """
    if sandbox == "docker":
        from mlebench.runner.sandbox import docker as docker_backend  # noqa: F401 - provided by the docker backend

        docker_backend.build_images(echo=console.print)
        return
    if requirements is not None:
        path = agent_env.build(requirements=requirements, echo=console.print)
    else:
        agent_env.lock_file(profile)  # an unknown profile is a one-line error naming the known ones
        path = agent_env.build(profile=profile, echo=console.print)
    console.print(f"agent environment ready: {path}")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    env_app = typer.Typer(help="The agent environment.", no_args_is_help=True)
    env_app.command("build")(env_build)
    app.add_typer(env_app, name="env")
