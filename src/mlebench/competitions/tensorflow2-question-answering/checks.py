"""tensorflow2-question-answering: v1's chunked split, files, and the row judgement (accuracy in v1)."""

import json

import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from mlebench.registry import load_competition_module

CID = "tensorflow2-question-answering"


def _lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_prepared_files_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "simplified-nq-test.jsonl", "simplified-nq-train.jsonl",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["gold_submission.csv", "test.jsonl"]
    raw = _lines(prepared.raw_root / CID / "simplified-nq-train.jsonl")
    answers = _lines(comp.private_dir / "test.jsonl")
    public_test = _lines(comp.public_dir / "simplified-nq-test.jsonl")
    train = _lines(comp.public_dir / "simplified-nq-train.jsonl")
    assert len(answers) == 4 and len(train) == len(raw) - 4
    assert all(isinstance(e["example_id"], str) for e in answers + train + public_test)
    assert [e["example_id"] for e in public_test] == [e["example_id"] for e in answers]
    assert all(list(e) == ["example_id", "question_text", "document_text", "long_answer_candidates"] for e in public_test)
    by_id = {str(e["example_id"]): e for e in raw}
    for e in answers:  # whole examples, unchanged apart from the id's type
        assert e == {**by_id[e["example_id"]], "example_id": e["example_id"]}
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", keep_default_na=False)
    gold = pd.read_csv(comp.private_dir / "gold_submission.csv", keep_default_na=False)
    assert list(sample["example_id"]) == list(gold["example_id"])
    assert list(gold["example_id"][:2]) == [f"{answers[0]['example_id']}_short", f"{answers[0]['example_id']}_long"]
    assert (sample["PredictionString"] == "").all()


def test_split_is_per_chunk_of_1000(comp, prepared, tmp_path, monkeypatch):
    prepare = load_competition_module(comp.folder, "prepare")
    assert prepare.CHUNK == 1000
    monkeypatch.setattr(prepare, "CHUNK", 15)  # the fixture's 40 lines in chunks of 15, 15, 10
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    prepare.prepare(prepared.raw_root / CID, tmp_path / "public", tmp_path / "private")
    raw = pd.read_json(prepared.raw_root / CID / "simplified-nq-train.jsonl", lines=True)
    expected = []
    for start in (0, 15, 30):
        _, test = train_test_split(raw.iloc[start:start + 15], test_size=0.1, random_state=0)
        expected += [str(i) for i in test["example_id"]]
    assert [e["example_id"] for e in _lines(tmp_path / "private" / "test.jsonl")] == expected


def _answers():
    def example(eid, long, shorts=(), yes_no="NONE"):
        return {"example_id": eid, "annotations": [{
            "yes_no_answer": yes_no,
            "long_answer": {"start_token": long[0], "candidate_index": 0, "end_token": long[1]},
            "short_answers": [{"start_token": s, "end_token": e} for s, e in shorts],
            "annotation_id": 1}]}
    return [example("1", (5, 20), [(7, 9), (11, 12)]), example("2", (-1, -1)), example("3", (30, 40), yes_no="YES")]


def test_hand_checked_score(comp):
    sub = pd.DataFrame({
        "example_id": ["1_long", "1_short", "2_long", "2_short", "3_long", "3_short"],
        "PredictionString": ["5:20", "11:12", None, "4:5", "30:41", None],
    })
    # right: 1_long, 1_short (second short answer), 2_long (blank, no answer); wrong: 2_short (no
    # answer exists), 3_long (wrong span), 3_short (blank but YES exists) -> 3/6
    assert comp.grader.grade(sub.iloc[::-1], _answers()).score == pytest.approx(0.5, abs=1e-5)


@pytest.mark.parametrize("value", ["a:b", "5-20", "1:2:3", "yes?"])
def test_malformed_predictions_are_invalid(comp, value):
    sub = pd.DataFrame({"example_id": ["1_long", "1_short", "2_long", "2_short", "3_long", "3_short"],
                        "PredictionString": [value, "", "", "", "", ""]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and "PredictionString" in result.invalid_reason, result.invalid_reason


def test_no_public_file_holds_annotations(comp):
    for path in comp.public_dir.rglob("*.jsonl"):
        assert "annotations" not in path.read_text() or path.name == "simplified-nq-train.jsonl"
    test_ids = {e["example_id"] for e in _lines(comp.private_dir / "test.jsonl")}
    assert not test_ids & {e["example_id"] for e in _lines(comp.public_dir / "simplified-nq-train.jsonl")}
