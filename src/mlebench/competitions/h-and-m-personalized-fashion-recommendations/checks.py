"""h-and-m-personalized-fashion-recommendations: v1's last-8-days split and MAP@12 grading."""

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from mlebench.registry import load_competition_module

CID = "h-and-m-personalized-fashion-recommendations"


def _raw(prepared, comp):
    return prepared.raw_root / comp.id


def test_prepared_files_are_v1s(comp, prepared):
    raw = _raw(prepared, comp)
    assert sorted(p.name for p in comp.public_dir.iterdir()) == [
        "articles.csv", "customers.csv", "description.md", "images", "sample_submission.csv", "transactions_train.csv",
    ]
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    for name in ("articles.csv", "customers.csv", "sample_submission.csv"):
        assert filecmp.cmp(raw / name, comp.public_dir / name, shallow=False), name
    images = sorted(p.relative_to(comp.public_dir / "images") for p in (comp.public_dir / "images").rglob("*.jpg"))
    assert images == sorted(p.relative_to(raw / "images") for p in (raw / "images").rglob("*.jpg")) and images


def test_split_takes_the_last_eight_days(comp, prepared):
    raw = pd.read_csv(_raw(prepared, comp) / "transactions_train.csv", dtype={"article_id": str})
    assert raw["article_id"].str.startswith("0").all()  # Kaggle writes the leading zero
    train = pd.read_csv(comp.public_dir / "transactions_train.csv")
    answers = pd.read_csv(comp.private_dir / "answers.csv", dtype=str)
    last = pd.to_datetime(raw["t_dat"]).max()
    cut = last - pd.Timedelta(days=7)
    assert pd.to_datetime(train["t_dat"]).max() < cut
    test = raw[pd.to_datetime(raw["t_dat"]) >= cut]
    assert len(train) + len(test) == len(raw)
    assert list(answers["customer_id"]) == sorted(test["customer_id"].unique())
    # ids lose Kaggle's leading zero (v1 reads them as numbers), purchases kept in order, repeats included
    first = answers.iloc[0]
    bought = test[test["customer_id"] == first["customer_id"]]["article_id"].str.lstrip("0")
    assert first["prediction"] == " ".join(bought)
    assert not any(a.startswith("0") for p in answers["prediction"] for a in p.split())
    assert not any(str(a).startswith("0") for a in train["article_id"])


def _answers():
    return pd.DataFrame({"customer_id": ["c1", "c2"], "prediction": ["a b", "c"]})


def test_hand_checked_score_ignores_unscored_customers(comp):
    sub = pd.DataFrame({"customer_id": ["c9", "c2", "c1"], "prediction": ["a b c", "x c", "a x b"]})
    # c1: a hit at 1 (1/1), b hit at 3 (2/3) -> (1 + 2/3) / 2; c2: c hit at 2 -> 1/2; c9 not scored
    assert comp.grader.grade(sub, _answers()).score == pytest.approx(((1 + 2 / 3) / 2 + 0.5) / 2, abs=1e-5)


def test_only_the_first_twelve_count_and_blank_is_no_prediction(comp):
    thirteen = " ".join(f"x{i}" for i in range(12)) + " c"
    sub = pd.DataFrame({"customer_id": ["c1", "c2"], "prediction": [None, thirteen]})
    assert comp.grader.grade(sub, _answers()).score == 0.0


def test_duplicated_customers_are_invalid(comp):
    sub = pd.DataFrame({"customer_id": ["c1", "c2", "c9", "c9"], "prediction": ["a", "c", "a", "b"]})
    result = comp.grader.grade(sub, _answers())
    assert result.score is None and "duplicated" in result.invalid_reason


def test_prepare_streams_transactions_larger_than_its_memory_cap(comp, tmp_path, prepare_under_memory_cap):
    """32 MiB of headroom over the loaded prepare module; transactions_train.csv is 100 MiB (900,000
    purchases of 2019 before the fixture's own). Reading it whole fails; the answers are the fixture's."""
    folder = Path(__file__).resolve().parent
    raw = tmp_path / "raw"
    raw.mkdir()
    load_competition_module(folder, "fixture").make_raw(raw)
    header, *rows = (raw / "transactions_train.csv").read_bytes().splitlines(keepends=True)
    old = b"".join(b"2019-%02d-%02d,%s" % (1 + i % 12, 1 + i % 28, rows[i % len(rows)].split(b",", 1)[1]) for i in range(1000))
    with open(raw / "transactions_train.csv", "wb") as f:
        f.write(header)
        for _ in range(100 * 2**20 // len(old)):
            f.write(old)
        f.writelines(rows)
    prepare_under_memory_cap(folder, raw, headroom_mib=32)
    assert (tmp_path / "private" / "answers.csv").read_bytes() == (comp.private_dir / "answers.csv").read_bytes()
    assert (tmp_path / "public" / "transactions_train.csv").stat().st_size > 90 * 2**20
