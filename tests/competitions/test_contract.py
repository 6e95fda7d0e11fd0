"""The contract every competition's grader and preparation must honour.

Runs over every registered competition (built-in and plugins): offline ones prepared from their
generators, Kaggle ones from synthetic raw files written by ``fixture.py`` in the competition's
folder (``tests.conftest.raw_builder``). Config keys used:
``submission.id_column``, ``submission.target_columns``, ``perfect_score``,
``submission.allow_empty`` (blank predictions are legal, e.g. an empty RLE mask).
A competition's grade.py may define ``answers_to_submission(answers) -> DataFrame`` when the
answers file is not itself a perfect submission.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlebench.grading.submission import read_csv
from mlebench.registry import registry
from mlebench.utils import load_answers
from tests.competitions._scores import perfect_submission

ALL = registry.list_competition_ids()


def _spec(comp) -> dict:
    sub = comp.config.extra.get("submission") or {}
    if "id_column" not in sub or "target_columns" not in sub:
        pytest.fail(f"{comp.id}: config.yaml needs submission.id_column and submission.target_columns")
    return sub


def score(comp, df: pd.DataFrame):
    return comp.grader.grade(df, load_answers(comp.answers))


@pytest.mark.parametrize("cid", ALL)
def test_sample_submission_is_valid_and_scores_like_a_constant(prepared, cid):
    comp = prepared.get(cid)
    sample = read_csv(comp.sample_submission)
    result = score(comp, sample)
    assert result.score is not None, result.invalid_reason
    spec = _spec(comp)
    if spec.get("sample_is_baseline"):
        return  # v1's sample is an informative baseline (text normalization copies `before`), not a constant
    constant = sample.copy()
    for col in spec["target_columns"]:
        constant[col] = sample[col].iloc[0]
    assert score(comp, constant).score == pytest.approx(result.score, abs=1e-9)


@pytest.mark.parametrize("cid", ALL)
def test_answers_as_submission_score_perfectly(prepared, cid):
    comp = prepared.get(cid)
    result = score(comp, perfect_submission(comp))
    assert result.score is not None, result.invalid_reason
    assert result.score == pytest.approx(comp.config.extra["perfect_score"], abs=1e-6)


@pytest.mark.parametrize("cid", ALL)
def test_shuffled_rows_grade_the_same(prepared, cid):
    comp = prepared.get(cid)
    sub = perfect_submission(comp)
    rng = np.random.default_rng(0)
    # a good-but-imperfect submission: perturb targets by mixing in the sample's values
    sample = read_csv(comp.sample_submission)
    spec = _spec(comp)
    mixed = sub.copy()
    idcol = spec["id_column"] if isinstance(spec["id_column"], str) else spec["id_column"][0]
    sample_idx = sample.set_index(idcol) if isinstance(spec["id_column"], str) else None
    if sample_idx is not None and sample_idx.index.is_unique:
        flip = rng.random(len(mixed)) < 0.3
        for col in spec["target_columns"]:
            repl = sample_idx[col].reindex(mixed[idcol]).to_numpy()
            mixed[col] = np.where(flip, repl, mixed[col].to_numpy())
    base = score(comp, mixed)
    shuffled = mixed.sample(frac=1.0, random_state=1).reset_index(drop=True)
    again = score(comp, shuffled)
    assert base.score is not None, base.invalid_reason
    assert again.score == pytest.approx(base.score, abs=1e-9)


def _assert_invalid(comp, df: pd.DataFrame, *words: str) -> None:
    result = score(comp, df)
    assert result.score is None, "malformed submission was graded"
    assert result.error is None, f"the grader crashed (our bug, not the submission's): {result.error}"
    assert result.invalid_reason, "malformed submission has no reason"
    assert any(w.lower() in result.invalid_reason.lower() for w in words), result.invalid_reason


@pytest.mark.parametrize("cid", ALL)
def test_missing_rows_are_invalid(prepared, cid):
    comp = prepared.get(cid)
    sub = perfect_submission(comp)
    _assert_invalid(comp, sub.iloc[1:], "missing", "rows", "expected")


@pytest.mark.parametrize("cid", ALL)
def test_extra_and_duplicated_rows_are_invalid(prepared, cid):
    comp = prepared.get(cid)
    sub = perfect_submission(comp)
    _assert_invalid(comp, pd.concat([sub, sub.iloc[:1]], ignore_index=True), "duplicate", "rows", "expected", "extra")


@pytest.mark.parametrize("cid", ALL)
def test_wrong_columns_are_invalid(prepared, cid):
    comp = prepared.get(cid)
    sub = perfect_submission(comp)
    target = _spec(comp)["target_columns"][0]
    _assert_invalid(comp, sub.rename(columns={target: target + "_typo"}), "column")
    _assert_invalid(comp, sub.drop(columns=[target]), "column")


@pytest.mark.parametrize("cid", ALL)
def test_nan_predictions_are_invalid_unless_blank_is_legal(prepared, cid):
    comp = prepared.get(cid)
    spec = _spec(comp)
    sub = perfect_submission(comp)
    col = spec["target_columns"][0]
    sub[col] = sub[col].astype(object)
    sub.loc[sub.index[0], col] = np.nan
    if spec.get("allow_empty"):  # a blank is a legal prediction here (an empty mask, no articles, …)
        result = score(comp, sub)
        assert result.score is not None, result.invalid_reason
        assert result.score <= score(comp, perfect_submission(comp)).score or comp.is_lower_better
        return
    _assert_invalid(comp, sub, "nan", "missing", "empty", "numeric")


def _public_tables(public: Path):
    for p in sorted(public.rglob("*")):
        if p.suffix.lower() in (".csv", ".tsv") and p.is_file():
            try:
                yield p, pd.read_csv(p, sep="\t" if p.suffix == ".tsv" else ",", dtype=str, keep_default_na=False)
            except Exception:  # noqa: BLE001 - not a table; nothing to join on
                continue


@pytest.mark.parametrize("cid", ALL)
def test_no_test_answer_is_public(prepared, cid):
    """Try a join on every column of every public table; no column may reproduce a test answer."""
    comp = prepared.get(cid)
    spec = _spec(comp)
    if comp.answers.suffix.lower() == ".csv":
        answers = pd.read_csv(comp.answers, dtype=str, keep_default_na=False)  # keys as text, exactly as written
    else:  # JSONL, parquet, …: the answers as the competition writes them as a perfect submission
        answers = perfect_submission(comp).astype(str)
    ids = [spec["id_column"]] if isinstance(spec["id_column"], str) else list(spec["id_column"])
    targets = [c for c in spec["target_columns"] if c in answers.columns]
    test_ids = set(answers[ids[0]])
    for path, table in _public_tables(comp.public_dir):
        if path.name == Path(comp.config.sample_submission).name:
            continue
        for key in table.columns:
            overlap = table[key].isin(test_ids)
            if overlap.sum() == 0:
                continue
            joined = table[overlap].merge(answers, left_on=key, right_on=ids[0], how="inner", suffixes=("", "__ans"))
            for t in targets:
                tcol = t + "__ans" if t in table.columns else t
                if answers[t].nunique() <= 1:
                    continue
                for col in table.columns:
                    if col == key:
                        continue
                    agree = (joined[col] == joined[tcol]).mean()
                    assert agree < 0.95 or len(joined) < 10, (
                        f"{path.name}: column '{col}' joined on '{key}' reproduces answer '{t}' ({agree:.0%})"
                    )
