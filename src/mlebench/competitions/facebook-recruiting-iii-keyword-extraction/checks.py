"""facebook-recruiting-iii-keyword-extraction: v1's files and split, micro-F1 over tags with v1's label space."""

import base64
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

CID = "facebook-recruiting-iii-keyword-extraction"
FOLDER = Path(__file__).resolve().parent


def _raw(prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "Train.zip") as zf:
        return pd.read_csv(io.BytesIO(zf.read("Train.csv")), dtype={"Id": str, "Tags": str})


def test_prepared_files_and_split_are_v1s(comp, prepared):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "description.md", "sample_submission.csv", "test.csv", "train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    raw = _raw(prepared)
    train, test = train_test_split(raw, test_size=0.1, random_state=0)
    assert pd.read_csv(comp.public_dir / "train.csv", dtype=str).equals(train.reset_index(drop=True))
    answers = pd.read_csv(comp.private_dir / "test.csv", dtype=str)
    assert answers.equals(test.reset_index(drop=True)) and len(answers) == int(np.ceil(0.1 * len(raw)))
    public_test = pd.read_csv(comp.public_dir / "test.csv", dtype=str)
    assert list(public_test.columns) == ["Id", "Title", "Body"] and list(public_test["Id"]) == list(answers["Id"])
    sample = pd.read_csv(comp.public_dir / "sample_submission.csv", dtype=str)
    assert list(sample.columns) == ["Id", "Title", "Body", "Tags"]  # v1's sample keeps the question text
    assert (sample["Tags"] == "javascript c# python php java").all()


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": ["1", "2", "3"], "Tags": ["c# .net", "php", "linux ubuntu"]})
    sub = pd.DataFrame({"Id": [3, 1, 2], "Tags": ["linux zzz-invented", "c# php c#", None]})
    # known tags only: row1 {c#, php} vs {c#, .net}: TP 1, FP 1 (php is a tag of row 2), FN 1;
    # row2 none: FN 1; row3 {linux} (zzz-invented is in no answer: dropped): TP 1, FN 1
    # -> 2*2 / (2*2 + 1 + 3) = 0.5
    assert comp.grader.grade(sub, answers).score == pytest.approx(0.5, abs=1e-5)


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)


def test_prepare_streams_a_train_csv_larger_than_its_memory_cap(tmp_path, prepare_under_memory_cap):
    """48 MiB of headroom over the loaded prepare module; Train.csv (stored in Train.zip) is 160 MiB of
    4 KiB questions. Reading it whole, or keeping the rows, fails."""
    raw = tmp_path / "raw"
    raw.mkdir()
    rng = np.random.default_rng(0)
    bodies = [base64.b64encode(rng.bytes(3000)) + b', ""quoted"",\n\n<code>x</code>' for _ in range(64)]
    with zipfile.ZipFile(raw / "Train.zip", "w", zipfile.ZIP_STORED) as zf, zf.open("Train.csv", "w") as f:
        f.write(b'"Id","Title","Body","Tags"\n')
        for i in range(40_000):
            f.write(b'"%d","How to %d?","<p>%s</p>","c# java"\n' % (i + 1, i % 97, bodies[i % 64]))
    prepare_under_memory_cap(FOLDER, raw)
    answers = pd.read_csv(tmp_path / "private" / "test.csv", dtype=str, usecols=["Id", "Tags"])
    _, test = train_test_split(np.arange(1, 40_001), test_size=0.1, random_state=0)
    assert list(answers["Id"]) == [str(i) for i in test] and (answers["Tags"] == "c# java").all()
    assert (tmp_path / "public" / "train.csv").stat().st_size > 130 * 2**20  # 36,000 of the 40,000 questions
