"""text-normalization-challenge-russian-language: the same recipe as English, on ru_* files."""

from pathlib import Path

from mlebench.registry import load_competition_module

_english = load_competition_module(Path(__file__).resolve().parent.parent / "text-normalization-challenge-english-language", "checks")
check_files_match_v1, check_hand_checked_score, check_sentence_split = (
    _english.check_files_match_v1, _english.check_hand_checked_score, _english.check_sentence_split)

CID = "text-normalization-challenge-russian-language"
LANG = "ru"


def test_files_match_v1(comp):
    _, test, _ = check_files_match_v1(comp, LANG)
    assert test["before"].str.contains("[а-я]", regex=True).any()


def test_sentence_split(comp, prepared):
    check_sentence_split(comp, LANG, prepared.raw_root / CID)


def test_hand_checked_score(comp):
    check_hand_checked_score(comp)
