"""The CLI mistakes of issue 23 ("What was seen"), each through the venv's real `mlebench` console script.

A user's mistake is ONE line on stderr, exit code 2, no traceback, and leaves nothing behind; a failure
never exits 0. Cases run side by side (each start costs seconds)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path


from mlebench.registry import registry
from tests.cli._helpers import MLEBENCH, cli_env

KAGGLE_ID = "aerial-cactus-identification"  # a Kaggle competition of the low split


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in cli_env().items() if not k.startswith("KAGGLE_")}
    env["HOME"] = str(home)  # no Kaggle credentials, crash logs under it
    env.update(extra)
    return env


def _with_future_split(tmp_path: Path) -> dict[str, str]:
    """A split named 'future' whose two competitions are not implemented (v1's medium and high are being filled in)."""
    split_file = tmp_path / "more-competitions" / "splits" / "future.txt"
    split_file.parent.mkdir(parents=True, exist_ok=True)
    split_file.write_text("# not implemented yet\nnot-yet-implemented-a\nnot-yet-implemented-b\n")
    return {"MLEBENCH_COMPETITIONS_PATH": os.pathsep.join([cli_env()["MLEBENCH_COMPETITIONS_PATH"], str(split_file.parents[1])])}


def _start(args: list, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([*MLEBENCH, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _one_line(name: str, proc: subprocess.Popen, pattern: str, code: int = 2) -> tuple[str, str]:
    out, err = proc.communicate(timeout=180)
    lines = err.strip().splitlines()
    assert proc.returncode == code, (name, proc.returncode, err)
    assert len(lines) == 1, (name, err)
    assert "Traceback" not in out + err, (name, err)
    assert re.search(pattern, lines[0]), (name, lines[0])
    return out, err


def _unwritable(tmp_path: Path) -> Path:
    """A folder nobody may write into: mode 0500 for a normal user; root ignores modes, so sysfs for root."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    return Path("/sys/fs/mlebench-runs")


def test_usage_and_setup_mistakes_are_one_line_exit_2(offline_data_dir, tmp_path):
    home, runs = tmp_path / "home", tmp_path / "runs"
    home.mkdir()
    runs.mkdir()
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    gpu_agent = tmp_path / "gpu-agent"
    gpu_agent.mkdir()
    (gpu_agent / "config.yaml").write_text("id: gpu-agent\nstart: python /home/agent/main.py\ngpus: 1\n")
    data = ["--data-dir", offline_data_dir]
    run_ok = ["run", "--agent", "dummy", "-c", "offline-tabular-binary", *data]
    cases = {
        # typer's usage errors (the handler once looked for click's exception class, not typer's copy)
        "unknown option": (["run", "--seed", "2"], r"^error: No such option: --seed.*--seeds"),
        "unknown command": (["lst"], r"^error: No such command 'lst'\. Did you mean 'list'\?"),
        "option without value": (["run", "--agent"], r"^error: Option '--agent' requires an argument"),
        "--seeds 0": ([*run_ok, "--seeds", "0", "--runs-dir", runs], r"^error: Invalid value for '--seeds'"),
        "--seeds zero": ([*run_ok, "--seeds", "zero", "--runs-dir", runs], r"^error: Invalid value for '--seeds'"),
        "report without argument": (["report"], r"^error: Missing argument 'RUN_GROUP_OR_REPORT'"),
        # --runs-dir that cannot hold run groups
        "runs dir is a file": ([*run_ok, "--runs-dir", a_file], rf"^error: --runs-dir {re.escape(str(a_file))} is a file"),
        "runs dir under /proc": ([*run_ok, "--runs-dir", "/proc/mlebench-runs"], r"^error: --runs-dir /proc/mlebench-runs cannot hold run groups"),
        "runs dir not writable": ([*run_ok, "--runs-dir", _unwritable(tmp_path) / "runs"], r"^error: --runs-dir .* cannot hold run groups"),
        "data dir is a file": (["prepare", "-c", "offline-tabular-binary", "--data-dir", a_file],
                               rf"^error: --data-dir {re.escape(str(a_file))} is a file, not a folder$"),
        "data dir under /proc": (["prepare", "--split", "offline-lite", "--data-dir", "/proc/mlebench-data"],
                                 r"^error: --data-dir /proc/mlebench-data cannot hold prepared competitions"),
        # found before a run group is created (a later --resume could not help)
        "unknown sandbox": ([*run_ok, "--sandbox", "bwrp", "--runs-dir", runs], r"^error: Unknown sandbox 'bwrp'\. Choose one of: bwrap"),
        "missing agent secret": (["run", "--agent", "aide", "-c", "offline-tabular-binary", *data, "--runs-dir", runs],
                                 r"^error: agent aide needs the environment variable OPENAI_API_KEY"),
        "missing --agent-dir": (["run", "--agent-cmd", "python /home/agent/solve.py", "--agent-dir", tmp_path / "my-agent",
                                 "-c", "offline-tabular-binary", *data, "--runs-dir", runs],
                                r"^error: --agent-dir .*my-agent is not a folder$"),
        "--agent-cmd without a folder": (["run", "--agent-cmd", "true", "-c", "offline-tabular-binary", *data, "--runs-dir", runs],
                                         r"pass --agent-dir FOLDER"),
        "GPU the agent needs": (["run", "--agent", "gpu-agent", "--agent-dir", gpu_agent, "-c", "offline-tabular-binary", *data,
                                 "--runs-dir", runs], r"^error: agent gpu-agent needs 1 GPU\(s\) per run; pass --gpus"),
        "GPU that is not there": ([*run_ok, "--gpus", "999", "--runs-dir", runs], r"^error: --gpus: no GPU 999 on this machine"),
        "data not prepared": (["run", "--agent", "dummy", "-c", "offline-tabular-binary", "--data-dir", tmp_path / "empty",
                               "--runs-dir", runs], r"^error: Competition 'offline-tabular-binary' is not prepared"),
        "split with nothing implemented": (["run", "--agent", "dummy", "--split", "future", *data, "--runs-dir", runs],
                                           r"^error: split future: none of its 2 competitions is implemented here"),
        # failures that exited 0
        "grade-sample on a missing file": (["grade-sample", tmp_path / "nope.csv", "offline-tabular-binary", *data],
                                           rf"^error: submission file {re.escape(str(tmp_path / 'nope.csv'))} does not exist$"),
        "prepare from Kaggle without credentials": (["prepare", "-c", KAGGLE_ID, "--data-dir", tmp_path / "kdata"],
                                                    r"^error: no Kaggle credentials found: .*KAGGLE_API_TOKEN.*~/\.kaggle/access_token"
                                                    r".*kaggle auth login.*~/\.kaggle/kaggle\.json.*KAGGLE_USERNAME and KAGGLE_KEY"),
        "prepare with a bad --raw-dir (issue 13, 8)": (["prepare", "-c", "leaf-classification", "--raw-dir", tmp_path / "downloads",
                                                        "--data-dir", tmp_path / "rdata"], r"^error: --raw-dir .*downloads is not a directory$"),
        "prepare with a --raw-dir lacking the files": (["prepare", "-c", "leaf-classification", "--raw-dir", home,
                                                        "--data-dir", tmp_path / "rdata"], r"^error: --raw-dir .*: expected the raw files of 'leaf-classification'"),
    }
    procs = {name: _start(args, _env(home, **_with_future_split(tmp_path))) for name, (args, _) in cases.items()}
    for name, proc in procs.items():
        out, _ = _one_line(name, proc, cases[name][1])
        if name == "grade-sample on a missing file":
            assert out == ""  # no report printed before the error
    assert list(runs.iterdir()) == []  # no run group was created by any mistake
    assert not (tmp_path / "kdata").exists() or not list((tmp_path / "kdata").rglob("*.partial-*"))
    assert not list((tmp_path / "rdata").rglob("*.partial-*")) if (tmp_path / "rdata").exists() else True


def test_the_error_path_needs_no_click(tmp_path):
    """A venv made by the quickstart may have no `click` (typer ships its own copy): usage errors still work."""
    fake = tmp_path / "no-click"
    (fake / "click").mkdir(parents=True)
    (fake / "click" / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'click'\", name='click')\n")
    env = _env(tmp_path, PYTHONPATH=str(fake))
    _one_line("unknown option without click", _start(["list", "--splitt", "low"], env), r"^error: No such option: --splitt")
    _one_line("unknown command without click", _start(["lst"], env), r"Did you mean 'list'")


# The kaggle 2.x client's behaviour without network: importing `kaggle` authenticates at once (printing its
# help when nothing is accepted, then swallowing its own sys.exit), and KaggleApi.authenticate() prints the
# help again and calls exit(1). A package shadowing the installed one on PYTHONPATH does just that.
_FAKE_KAGGLE = {
    "kaggle/__init__.py": (
        "from kaggle.api.kaggle_api_extended import KaggleApi\n"
        "api = KaggleApi()\n"
        "try:\n    api.authenticate()\nexcept (Exception, SystemExit):\n    pass\n"
    ),
    "kaggle/api/__init__.py": "",
    "kaggle/api/kaggle_api_extended.py": (
        "import sys\n"
        "def print_auth_help():\n"
        "    print('Authentication required to call the Kaggle API. Run: kaggle auth login')\n"
        "class KaggleApi:\n"
        "    def authenticate(self):\n"
        "        print_auth_help()\n"
        "        sys.exit(1)\n"
    ),
}


def test_kaggle_rejecting_credentials_is_one_message_of_ours(tmp_path):
    """The client's own help, printed on import and on authenticate, is silenced; ours is one line, exit 2."""
    fake = tmp_path / "fake-kaggle"
    for rel, text in _FAKE_KAGGLE.items():
        (fake / rel).parent.mkdir(parents=True, exist_ok=True)
        (fake / rel).write_text(text)
    env = _env(tmp_path, KAGGLE_API_TOKEN="not-a-real-token", PYTHONPATH=str(fake))
    data = tmp_path / "data"
    out, err = _one_line("rejected token", _start(["prepare", "-c", KAGGLE_ID, "--data-dir", data], env),
                         r"^error: Kaggle did not accept the credentials from KAGGLE_API_TOKEN: .*~/\.kaggle/access_token")
    assert "Authentication required" not in out + err  # the client's help is not shown, once or twice
    assert not list(data.rglob("*.partial-*"))  # the failed download left nothing behind


def test_run_where_every_run_failed_exits_1_and_names_the_error(offline_data_dir, tmp_path):
    agent = tmp_path / "my-agent"
    agent.mkdir()
    runs = tmp_path / "runs"
    proc = _start(["run", "--agent-cmd", "echo 'fatal: cannot open /home/agent/model.bin' >&2; exit 3", "--agent-dir", agent,
                   "-c", "offline-tabular-binary", "--seeds", "2", "--data-dir", offline_data_dir, "--runs-dir", runs,
                   "--run-group", "all-fail"], _env(tmp_path))
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, (out, err)
    assert "Traceback" not in out + err
    for seed in (0, 1):
        assert (f"failed offline-tabular-binary.{seed}: failed (agent exited with code 3): "
                f"fatal: cannot open /home/agent/model.bin") in err
    assert "2 of 2 run(s) failed" in err
    assert not re.search(r"┘.", err)  # the live table ends with a newline when piped
    assert (runs / "all-fail" / "grading_report.json").exists()  # graded and summarised all the same


def test_list_of_a_split_says_how_many_are_implemented(tmp_path):
    everything = registry.get_split("all")
    implemented = [c for c in everything if registry.is_implemented(c)]
    missing = [c for c in everything if not registry.is_implemented(c)]
    env = _env(tmp_path, **_with_future_split(tmp_path))
    procs = {s: _start(["list", "--split", s, "--data-dir", tmp_path], env) for s in ("future", "all")}
    out, err = procs["future"].communicate(timeout=120)
    assert procs["future"].returncode == 0, err
    assert "split future: 0 of 2 competitions implemented here" in out
    assert "┏" not in out  # no empty table
    assert "not implemented (2): not-yet-implemented-a, not-yet-implemented-b" in out
    out, err = procs["all"].communicate(timeout=120)
    assert procs["all"].returncode == 0, err
    assert f"split all: {len(implemented)} of {len(everything)} competitions implemented here" in out
    flat = " ".join(out.split())
    assert f"not implemented ({len(missing)}): {', '.join(missing)}" in flat if missing else "not implemented" not in flat
    assert all(f"│ {c} " in out for c in implemented)
