"""v1's recipe: ``simplified-nq-train.jsonl`` is read in chunks of 1,000 examples, and each chunk is
split 90/10 (``train_test_split``, random_state=0), so the file is streamed, never loaded whole.

Public: ``simplified-nq-train.jsonl`` (the train examples, as pandas writes them back),
``simplified-nq-test.jsonl`` (example_id, question_text, document_text, long_answer_candidates)
and ``sample_submission.csv`` (``<example_id>_short`` and ``<example_id>_long`` rows, blank
PredictionString). Private: ``test.jsonl`` (the test examples with their annotations) and
``gold_submission.csv`` (a perfect submission: the first short answer or YES/NO, and the long answer).
Example ids are written as strings.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

CHUNK = 1_000
TEST_SIZE = 0.1
SEED = 0
PUBLIC_TEST_KEYS = ["example_id", "question_text", "document_text", "long_answer_candidates"]


def _span(answer: dict) -> str:
    return f"{answer['start_token']}:{answer['end_token']}"


def gold_rows(example: dict) -> list[tuple[str, str]]:
    """The perfect prediction of one example: (id_short, answer), (id_long, answer)."""
    (annotation,) = example["annotations"]
    if annotation["yes_no_answer"] != "NONE":
        short = annotation["yes_no_answer"]
    elif annotation["short_answers"]:
        short = _span(annotation["short_answers"][0])
    else:
        short = ""
    long = _span(annotation["long_answer"]) if annotation["long_answer"]["start_token"] != -1 else ""
    return [(f"{example['example_id']}_short", short), (f"{example['example_id']}_long", long)]


def prepare(raw: Path, public: Path, private: Path) -> None:
    outputs = {
        "train": public / "simplified-nq-train.jsonl",
        "answers": private / "test.jsonl",
        "public_test": public / "simplified-nq-test.jsonl",
    }
    files = {k: open(p, "w") for k, p in outputs.items()}
    gold: list[tuple[str, str]] = []
    n = n_test = 0
    try:
        for chunk in pd.read_json(raw / "simplified-nq-train.jsonl", orient="records", lines=True, chunksize=CHUNK):
            chunk["example_id"] = chunk["example_id"].astype(str)
            train, test = train_test_split(chunk, test_size=TEST_SIZE, random_state=SEED)
            files["train"].write(train.to_json(orient="records", lines=True))
            files["answers"].write(test.to_json(orient="records", lines=True))
            files["public_test"].write(test[PUBLIC_TEST_KEYS].to_json(orient="records", lines=True))
            for example in test[["example_id", "annotations"]].to_dict("records"):
                gold.extend(gold_rows(example))
            n += len(chunk)
            n_test += len(test)
    finally:
        for f in files.values():
            f.close()

    gold_submission = pd.DataFrame(gold, columns=["example_id", "PredictionString"])
    gold_submission.to_csv(private / "gold_submission.csv", index=False)
    gold_submission.assign(PredictionString="").to_csv(public / "sample_submission.csv", index=False)
    assert len(gold_submission) == 2 * n_test and n_test < n
