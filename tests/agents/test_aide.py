"""The aide agent end to end: real bwrap sandbox, `llm` network policy, a scripted OpenAI-compatible server."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mlebench.runner import env as agent_env
from mlebench.runner.agents import BUILTIN_AGENTS, AgentConfig
from mlebench.runner.execute import RunSpec, execute_run
from mlebench.runner.rungroup import RunGroup, RunKey
from mlebench.runner.sandbox import Limits
from tests.agents.llm_server import Error, ScriptedLLMServer

COMPETITION = "offline-tabular-binary"
MODEL = "scripted-model"

READ = """import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

train = pd.read_csv("/home/data/train.csv")
test = pd.read_csv("/home/data/test.csv")
"""
# The draft reads a column that does not exist: it crashes with a KeyError.
DRAFT = READ + """features = [c for c in train.columns if c.startswith("f_")]
y = train["label"]
"""
FIT = """features = [c for c in train.columns if c.startswith("f_")]
xtr, xva, ytr, yva = train_test_split(train[features], train["target"], test_size=0.25, random_state=0)
model = {model}
model.fit(xtr, ytr)
print("VALIDATION_METRIC:", roc_auc_score(yva, model.predict_proba(xva)[:, 1]))
model.fit(train[features], train["target"])
pd.DataFrame({{"id": test["id"], "target": model.predict_proba(test[features])[:, 1]}}).to_csv("submission.csv", index=False)
"""
DEBUG = READ + "from sklearn.linear_model import LogisticRegression\n" + FIT.format(model="LogisticRegression(max_iter=500)")
IMPROVE = READ + """from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
""" + FIT.format(model="make_pipeline(StandardScaler(), PolynomialFeatures(2), LogisticRegression(C=0.1, max_iter=300))")
# A worse "improvement": it predicts from the row id alone (AUC near 0.5), so the best node is not the last one.
WORSE = READ + "from sklearn.linear_model import LogisticRegression\n" + FIT.format(
    model="LogisticRegression()").replace('features = [c for c in train.columns if c.startswith("f_")]', 'features = ["id"]')


def reply(plan: str, code: str) -> str:
    return f"{plan}\n\n```python\n{code}```\n"


def verdict(is_bug: bool, summary: str, metric: float | None = None) -> str:
    return json.dumps({"is_bug": is_bug, "metric": metric, "lower_is_better": False, "summary": summary})


SCRIPT = {
    "draft": [Error(429, retry_after=0.1), reply("Logistic regression on all features.", DRAFT)],
    "debug": [reply("Use the right target column, `target`.", DEBUG)],
    "improve": [reply("Pairwise products capture the nonlinear features.", IMPROVE),
                reply("Try the id as a feature.", WORSE)],
    "feedback": [verdict(True, "KeyError: the column 'label' does not exist."),
                 Error(503), verdict(False, "Logistic regression, holdout AUC printed.", metric=0.1),
                 verdict(False, "Quadratic logistic regression, holdout AUC printed."),
                 verdict(False, "Id-only model, close to chance.")],
}


@pytest.fixture(scope="module")
def python_env() -> Path:
    """The agent environment (`mlebench env build`); another process may be building it right now."""
    env_dir = agent_env.default_env_dir()
    for attempt in range(3):
        if agent_env.is_built(env_dir):
            return env_dir
        try:
            return agent_env.build(env_dir, echo=lambda *_: None)
        except Exception:  # a concurrent build removed or replaced the folder under us: wait, retry
            time.sleep(30 * (attempt + 1))
    assert agent_env.is_built(env_dir), f"could not build the agent environment at {env_dir}"
    return env_dir


def aide_agent(tmp_path: Path, server: ScriptedLLMServer, **kwargs) -> AgentConfig:
    """The built-in aide agent, copied, pointed at the scripted server."""
    folder = tmp_path / "agents" / "aide"
    shutil.copytree(BUILTIN_AGENTS / "aide", folder, ignore=shutil.ignore_patterns("__pycache__"))
    config = yaml.safe_load((folder / "config.yaml").read_text())
    config["llm_endpoint"] = server.base_url
    config["env"] = {"OPENAI_API_KEY": "sk-test-key"}
    config["kwargs"].update(model=MODEL, base_url=server.base_url, backoff=0.05, **kwargs)
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    return AgentConfig.from_folder(folder)


def run(prepared, tmp_path: Path, agent: AgentConfig, python_env: Path | None, time_seconds: float = 150):
    comp = prepared.get(COMPETITION)
    group = RunGroup.create(tmp_path / "runs", "g", {"agent_id": agent.id, "agent": agent.public_record(),
                                                     "competitions": [COMPETITION], "seeds": 1,
                                                     "data_dir": str(comp.data_dir)})
    key = RunKey(COMPETITION, 0)
    spec = RunSpec(group_root=group.root, key=key, agent=agent, limits=Limits(time_seconds=time_seconds),
                   sandbox="bwrap", network=agent.network, data_dir=comp.data_dir, python_env=python_env)
    return execute_run(spec), group.run_dir(key)


def test_aide_drafts_debugs_improves_and_submits_the_best(prepared, tmp_path, python_env):
    with ScriptedLLMServer(SCRIPT) as server:
        agent = aide_agent(tmp_path, server, steps=4, num_drafts=1, debug_prob=1.0, max_debug_depth=2,
                           exec_timeout=60, prices=json.dumps({MODEL: [1.0, 2.0]}))
        record, run_dir = run(prepared, tmp_path, agent, python_env)
    log = (run_dir / "logs" / "agent.log").read_text()
    assert record["status"] == "succeeded", (record, log[-3000:])
    assert server.remaining() == {}, f"unused replies: {server.remaining()}"

    journal = json.loads((run_dir / "logs" / "journal.json").read_text())
    nodes = journal["nodes"]
    assert [n["kind"] for n in nodes] == ["draft", "debug", "improve", "improve"]
    assert [n["is_bug"] for n in nodes] == [True, False, False, False]
    assert "KeyError" in nodes[0]["output"] and nodes[0]["exit_code"] != 0
    # metrics are the ones the code printed, not the reviewer's (it said 0.1 for node 1)
    assert all(n["metric_source"] == "printed" for n in nodes[1:])
    assert 0.5 < nodes[1]["metric"] <= 1.0 and nodes[1]["metric"] != 0.1
    assert abs(nodes[3]["metric"] - 0.5) < 0.1  # the id-only model is near chance
    best = max(nodes[1:], key=lambda n: n["metric"])
    assert journal["best_id"] == best["id"] != nodes[-1]["id"]
    # the tree: a debug of the crashed draft, an improvement of it, then an improvement of the best so far
    better_of_two = max(nodes[1:3], key=lambda n: n["metric"])["id"]
    assert [n["parent_id"] for n in nodes] == [None, 0, 1, better_of_two]
    assert nodes[0]["children"] == [1]

    # the model was shown what went wrong and what to improve
    debug_req = server.served("debug")[0]
    assert "KeyError" in debug_req.prompt and "y = train[\"label\"]" in debug_req.prompt
    assert server.served("improve")[1].prompt.count("PolynomialFeatures(2)" if better_of_two == 2 else "LogisticRegression(max_iter=500)")
    assert all(r.headers.get("authorization") == "Bearer sk-test-key" for r in server.requests)
    assert {r.body["model"] for r in server.requests} == {MODEL}
    assert [r.status for r in server.requests].count(429) == 1 and [r.status for r in server.requests].count(503) == 1

    # the submission is the best node's, and valid
    sub = pd.read_csv(run_dir / "submission" / "submission.csv")
    test = pd.read_csv(prepared.get(COMPETITION).public_dir / "test.csv")
    assert list(sub.columns) == ["id", "target"] and sub["id"].tolist() == test["id"].tolist()
    assert sub["target"].nunique() > 100  # real predictions, not the sample's constant
    assert (run_dir / "code" / "best_solution.py").read_text() == best["code"]
    assert "Submission is valid" in best["validation"]
    assert record["validation"]["requests"] >= 1
    from mlebench.runner.grading import grade_run

    report = grade_run(RunGroup(run_dir.parent), RunKey(COMPETITION, 0), prepared.get(COMPETITION).data_dir)
    assert report.valid_submission is True and report.score > 0.8

    # every node's code and the tree view are kept
    code_files = sorted(p.name for p in (run_dir / "code" / "nodes").iterdir())
    assert code_files == ["node_000_draft.py", "node_001_debug.py", "node_002_improve.py", "node_003_improve.py"]
    assert (run_dir / "code" / "nodes" / "node_000_draft.py").read_text() == DRAFT
    tree = (run_dir / "logs" / "tree.txt").read_text()
    assert f"[{best['id']}]" in tree and "<- best" in tree and "higher is better" in tree

    # tokens: what the agent recorded is what the server sent (retried requests sent none)
    sent = server.usage_sent()
    usage = json.loads((run_dir / "logs" / "usage.json").read_text())
    assert {k: usage[k] for k in sent} == sent
    assert usage["calls"] == len(server.served()) == 8 and usage["retries"] == 2 and usage["model"] == MODEL
    assert usage["cost_usd"] == pytest.approx((sent["prompt_tokens"] * 1.0 + sent["completion_tokens"] * 2.0) / 1e6)
    assert {k: record["usage"][k] for k in sent} == sent and record["usage"]["calls"] == 8
    assert json.loads((run_dir / "run.json").read_text())["usage"]["total_tokens"] == sent["total_tokens"]
    assert record["llm_proxy"]["connections"] >= len(server.requests)


def test_llm_policy_reaches_only_the_endpoint(prepared, tmp_path):
    """Through the harness's proxy the agent reaches its llm_endpoint and nothing else."""
    with ScriptedLLMServer({"draft": [reply("plan", "print(1)\n")]}) as server, \
            ScriptedLLMServer({"draft": [reply("plan", "print(2)\n")]}) as other:
        folder = tmp_path / "agents" / "probe"
        folder.mkdir(parents=True)
        (folder / "probe.py").write_text(PROBE)
        (folder / "config.yaml").write_text(yaml.safe_dump({
            "id": "probe", "start": f"python3 /home/agent/probe.py {server.base_url} {other.base_url}",
            "network": "llm", "llm_endpoint": server.base_url}))
        record, run_dir = run(prepared, tmp_path, AgentConfig.from_folder(folder), None, time_seconds=60)
    assert record["status"] == "succeeded", (run_dir / "logs" / "agent.log").read_text()
    out = json.loads((run_dir / "code" / "probe.json").read_text())
    assert out["allowed"].startswith("200") and "print(1)" in out["allowed"]
    for target in ("other_port", "other_host", "https_other_host", "direct"):
        assert not out[target].startswith("200"), (target, out[target])
    assert out["other_port"].startswith("403") and "allows only" in out["other_port"]
    assert out["other_host"].startswith("403") and out["https_other_host"].startswith("error")
    assert len(server.served()) == 1 and other.requests == []
    assert record["llm_proxy"]["refused"] >= 3  # (+1: the forwarder's readiness probe counts as a refusal)


