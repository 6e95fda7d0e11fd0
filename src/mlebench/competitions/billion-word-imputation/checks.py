"""billion-word-imputation: v1's streamed 1% split, one word removed, and grading."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

CID = "billion-word-imputation"


def _zipped_text(path, name):
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == [name]
        return zf.read(name).decode("utf-8")


def test_prepared_files_are_v1s(comp):
    assert sorted(p.name for p in comp.public_dir.iterdir()) == ["description.md", "test_v2.txt.zip", "train_v2.txt.zip"]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["sample_submission.csv", "test.csv"]
    public_test = _zipped_text(comp.public_dir / "test_v2.txt.zip", "test_v2.txt")
    assert public_test == (comp.private_dir / "sample_submission.csv").read_text()
    assert public_test.startswith('"id","sentence"\n')


def test_split_replays_v1s_random_stream(comp, prepared):
    with zipfile.ZipFile(prepared.raw_root / CID / "train_v2.txt.zip") as zf:
        lines = zf.read("train_v2.txt").decode().splitlines(keepends=True)
    rng = np.random.RandomState(0)
    expected_train, expected_test, expected_gapped = [], [], []
    for line in lines:
        if rng.uniform() <= 0.01 and len(line.split()) > 2:
            words = line.split()
            k = rng.randint(1, len(words) - 1)
            expected_test.append(line.strip())
            expected_gapped.append(" ".join(words[:k] + words[k + 1:]))
        else:
            expected_train.append(line)
    assert 5 <= len(expected_test) < len(lines) // 20
    assert _zipped_text(comp.public_dir / "train_v2.txt.zip", "train_v2.txt") == "".join(expected_train)
    answers = pd.read_csv(comp.private_dir / "test.csv")
    gapped = pd.read_csv(io.StringIO(_zipped_text(comp.public_dir / "test_v2.txt.zip", "test_v2.txt")))
    assert list(answers["id"]) == list(range(len(expected_test))) == list(gapped["id"])
    assert list(answers["sentence"]) == expected_test and list(gapped["sentence"]) == expected_gapped
    assert any('"' in s for s in expected_test)  # inner quotes survive the CSV round trip
    # one word (and one space) is missing from each public sentence, never the first or the last
    for full, gap in zip(answers["sentence"], gapped["sentence"]):
        a, b = full.split(), gap.split()
        assert len(b) == len(a) - 1 and a[0] == b[0] and a[-1] == b[-1]


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"id": [0, 1, 2], "sentence": ["a cat sat .", "it is .", "go"]})
    sub = pd.DataFrame({"id": [2, 1, 0], "sentence": [np.nan, "it was .", "a sat ."]})
    # "a cat sat ." vs "a sat .": delete "cat " -> 4; "it is ." vs "it was .": w,a for i -> 1 sub + 1 ins = 2;
    # "go" vs blank -> 2; mean 8 / 3
    assert comp.grader.grade(sub, answers).score == pytest.approx(8 / 3, abs=1e-5)


def test_extracted_download_prepares_the_same(comp, prepared, tmp_path, assert_extracted_download_prepares_the_same):
    assert_extracted_download_prepares_the_same(comp, prepared, tmp_path)
