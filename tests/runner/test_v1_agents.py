"""v1's agent folders run here unchanged (but for their conda lines), through the real bwrap sandbox.

The folders below are ours, laid out like v1's ``agents/dummy`` and ``agents/aide`` (a ``config.yaml``
mapping agent ids to ``start``/``env_vars``/``kwargs``/``kwargs_type``, a bash ``start.sh``) and doing the
same shell operations as v1's start scripts: writing into ``$AGENT_DIR``, copying the instructions
there, reading ``/home/instructions_obfuscated.txt`` when ``OBFUSCATE=true``, forwarding ``$@``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlebench.cli import app
from mlebench.errors import MLEBenchError

from mlebench.runner.agents import AgentConfig, get_agent
from mlebench.runner.execute import RunSpec, execute_run
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits
from tests.cli._helpers import MLEBENCH, cli_env
from tests.runner.conftest import COMPETITION, run_agent

DUMMY_START = """\
#!/bin/bash
set -x
python3 ${AGENT_DIR}/main.py
ls /home/data
touch $CODE_DIR/code.py
touch $LOGS_DIR/run.log
touch $AGENT_DIR/agent_was_here.txt
cat /home/instructions.txt
bash /home/validate_submission.sh /home/submission/submission.csv
"""

DUMMY_MAIN = """\
import shutil
from pathlib import Path
here = Path(__file__).parent
shutil.copy(here.parent / "data" / "sample_submission.csv", here.parent / "submission" / "submission.csv")
"""

AIDE_START = """\
#!/bin/bash
set -ex
cd ${AGENT_DIR}
if [ "$OBFUSCATE" = "true" ]; then
  cp /home/instructions_obfuscated.txt ${AGENT_DIR}/full_instructions.txt
else
  cp /home/instructions.txt ${AGENT_DIR}/full_instructions.txt
fi
sed -i 's|/home/||g' ${AGENT_DIR}/full_instructions.txt
echo "" >> ${AGENT_DIR}/full_instructions.txt
cat ${AGENT_DIR}/additional_notes.txt >> ${AGENT_DIR}/full_instructions.txt
cat /home/data/description.md >> ${AGENT_DIR}/full_instructions.txt
mkdir -p ${AGENT_DIR}/workspaces/exp ${AGENT_DIR}/logs
ln -s ${LOGS_DIR} ${AGENT_DIR}/logs/exp
ln -s ${SUBMISSION_DIR} ${AGENT_DIR}/workspaces/exp/best_submission
cp ${AGENT_DIR}/full_instructions.txt ${LOGS_DIR}/full_instructions.txt
printf '%s\\n' "$@" > ${LOGS_DIR}/args.txt
env | sort > ${LOGS_DIR}/env.txt
cp /home/data/sample_submission.csv ${AGENT_DIR}/workspaces/exp/best_submission/submission.csv
timeout $TIME_LIMIT_SECS true
"""

AIDE_CONFIG = """\
vars:
  step_count: &step_count 7
  time_limit: &time_limit 86400
defaults: &defaults
  start: aide/start.sh
  dockerfile: aide/Dockerfile
  kwargs_type: omegaconf
  env_vars: &env_vars
    TIME_LIMIT_SECS: *time_limit
    STEP_LIMIT: *step_count
kwargs_common: &kwargs_common
  agent.search.debug_prob: 1
  copy_data: False
aide:
  <<: *defaults
  kwargs:
    <<: *kwargs_common
    agent.code.model: gpt-4o-2024-08-06
    agent.steps: *step_count
aide/obfuscated:
  <<: *defaults
  kwargs:
    <<: *kwargs_common
    agent.obfuscate: True
  env_vars:
    <<: *env_vars
    OBFUSCATE: "true"