PROBE = r'''
import json, socket, sys, urllib.request, urllib.error

allowed, other = sys.argv[1], sys.argv[2]
body = json.dumps({"model": "m", "messages": [{"role": "user", "content": "Write a first solution"}]}).encode()

def ask(url, opener=None):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=10) as r:
            return f"{r.status} {r.read().decode()}"
    except urllib.error.HTTPError as e:
        return f"{e.code} {e.read().decode()}"
    except Exception as e:
        return f"error {type(e).__name__}: {e}"

out = {
    "allowed": ask(allowed + "/chat/completions"),
    "other_port": ask(other + "/chat/completions"),
    "other_host": ask("http://example.com/v1/chat/completions"),
    "https_other_host": ask("https://api.openai.com/v1/chat/completions"),
    "direct": ask(other + "/chat/completions", urllib.request.build_opener(urllib.request.ProxyHandler({}))),
}
json.dump(out, open("/home/code/probe.json", "w"), indent=1)
'''


FAKE_AIDE = r'''
"""Stands in for the published `aide` command: aideml 0.2.2's folders, journal format and per-step submission."""
import json, sys, time
from pathlib import Path

args = dict(a.split("=", 1) for a in sys.argv[1:])
json.dump(sys.argv[1:], open("/home/code/aide_args.json", "w"))
log_dir, space = Path(args["log_dir"]) / "0-exp", Path(args["workspace_dir"]) / "0-exp"
(space / "working").mkdir(parents=True)
log_dir.mkdir(parents=True)
ids = [line.split(",")[0] for line in open(Path(args["data_dir"]) / "sample_submission.csv").read().split()[1:]]
nodes = []
for step, value in enumerate([None, 0.7, 0.6]):  # a crash, a good node, a worse one
    if value is not None:
        (space / "working" / "submission.csv").write_text("id,target\n" + "".join(f"{i},{value}\n" for i in ids))
    nodes.append({"step": step, "id": f"n{step}", "code": f"# step {step}\n", "is_buggy": value is None,
                  "metric": {"value": value, "maximize": True if value is not None else None}})
    (log_dir / "journal.json").write_text(json.dumps({"nodes": nodes, "node2parent": {}, "__version": "2"}))
    (log_dir / "best_solution.py").write_text("# step 1\n")
    time.sleep(2.5)
'''


