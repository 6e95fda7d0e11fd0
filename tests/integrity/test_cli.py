"""The verbs' help and their one-line errors for user mistakes."""

from __future__ import annotations

from tests.integrity._cli import cli


def test_help_teaches_with_examples(capsys):
    for verb, example in (("review", "mlebench review runs/my-group --llm-model"),
                          ("plagiarism", "mlebench plagiarism runs/my-group --corpus refs/ --threshold 0.3")):
        assert cli(verb, "--help") == 0
        assert example in capsys.readouterr().out


def test_review_mistakes_are_one_line(tmp_path, clean_group, capsys):
    not_a_group = tmp_path / "plain"
    not_a_group.mkdir()
    assert cli("review", tmp_path / "missing") == 2
    assert cli("review", not_a_group) == 2
    assert cli("review", clean_group, "--llm-model", "judge") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("error: ") for line in err), err
    assert "no run group at" in err[0] and "no readable metadata.json" in err[1] and "go together" in err[2]
