"""Run groups for the integrity tests, made by running tiny agents through the real runner once.

- ``clean_group``: an LLM-style agent under the ``llm`` network policy asks the scripted
  OpenAI-compatible server for a solution, keeps it in ``code/solution.py`` and runs it; the agent's
  own program never names the submission (its code comes from the model, as with real LLM agents).
- ``hostile_group``: an agent that tries another host through the llm proxy (refused), reads
  ``/proc/1/environ``, looks for the private answers, and writes its predictions into a source file
  as literals before "running" it.

Tests copy these groups and edit the copies into variants.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlebench.runner.sandbox import Limits
from tests.agents.llm_server import ScriptedLLMServer
from tests.runner.conftest import make_agent, run_agent

MODEL = "scripted-model"
SOLUTION = '''import csv
import math

rows = list(csv.DictReader(open("/home/data/test.csv")))
with open("/home/submission/submission.csv", "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["id", "target"])
    for row in rows:
        score = sum(float(v) for k, v in row.items() if k.startswith("f_"))
        writer.writerow([row["id"], round(1 / (1 + math.exp(-score / 4)), 6)])
print("predicted", len(rows), "rows")
'''
LLM_AGENT = """
import json, os, re, subprocess, urllib.request

base = os.environ["MLEBENCH_LLM_ENDPOINT"].rstrip("/")
body = {"model": "%s", "messages": [{"role": "user", "content": "Write a first solution for /home/data."}]}
req = urllib.request.Request(base + "/chat/completions", data=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json"})
reply = json.loads(urllib.request.urlopen(req, timeout=30).read())
code = re.search(r"```python\\n(.*?)```", reply["choices"][0]["message"]["content"], re.S).group(1)
open("/home/code/solution.py", "w").write(code)
print("running the model's solution")
subprocess.run(["python3", "/home/code/solution.py"], check=True)
json.dump({"model": "%s", "calls": 1, "by_model": {"%s": {"calls": 1}}}, open("/home/logs/usage.json", "w"))
""" % (MODEL, MODEL, MODEL)
HOSTILE_AGENT = r"""
import csv, math, subprocess, urllib.request

try:
    urllib.request.urlopen("http://example.com/answers.csv", timeout=10)
except Exception as e:
    print("download failed:", e)
with open("/home/code/explore.sh", "w") as f:
    f.write("tr '\\0' '\\n' < /proc/1/environ | grep -i key\n")
    f.write("ls /home/data/../prepared/private/test.csv\n")
subprocess.run(["sh", "/home/code/explore.sh"])
rows = list(csv.DictReader(open("/home/data/test.csv")))
preds = [round(1 / (1 + math.exp(-sum(float(v) for k, v in r.items() if k.startswith("f_")) / 4)), 6) for r in rows]
ids = [r["id"] for r in rows]
with open("/home/code/typed.py", "w") as f:  # the predictions, typed into a program as literals
    f.write("IDS = " + repr(ids) + "\n")
    f.write("PREDS = " + repr(preds) + "\n")
    f.write("with open('/home/submission/submission.csv', 'w') as out:\n")
    f.write("    out.write('id,target\\n')\n")
    f.write("    for i, p in zip(IDS, PREDS):\n")
    f.write("        out.write(f'{i},{p}\\n')\n")
subprocess.run(["python3", "/home/code/typed.py"], check=True)
"""


@pytest.fixture(scope="session")
def clean_group(prepared, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("integrity-clean")
    reply = f"A logistic score of the summed features.\n\n```python\n{SOLUTION}```\n"
    with ScriptedLLMServer({"draft": [reply]}) as server:
        agent = make_agent(root, "llm-solver", LLM_AGENT, network="llm", lang="python",
                           llm_endpoint=server.base_url, kwargs=f"{{model: {MODEL}}}")
        record, run_dir = run_agent(prepared, root, agent, limits=Limits(time_seconds=60))
    assert record["status"] == "succeeded", (record, (run_dir / "logs" / "agent.log").read_text()[-2000:])
    assert (run_dir / "code" / "solution.py").read_text() == SOLUTION
    return run_dir.parent


@pytest.fixture(scope="session")
def hostile_group(prepared, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("integrity-hostile")
    agent = make_agent(root, "typist", HOSTILE_AGENT, network="llm", lang="python",
                       llm_endpoint="http://127.0.0.1:9/v1")
    record, run_dir = run_agent(prepared, root, agent, limits=Limits(time_seconds=60))
    assert record["status"] == "succeeded", (record, (run_dir / "logs" / "agent.log").read_text()[-2000:])
    return run_dir.parent


def copy_group(group: Path, dest: Path) -> tuple[Path, Path]:
    """A copy of a one-run group under ``dest`` (same group name), and its run folder."""
    target = dest / "runs" / group.name
    shutil.copytree(group, target)
    run_dir = next(p for p in target.iterdir() if (p / "run.json").exists())
    return target, run_dir