def test_aideml_adapter_runs_aide_with_v1_layout_and_keeps_the_best(prepared, tmp_path, python_env):
    folder = tmp_path / "agents" / "aideml"
    shutil.copytree(BUILTIN_AGENTS / "aideml", folder)
    (folder / "fake_aide.py").write_text(FAKE_AIDE)
    config = yaml.safe_load((folder / "config.yaml").read_text())
    config["env"] = {"OPENAI_API_KEY": "sk-test", "AIDEML_COMMAND": "python /home/agent/fake_aide.py"}
    config["kwargs"]["steps"] = 3
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    record, run_dir = run(prepared, tmp_path, AgentConfig.from_folder(folder), python_env, time_seconds=60)
    assert record["status"] == "succeeded", (run_dir / "logs" / "agent.log").read_text()
    args = json.loads((run_dir / "code" / "aide_args.json").read_text())
    assert args[:3] == ["data_dir=/home/data/", "desc_file=/tmp/aideml/full_instructions.txt", "exp_name=exp"]
    assert {"agent.steps=3", "agent.search.debug_prob=1", "agent.search.max_debug_depth=20", "copy_data=False",
            "agent.code.model=gpt-4o-2024-08-06", "generate_report=False"} <= set(args)
    desc = (run_dir / "logs" / "full_instructions.txt").read_text()
    assert "/home/" not in desc.split("COMPETITION INSTRUCTIONS")[0]  # paths made relative, as in v1
    assert "submission/submission.csv" in desc and "at most 3 solution attempts" in desc
    assert "COMPETITION INSTRUCTIONS" in desc and "${" not in desc
    assert desc.endswith((prepared.get(COMPETITION).public_dir / "description.md").read_text())
    sub = pd.read_csv(run_dir / "submission" / "submission.csv")
    assert (sub["target"] == 0.7).all()  # the best step's, not the last one's
    assert json.loads((run_dir / "logs" / "journal.json").read_text())["nodes"][-1]["step"] == 2
    assert (run_dir / "code" / "best_solution.py").read_text() == "# step 1\n"
    assert sorted(p.name for p in (run_dir / "code" / "nodes").iterdir()) == ["node_000.py", "node_001.py", "node_002.py"]