"""


def v1_folder(root: Path, name: str, config: str, files: dict[str, str]) -> Path:
    folder = root / "v1agents" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(config)
    for fname, text in files.items():
        (folder / fname).write_text(text)
    return folder


def test_v1_dummy_writes_into_agent_dir(prepared, tmp_path, tabular):
    folder = v1_folder(tmp_path, "dummy", "dummy:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n",
                       {"start.sh": DUMMY_START, "main.py": DUMMY_MAIN, "Dockerfile": "FROM mlebench-env\n"})
    agent = get_agent("dummy", [folder.parent])
    assert agent.folder == folder.resolve() and agent.start == "bash /home/agent/start.sh"
    record, run_dir = run_agent(prepared, tmp_path, agent)
    assert record["status"] == "succeeded", record
    assert (run_dir / "submission" / "submission.csv").read_bytes() == tabular.sample_submission.read_bytes()
    assert (run_dir / "code" / "code.py").exists() and (run_dir / "logs" / "run.log").exists()
    log = (run_dir / "logs" / "agent.log").read_text()
    assert "agent_was_here" in log and "Read-only file system" not in log
    assert re.search(r'"valid":\s*true', log)
    assert not (folder / "agent_was_here.txt").exists()  # the run wrote into its own copy
    assert record["description"] == "original"


def test_v1_aide_layout_kwargs_env_and_obfuscation(prepared, tmp_path, tabular):
    folder = v1_folder(tmp_path, "aide", AIDE_CONFIG,
                       {"start.sh": AIDE_START, "additional_notes.txt": "ADDITIONAL NOTES\n"})
    agent = get_agent("aide/obfuscated", [folder.parent])
    assert agent.kwargs_type == "omegaconf" and agent.env["OBFUSCATE"] == "true"
    record, run_dir = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=60))
    assert record["status"] == "succeeded", (record, (run_dir / "logs" / "agent.log").read_text()[-2000:])
    assert (run_dir / "submission" / "submission.csv").read_bytes() == tabular.sample_submission.read_bytes()
    logs = run_dir / "logs"
    instructions = (logs / "full_instructions.txt").read_text()
    assert "machine-learning task" in instructions and "competition" not in instructions.split("ADDITIONAL")[0]
    assert "data/description.md" in instructions and "/home/" not in instructions.split("ADDITIONAL")[0]
    assert tabular.description.strip().splitlines()[0] in instructions  # the original description (no flag given)
    args = (logs / "args.txt").read_text().split()
    assert args == ["agent.search.debug_prob=1", "copy_data=False", "agent.obfuscate=True"]
    env = dict(line.split("=", 1) for line in (logs / "env.txt").read_text().splitlines() if "=" in line)
    assert env["AGENT_DIR"] == "/home/agent" and env["CODE_DIR"] == "/home/code"
    assert env["LOGS_DIR"] == "/home/logs" and env["SUBMISSION_DIR"] == "/home/submission"
    assert env["STEP_LIMIT"] == "7" and env["OBFUSCATE"] == "true" and env["COMPETITION_ID"] == COMPETITION
    assert env["TIME_LIMIT_SECS"] == "60"  # the limit enforced, not the config's 86400
    assert env["HARDWARE"]


def test_obfuscated_description_is_given_and_recorded(prepared, tmp_path, tabular):
    folder = v1_folder(tmp_path, "aide", AIDE_CONFIG,
                       {"start.sh": AIDE_START, "additional_notes.txt": "ADDITIONAL NOTES\n"})
    agent = get_agent("aide", [folder.parent])
    assert agent.resolved_start() == ("bash /home/agent/start.sh agent.search.debug_prob=1 copy_data=False "
                                      "agent.code.model=gpt-4o-2024-08-06 agent.steps=7")
    grp = RunGroup.create(tmp_path / "runs", "obf", {"agent_id": agent.id, "competitions": [COMPETITION], "seeds": 1,
                                                     "data_dir": str(tabular.data_dir)})
    spec = RunSpec(group_root=grp.root, key=RunKey(COMPETITION, 0), agent=agent, limits=Limits(time_seconds=60),
                   sandbox="bwrap", network="none", data_dir=tabular.data_dir, description="obfuscated")
    record = execute_run(spec)
    assert record["status"] == "succeeded", record
    assert record["description"] == "obfuscated"
    text = (grp.run_dir(spec.key) / "logs" / "full_instructions.txt").read_text()
    obfuscated = (tabular.folder / "description_obfuscated.md").read_text()
    assert obfuscated.strip() in text and tabular.description.strip() not in text
    assert "machine-learning task" in text  # the obfuscated instructions too


def test_agent_folder_copy_counts_against_the_quota(prepared, tmp_path):
    folder = tmp_path / "agents" / "big"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text("id: big\nstart: sh /home/agent/main.sh\n")
    (folder / "main.sh").write_text(textwrap.dedent("""\
        cp /home/data/sample_submission.csv /home/submission/submission.csv
        head -c 300000 /dev/zero > /home/agent/more.bin
        sleep 30
    """))
    (folder / "weights.bin").write_bytes(b"\1" * 800_000)
    agent = AgentConfig.from_folder(folder)
    record, _ = run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=60, disk_bytes=1_000_000))
    # 800 kB of agent folder + 300 kB written into it: over the 1 MB quota, though neither is alone
    assert record["status"] == "disk_limit", record
    assert record["wall_seconds"] < 30


def test_agent_folder_larger_than_the_quota_is_refused(prepared, tmp_path):
    folder = tmp_path / "agents" / "huge"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text("id: huge\nstart: sh /home/agent/main.sh\n")
    (folder / "main.sh").write_text("exit 0\n")
    (folder / "weights.bin").write_bytes(b"\1" * 2_000_000)
    agent = AgentConfig.from_folder(folder)
    with pytest.raises(MLEBenchError, match="does not fit in the run's disk quota"):
        run_agent(prepared, tmp_path, agent, limits=Limits(time_seconds=60, disk_bytes=1_000_000))


def test_v1_config_entries_and_mistakes(tmp_path):
    folder = v1_folder(tmp_path, "aide", AIDE_CONFIG, {"start.sh": AIDE_START})
    assert AgentConfig.from_folder(folder).id == "aide"
    assert AgentConfig.from_folder(folder, "aide/obfuscated").env["OBFUSCATE"] == "true"
    with pytest.raises(MLEBenchError, match="defines no agent 'aide/dev'"):
        AgentConfig.from_folder(folder, "aide/dev")
    argparse = v1_folder(tmp_path, "ap", "ap:\n  start: ap/start.sh\n  kwargs_type: argparse\n  kwargs: {steps: 3, name: a b}\n",
                         {"start.sh": "true\n"})
    assert AgentConfig.from_folder(argparse).resolved_start() == "bash /home/agent/start.sh --steps 3 --name 'a b'"
    no_type = v1_folder(tmp_path, "nt", "nt:\n  start: nt/start.sh\n  kwargs: {steps: 3}\n", {"start.sh": "true\n"})
    with pytest.raises(MLEBenchError, match="kwargs but no kwargs_type"):
        AgentConfig.from_folder(no_type)
    privileged = v1_folder(tmp_path, "pv", "pv:\n  start: pv/start.sh\n  privileged: true\n", {"start.sh": "true\n"})
    with pytest.raises(MLEBenchError, match="privileged"):
        AgentConfig.from_folder(privileged)
    bad_type = v1_folder(tmp_path, "bt", "id: bt\nstart: sh main.sh\nkwargs_type: hydra\n", {})
    with pytest.raises(MLEBenchError, match="kwargs_type must be one of argparse, omegaconf"):
        AgentConfig.from_folder(bad_type)


def test_cli_obfuscated_descriptions(prepared, tmp_path, tabular, monkeypatch):
    folder = tmp_path / "agents" / "reader"
    folder.mkdir(parents=True)
    (folder / "config.yaml").write_text("id: reader\nstart: sh /home/agent/main.sh\n")
    (folder / "main.sh").write_text("cp /home/data/description.md /home/instructions.txt /home/code/\n"
                                    "cp /home/data/sample_submission.csv /home/submission/submission.csv\n")
    runs = tmp_path / "runs"
    common = ["run", "--agent", "reader", "--agent-dir", str(folder), "--time-limit", "60s", "--no-grade",
              "--runs-dir", str(runs), "--data-dir", str(tabular.data_dir)]
    result = CliRunner().invoke(app, [*common, "-c", COMPETITION, "--obfuscated-descriptions", "--run-group", "g"])
    assert result.exit_code == 0, result.output
    group = RunGroup.open(runs, "g")
    assert group.metadata.description == "obfuscated"  # a resume gives the same
    record = group.run_record(RunKey(COMPETITION, 0))
    assert record.description == "obfuscated"
    code = group.run_dir(RunKey(COMPETITION, 0)) / "code"
    assert (code / "description.md").read_text() == (tabular.folder / "description_obfuscated.md").read_text()
    assert "machine-learning task" in (code / "instructions.txt").read_text()
    result = CliRunner().invoke(app, [*common, "--resume", "g", "--obfuscated-descriptions"])
    assert isinstance(result.exception, MLEBenchError) and "applies to a new run group" in str(result.exception)

    plugins = tmp_path / "plugins"  # a competition of the user's, without description_obfuscated.md
    shutil.copytree(tabular.folder, plugins / "plain-binary", ignore=shutil.ignore_patterns("description_obfuscated.md"))
    config = plugins / "plain-binary" / "config.yaml"
    config.write_text(config.read_text().replace("id: offline-tabular-binary", "id: plain-binary"))
    # a fresh process: this one's registry was loaded before the plugin folder existed
    proc = subprocess.run([*MLEBENCH, *common, "-c", "plain-binary", "--obfuscated-descriptions", "--run-group", "h"],
                          capture_output=True, text=True, timeout=300,
                          env={**cli_env(), "MLEBENCH_COMPETITIONS_PATH": str(plugins)})
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "no description_obfuscated.md for plain-binary" in proc.stderr and not (runs / "h").exists()
