"""The search tree: solution nodes (drafts, debugs, improvements) with their runs and verdicts."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Node:
    id: int
    kind: str  # draft | debug | improve
    parent_id: int | None
    plan: str
    code: str
    created_at: float = field(default_factory=time.time)
    # the run
    output: str = ""
    exit_code: int | None = None
    timed_out: bool = False
    exec_seconds: float = 0.0
    has_submission: bool = False
    # the verdict
    is_bug: bool = True
    metric: float | None = None
    metric_source: str | None = None  # "printed" by the code, or "feedback" from the model
    lower_is_better: bool | None = None
    summary: str = ""
    validation: str | None = None  # what the validation service said of its submission
    children: list[int] = field(default_factory=list)

    @property
    def good(self) -> bool:
        return not self.is_bug and self.metric is not None


@dataclass
class Journal:
    nodes: list[Node] = field(default_factory=list)
    lower_is_better: bool | None = None  # fixed by the first good node's verdict (or a kwarg)
    best_id: int | None = None

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        if node.parent_id is not None:
            self[node.parent_id].children.append(node.id)
        return node

    def __getitem__(self, node_id: int) -> Node:
        return self.nodes[node_id]

    def __len__(self) -> int:
        return len(self.nodes)

    def next_id(self) -> int:
        return len(self.nodes)

    @property
    def drafts(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "draft"]

    @property
    def good_nodes(self) -> list[Node]:
        return [n for n in self.nodes if n.good]

    def debug_depth(self, node: Node) -> int:
        """How many debug steps in a row led to this node."""
        depth = 0
        while node.kind == "debug" and node.parent_id is not None:
            depth += 1
            node = self[node.parent_id]
        return depth

    def better(self, a: Node, b: Node | None) -> bool:
        """Whether good node ``a`` beats ``b`` (None: anything beats nothing)."""
        if b is None or b.metric is None:
            return True
        assert a.metric is not None
        return a.metric < b.metric if self.lower_is_better else a.metric > b.metric

    def best(self) -> Node | None:
        return self[self.best_id] if self.best_id is not None else None

    # -- saving ----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"lower_is_better": self.lower_is_better, "best_id": self.best_id,
                "nodes": [asdict(n) for n in self.nodes]}

    def tree(self) -> str:
        """A text view of the tree: one line per node, children indented under their parent."""
        lines: list[str] = []

        def show(node: Node, indent: int) -> None:
            metric = f"{node.metric:.6g}" if node.metric is not None else "-"
            state = "bug" if node.is_bug else "ok"
            star = "  <- best" if node.id == self.best_id else ""
            lines.append(f"{'  ' * indent}[{node.id}] {node.kind:<7} {state:<3} metric={metric}{star}"
                         f"  {node.summary[:80]}".rstrip())
            for c in node.children:
                show(self[c], indent + 1)

        for n in self.nodes:
            if n.parent_id is None:
                show(n, 0)
        direction = {None: "unknown", True: "lower is better", False: "higher is better"}[self.lower_is_better]
        return f"AIDE journal: {len(self)} nodes, {len(self.good_nodes)} good, {direction}\n" + "\n".join(lines) + "\n"

    def save(self, logs: Path, code: Path) -> None:
        _write(logs / "journal.json", json.dumps(self.to_json(), indent=2))
        _write(logs / "tree.txt", self.tree())
        for n in self.nodes:
            path = code / "nodes" / f"node_{n.id:03d}_{n.kind}.py"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(n.code)
        best = self.best()
        if best is not None:
            _write(code / "best_solution.py", best.code)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    tmp.replace(path)