def test_aideml_adapter_says_how_to_install_the_package(prepared, tmp_path, python_env):
    folder = tmp_path / "agents" / "aideml"
    shutil.copytree(BUILTIN_AGENTS / "aideml", folder)
    config = yaml.safe_load((folder / "config.yaml").read_text())
    config["env"] = {"OPENAI_API_KEY": "sk-test", "AIDEML_COMMAND": "aide-not-installed-here"}
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    record, run_dir = run(prepared, tmp_path, AgentConfig.from_folder(folder), python_env, time_seconds=30)
    assert record["status"] == "failed" and record["exit_code"] == 2
    assert "pip install aideml" in (run_dir / "logs" / "agent.log").read_text()


# -- the agent's pieces, without a sandbox ---------------------------------------------------------------

@pytest.fixture
def aide(monkeypatch):
    """The agent's main module, imported from its folder (it runs as a script inside the sandbox)."""
    import importlib.util
    import sys

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "OPENAI_BASE_URL", "AIDE_MODEL",
                 "AIDE_FEEDBACK_MODEL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.syspath_prepend(str(BUILTIN_AGENTS / "aide"))
    spec = importlib.util.spec_from_file_location("aide_agent_main", BUILTIN_AGENTS / "aide" / "aide.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    for name in ("prompts", "llm", "journal", "interpreter"):
        sys.modules.pop(name, None)


def local_args(aide, tmp_path: Path, server: ScriptedLLMServer, *extra: str):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "description.md").write_text("Predict y. Metric: accuracy (higher is better).")
    (data / "train.csv").write_text("x,y\n1,0\n2,1\n")
    dirs = []
    for name in ("submission", "logs", "code", "work"):
        (tmp_path / name).mkdir(exist_ok=True)
        dirs += [f"--{name}-dir", str(tmp_path / name)]
    return aide.parse_args(["--model", MODEL, "--base-url", server.base_url, "--backoff", "0.01", "--time-limit", "60",
                            "--reserve", "0", "--data-dir", str(data), *dirs, *extra])


