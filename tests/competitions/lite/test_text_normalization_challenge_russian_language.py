"""text-normalization-challenge-russian-language: the same recipe as English, on ru_* files."""

import pytest

from .test_text_normalization_challenge_english_language import (
    check_files_match_v1,
    check_hand_checked_score,
    check_sentence_split,
)

CID = "text-normalization-challenge-russian-language"
LANG = "ru"


@pytest.fixture(scope="module")
def comp(prepared):
    return prepared.get(CID)


def test_files_match_v1(comp):
    _, test, _ = check_files_match_v1(comp, LANG)
    assert test["before"].str.contains("[а-я]", regex=True).any()


def test_sentence_split(comp, prepared):
    check_sentence_split(comp, LANG, prepared.raw_root / CID)


def test_hand_checked_score(comp):
    check_hand_checked_score(comp)
