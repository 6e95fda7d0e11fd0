"""Raw files laid out like Kaggle's tensorflow2-question-answering download (tiny and synthetic).

``simplified-nq-train.jsonl``: one JSON object per line with Kaggle's keys in Kaggle's order:
document_text (space-separated tokens, HTML tags included), long_answer_candidates (start_token,
top_level, end_token), question_text, annotations (one: yes_no_answer NONE/YES/NO, long_answer
with start_token, candidate_index, end_token (-1 when none), short_answers, annotation_id),
document_url, example_id (a signed 64-bit integer). ``prepare`` reads nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

N = 40
WORDS = ["the", "river", "flows", "into", "sea", "in", "1947", "city", "of", "london", "is", "capital"]


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(71)
    with open(raw / "simplified-nq-train.jsonl", "w") as f:
        for i in range(N):
            tokens = ["<H1>", "Title", "</H1>"]
            candidates = []
            for _ in range(4):
                start = len(tokens)
                tokens += ["<P>", *(str(w) for w in rng.choice(WORDS, size=int(rng.integers(5, 12)))), "</P>"]
                candidates.append({"start_token": start, "top_level": True, "end_token": len(tokens)})
            kind = i % 5  # 0: no answer, 1: long only, 2: one short, 3: two shorts, 4: yes/no
            long = candidates[int(rng.integers(0, 4))] if kind else None
            shorts = []
            if kind in (2, 3):
                for _ in range(kind - 1):
                    s = int(rng.integers(long["start_token"] + 1, long["end_token"] - 2))
                    shorts.append({"start_token": s, "end_token": s + int(rng.integers(1, 3))})
            annotation = {
                "yes_no_answer": str(rng.choice(["YES", "NO"])) if kind == 4 else "NONE",
                "long_answer": {
                    "start_token": long["start_token"] if long else -1,
                    "candidate_index": candidates.index(long) if long else -1,
                    "end_token": long["end_token"] if long else -1,
                },
                "short_answers": shorts,
                "annotation_id": int(rng.integers(10**17, 10**18)),
            }
            example = {
                "document_text": " ".join(tokens),
                "long_answer_candidates": candidates,
                "question_text": " ".join(rng.choice(WORDS, size=6)),
                "annotations": [annotation],
                "document_url": f"https://en.wikipedia.org//w/index.php?title=Page_{i}&amp;oldid={800000000 + i}",
                "example_id": int(rng.integers(-(2**63), 2**63 - 1)),
            }
            f.write(json.dumps(example) + "\n")