def test_llm_client_retries_then_gives_up_and_never_retries_a_refusal(aide, tmp_path):
    import llm

    script = {"draft": [Error(500), Error(502), reply("ok", "print(1)\n"), Error(500), Error(500), Error(500)],
              "debug": [Error(401)]}
    with ScriptedLLMServer(script) as server:
        client = llm.ChatClient(server.base_url, "k", llm.Usage(), max_retries=2, backoff=0.01, log=lambda m: None)
        ask = [{"role": "user", "content": "Write a first solution"}]
        assert "print(1)" in client.complete(MODEL, ask)
        with pytest.raises(llm.LLMError, match="giving up after 3 attempts"):
            client.complete(MODEL, ask)
        with pytest.raises(llm.LLMError, match="HTTP 401"):
            client.complete(MODEL, [{"role": "user", "content": "Fix the bug"}])
    assert [r.status for r in server.requests] == [500, 502, 200, 500, 500, 500, 401]
    assert client.usage.calls == 1 and client.usage.retries == 4
    assert client.usage.cost_usd is None  # no price for the model: unknown, not zero
    assert client.usage.prompt_tokens == server.usage_sent()["prompt_tokens"]


def test_slow_code_is_killed_and_debugged_within_max_debug_depth(aide, tmp_path):
    hang = reply("sleep", "import time\ntime.sleep(600)\n")
    script = {"draft": [hang], "debug": [hang, hang],
              "feedback": [verdict(True, "It hung.")] * 3}
    with ScriptedLLMServer(script) as server:
        args = local_args(aide, tmp_path, server, "--steps", "4", "--num-drafts", "1", "--debug-prob", "1",
                          "--max-debug-depth", "2", "--exec-timeout", "1")
        agent = aide.Agent(args)
        started = time.monotonic()
        code = agent.run()
    assert time.monotonic() - started < 30
    kinds = [(n.kind, n.parent_id) for n in agent.journal.nodes]
    # two debugs in a row, then max_debug_depth stops debugging; nothing is good, so a new draft is asked
    # for: the script has none left, and after three failed requests the agent stops
    assert kinds == [("draft", None), ("debug", 0), ("debug", 1)]
    assert all(n.timed_out and n.is_bug for n in agent.journal.nodes)
    assert "killed at its time limit" in server.served("debug")[0].prompt
    assert code == 1 and not (tmp_path / "submission" / "submission.csv").exists()
    saved = json.loads((tmp_path / "logs" / "journal.json").read_text())
    assert saved["best_id"] is None and len(saved["nodes"]) == 3


def test_feedback_and_metric_parsing(aide):
    import prompts

    assert prompts.parse_metric("epoch 1\nVALIDATION_METRIC: 0.5\nVALIDATION_METRIC = 1.25e-1\n") == 0.125
    assert prompts.parse_metric("VALIDATION_METRIC: nan") is None and prompts.parse_metric("no metric") is None
    v = prompts.parse_feedback('```json\n{"is_bug": false, "metric": "0.9", "lower_is_better": true, "summary": "s"}\n```')
    assert v == {"is_bug": False, "metric": 0.9, "lower_is_better": True, "summary": "s"}
    assert prompts.parse_feedback('{"metric": "n/a"}')["is_bug"] is True
    plan, code = prompts.extract_code("Plan here.\n```python\nimport x\n```\nmore\n```\nprint(1)\n```")
    assert plan == "Plan here." and code == "import x\n"


def test_node_code_cannot_replace_the_kept_submission(aide, tmp_path, monkeypatch):
    good = 'open("submission.csv", "w").write("id,y\\n1,1\\n")\nprint("VALIDATION_METRIC: 0.9")\n'
    sneaky = (f'open({str(tmp_path / "submission" / "submission.csv")!r}, "w").write("garbage")\n'
              'open("submission.csv", "w").write("id,y\\n1,0\\n")\nprint("VALIDATION_METRIC: 0.1")\n')
    script = {"draft": [reply("ok", good)], "improve": [reply("worse", sneaky)],
              "feedback": [verdict(False, "fine"), verdict(False, "worse")]}
    with ScriptedLLMServer(script) as server:
        monkeypatch.setenv("MLEBENCH_VALIDATION_URL", server.base_url + "/no-validation-here")  # unreachable: kept
        agent = aide.Agent(local_args(aide, tmp_path, server, "--steps", "2", "--num-drafts", "1"))
        assert agent.run() == 0
    assert [n.kind for n in agent.journal.nodes] == ["draft", "improve"] and agent.journal.best_id == 0
    assert (tmp_path / "submission" / "submission.csv").read_text() == "id,y\n1,1\n"
    usage = json.loads((tmp_path / "logs" / "usage.json").read_text())
    assert usage["calls"] == 4 and usage["total_tokens"] == server.usage_sent()["total_tokens"]
