"""Version 1's split and files without the field that is only known after the outcome.

Kaggle's test.json already omits every ``*_at_retrieval`` count, ``requester_user_flair``,
``post_was_edited`` and the unedited ``request_text``, but keeps ``giver_username_if_known``, which
is "N/A" unless someone gave the pizza. Version 2 removes that field from both public files, and
any other post-outcome field should a download ever carry one into test.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from mlebench.registry import load_competition_module

POST_OUTCOME_FIELDS = frozenset({"giver_username_if_known", "requester_user_flair", "post_was_edited", "request_text"})


def _v1_prepare():
    return load_competition_module(Path(__file__).resolve().parent.parent / "random-acts-of-pizza", "prepare")


def hidden_fields(test_fields: set[str]) -> set[str]:
    """The leaky giver field always; any other post-outcome field that test.json carries."""
    leaky = {k for k in test_fields if k in POST_OUTCOME_FIELDS or k.endswith("_at_retrieval")}
    return leaky | {"giver_username_if_known"}


def prepare(raw: Path, public: Path, private: Path) -> None:
    with open(raw / "test.json") as f:
        test_fields = set(json.load(f)[0])
    _v1_prepare().prepare_split(raw, public, private, hidden_fields=hidden_fields(test_fields))
