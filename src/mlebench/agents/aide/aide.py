"""AIDE-style agent: a tree search over whole solutions (draft, debug, improve) driven by an LLM.

Each step picks a node to work from (the search policy), asks the model for a new script, runs it
in a subprocess, reads the validation metric it prints, and asks the model to judge the run. The
best good node's submission (checked by the validation service) is kept in /home/submission; the
journal, a tree view and every node's code go to /home/logs and /home/code, the token usage to
/home/logs/usage.json. Standard library only; node code runs with this Python (the agent env).

Settings: command-line flags (the harness fills them from the config's kwargs); OPENAI_BASE_URL
(else MLEBENCH_LLM_ENDPOINT), OPENAI_API_KEY, AIDE_MODEL and AIDE_FEEDBACK_MODEL in the environment
override them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.dont_write_bytecode = True  # /home/agent is read-only
sys.path.insert(0, str(Path(__file__).resolve().parent))

import prompts  # noqa: E402
from interpreter import data_preview, run_code  # noqa: E402
from journal import Journal, Node  # noqa: E402
from llm import ChatClient, LLMError, Usage, parse_prices  # noqa: E402


def log(msg: str) -> None:
    print(f"[aide {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", default="gpt-4o-2024-08-06")
    p.add_argument("--feedback-model", default="", help="default: --model")
    p.add_argument("--base-url", default="https://api.openai.com/v1")
    p.add_argument("--temperature", type=float, default=0.5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--num-drafts", type=int, default=5)
    p.add_argument("--debug-prob", type=float, default=0.5)
    p.add_argument("--max-debug-depth", type=int, default=3)
    p.add_argument("--exec-timeout", type=float, default=3600)
    p.add_argument("--time-limit", type=float, default=0, help="seconds; 0: TIME_LIMIT_SECS")
    p.add_argument("--reserve", type=float, default=-1, help="seconds kept at the end; -1: 10%% up to 60s")
    p.add_argument("--prices", default="", help='JSON: {"model": [usd_per_1M_prompt, usd_per_1M_completion]}')
    p.add_argument("--retries", type=int, default=6)
    p.add_argument("--backoff", type=float, default=2.0)
    p.add_argument("--request-timeout", type=float, default=600)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data-dir", default=os.environ.get("DATA_DIR", "/home/data"))
    p.add_argument("--submission-dir", default=os.environ.get("SUBMISSION_DIR", "/home/submission"))
    p.add_argument("--logs-dir", default=os.environ.get("LOGS_DIR", "/home/logs"))
    p.add_argument("--code-dir", default=os.environ.get("CODE_DIR", "/home/code"))
    p.add_argument("--work-dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "aide"))
    args = p.parse_args(argv)
    # MLEBENCH_LLM_ENDPOINT: the agent's llm_endpoint, if the harness passes it in (proposed; see the report)
    args.base_url = os.environ.get("OPENAI_BASE_URL") or os.environ.get("MLEBENCH_LLM_ENDPOINT") or args.base_url
    args.model = os.environ.get("AIDE_MODEL") or args.model
    args.feedback_model = os.environ.get("AIDE_FEEDBACK_MODEL") or args.feedback_model or args.model
    return args


def validate(path: Path, attempts: int = 5) -> tuple[bool | None, str]:
    """Ask the validation service about a submission: (valid, its message); None if it cannot be reached."""
    url = os.environ.get("MLEBENCH_VALIDATION_URL", "http://localhost:5000/validate")
    for attempt in range(attempts):
        req = urllib.request.Request(url, data=path.read_bytes(), headers={"Content-Type": "text/csv"}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                data = json.loads(resp.read())
                return bool(data.get("valid")), str(data.get("result", ""))
        except urllib.error.HTTPError as e:
            if e.code == 429:
                time.sleep(3 * 2**attempt)
                continue
            return None, f"validation service answered HTTP {e.code}"
        except (urllib.error.URLError, OSError, ValueError) as e:
            return None, f"validation service unreachable: {e}"
    return None, "validation service kept rate-limiting"


class Agent:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.logs, self.code_dir = Path(args.logs_dir), Path(args.code_dir)
        self.submission = Path(args.submission_dir) / "submission.csv"
        self.work = Path(args.work_dir)
        limit = args.time_limit or float(os.environ.get("TIME_LIMIT_SECS", 24 * 3600))
        self.reserve = args.reserve if args.reserve >= 0 else min(60.0, 0.1 * limit)
        self.deadline = time.monotonic() + limit
        self.journal = Journal()
        self.usage = Usage(prices=parse_prices(args.prices))
        self.client = ChatClient(args.base_url, os.environ.get("OPENAI_API_KEY", ""), self.usage,
                                 timeout=args.request_timeout, max_retries=args.retries, backoff=args.backoff, log=log)
        data = Path(args.data_dir)
        desc = data / "description.md"
        instructions = Path("/home/instructions.txt")
        parts = [instructions.read_text()] if instructions.exists() else []
        parts.append(desc.read_text()[:30000] if desc.exists() else "(no description.md)")
        self.task = "\n\n".join(parts)
        self.preview = data_preview(data)
        self.env = {"data_dir": str(data), "hardware": os.environ.get("HARDWARE", "a CPU"),
                    "exec_timeout": args.exec_timeout}

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    # -- the search policy (as in AIDE) --------------------------------------------------------------
    def choose(self) -> tuple[str, Node | None]:
        j, a = self.journal, self.args
        if len(j.drafts) < a.num_drafts:
            return "draft", None
        if self.rng.random() < a.debug_prob:
            debuggable = [n for n in j.nodes if n.is_bug and not n.children and j.debug_depth(n) < a.max_debug_depth]
            if debuggable:
                return "debug", self.rng.choice(debuggable)
        best = j.best()
        if best is None:
            return "draft", None
        return "improve", best

    def memory(self) -> str:
        return "\n".join(f"- node {n.id} ({n.kind}): metric {n.metric:.6g}. {n.summary}" for n in self.journal.good_nodes)

    def problem(self, node: Node) -> str:
        facts = []
        if node.timed_out:
            facts.append("The run was killed at its time limit; make it faster.")
        elif node.exit_code not in (0, None):
            facts.append(f"The script exited with code {node.exit_code}.")
        if node.metric is None:
            facts.append(f"No `{prompts.METRIC_TAG}: <number>` line was printed.")
        if not node.has_submission:
            facts.append("No submission.csv was written to the working directory.")
        if node.validation and not node.validation.startswith("Submission is valid"):
            facts.append(f"The validation service says: {node.validation}")
        if node.summary:
            facts.append(f"Reviewer: {node.summary}")
        return "\n".join(f"- {f}" for f in facts) or "- The reviewer judged the run faulty."

    def messages(self, kind: str, parent: Node | None) -> list[dict[str, str]]:
        if kind == "draft":
            return prompts.draft(self.task, self.preview, self.env, self.memory())
        assert parent is not None
        if kind == "debug":
            return prompts.debug(self.task, self.preview, self.env, parent.code, parent.output, self.problem(parent))
        return prompts.improve(self.task, self.preview, self.env, parent.code, parent.metric or 0.0, self.memory())

    # -- one step --------------------------------------------------------------------------------
    def step(self) -> Node:
        kind, parent = self.choose()
        j = self.journal
        log(f"step {len(j)}: {kind}" + (f" from node {parent.id}" if parent else ""))
        reply = self.client.complete(self.args.model, self.messages(kind, parent), temperature=self.args.temperature)
        plan, code = prompts.extract_code(reply)
        node = j.add(Node(id=j.next_id(), kind=kind, parent_id=parent.id if parent else None, plan=plan, code=code))
        workdir = self.work / f"node_{node.id:03d}"
        timeout = max(1.0, min(self.args.exec_timeout, self.remaining() - self.reserve / 2))
        if code.strip():
            result = run_code(code, workdir, timeout)
            node.output, node.exit_code, node.timed_out, node.exec_seconds = (
                result.output, result.exit_code, result.timed_out, round(result.seconds, 3))
            self.restore_best()
        else:
            node.output = "(the model's reply contained no code block)"
        node.has_submission = (workdir / "submission.csv").is_file()
        printed = prompts.parse_metric(node.output)
        self.judge(node, printed)
        log(f"node {node.id}: {'bug' if node.is_bug else 'ok'}, metric {node.metric}, exit {node.exit_code}")
        return node

    def judge(self, node: Node, printed: float | None) -> None:
        j = self.journal
        try:
            reply = self.client.complete(self.args.feedback_model, prompts.feedback(
                self.task, node.code, node.output, printed, node.has_submission), temperature=0.0, json_mode=True)
            verdict = prompts.parse_feedback(reply)
        except (LLMError, ValueError) as e:
            log(f"feedback failed ({e}); judging from the run alone")
            verdict = {"is_bug": False, "metric": None, "lower_is_better": None, "summary": f"(no review: {e})"}
        node.summary = verdict["summary"]
        node.lower_is_better = verdict["lower_is_better"]
        node.metric, node.metric_source = (printed, "printed") if printed is not None else (verdict["metric"], "feedback")
        if node.metric is None:
            node.metric_source = None
        failed = node.exit_code != 0 or node.timed_out or not node.has_submission
        node.is_bug = bool(verdict["is_bug"] or failed or node.metric is None)
        if node.is_bug:
            return
        if j.lower_is_better is None:
            j.lower_is_better = bool(node.lower_is_better)
        if j.better(node, j.best()):
            self.keep(node)

    def keep(self, node: Node) -> None:
        """Make a better node's submission the one graded, if the validation service accepts it."""
        produced = self.work / f"node_{node.id:03d}" / "submission.csv"
        valid, message = validate(produced)
        node.validation = message
        if valid is False:
            node.is_bug = True
            log(f"node {node.id}: its submission is invalid: {message}")
            return
        self.work.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(produced, self.work / "best_submission.csv")
        self.journal.best_id = node.id
        self.restore_best()
        log(f"node {node.id} is the new best ({node.metric:.6g}); submission kept")

    def restore_best(self) -> None:
        """Put the best node's submission in place (node code may have written there itself)."""
        kept = self.work / "best_submission.csv"
        if not kept.is_file():
            return
        try:
            same = self.submission.read_bytes() == kept.read_bytes()
        except OSError:
            same = False
        if not same:
            self.submission.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.submission.with_name(".submission.csv.tmp")
            shutil.copyfile(kept, tmp)
            tmp.replace(self.submission)

    def save(self) -> None:
        self.journal.save(self.logs, self.code_dir)
        (self.code_dir / "tree.txt").write_text(self.journal.tree())
        self.usage.save(self.logs / "usage.json", [self.args.model, self.args.feedback_model])

    def run(self) -> int:
        a = self.args
        log(f"model {a.model} (feedback {a.feedback_model}) at {a.base_url}; {a.steps} steps, "
            f"{self.remaining():.0f}s, drafts {a.num_drafts}, debug_prob {a.debug_prob}, max_debug_depth {a.max_debug_depth}")
        failures = 0
        self.save()
        while len(self.journal) < a.steps:
            if self.remaining() <= self.reserve:
                log("time is up for new steps")
                break
            try:
                self.step()
                failures = 0
            except LLMError as e:
                failures += 1
                log(f"llm request failed: {e}")
                if failures >= 3:
                    log("three failed steps in a row; stopping")
                    break
            self.save()
        best = self.journal.best()
        self.save()
        log(f"done: {len(self.journal)} nodes, best {best.id if best else None}, usage {self.usage.record([a.model])}")
        return 0 if best is not None else 1


def main(argv: list[str] | None = None) -> int:
    return Agent(parse_args(argv)).run()


if __name__ == "__main__":
    sys.exit(main())
