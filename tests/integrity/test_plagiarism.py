"""mlebench plagiarism: a run's code against a corpus of reference solutions (copydetect)."""

from __future__ import annotations

import json

from mlebench.integrity.models import PlagiarismReport
from tests.integrity._cli import cli
from tests.integrity.conftest import copy_group

COPIED = '''def build_features(frame, columns):
    out = frame[columns].copy()
    for left in columns:
        for right in columns:
            if left < right:
                out[left + "_x_" + right] = frame[left] * frame[right]
    out["row_mean"] = frame[columns].mean(axis=1)
    out["row_std"] = frame[columns].std(axis=1)
    return out


def fit_and_predict(train, test, columns, target):
    model = GradientBoostingClassifier(n_estimators=300, learning_rate=0.05, max_depth=3)
    model.fit(build_features(train, columns), train[target])
    return model.predict_proba(build_features(test, columns))[:, 1]
'''
UNRELATED = '''import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.head = nn.Linear(16 * 32 * 32, 10)

    def forward(self, images):
        hidden = torch.relu(self.conv(images))
        return self.head(hidden.flatten(1))
'''


def notebook(*cells: str) -> str:
    return json.dumps({"cells": [{"cell_type": "markdown", "source": ["# A public notebook\n"]}]
                      + [{"cell_type": "code", "source": c.splitlines(keepends=True)} for c in cells],
                      "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def make_corpus(root):
    corpus = root / "corpus"
    (corpus / "kaggle").mkdir(parents=True)
    (corpus / "kaggle" / "gbm-interactions.ipynb").write_text(notebook("import pandas as pd\n", COPIED))
    (corpus / "cnn.py").write_text(UNRELATED)
    (corpus / "broken.ipynb").write_text("{not json")
    return corpus


def load(group) -> PlagiarismReport:
    return PlagiarismReport.model_validate_json((group / "plagiarism.json").read_text())


def test_a_clean_run_is_not_flagged(clean_group, tmp_path, capsys):
    group, _ = copy_group(clean_group, tmp_path)
    assert cli("plagiarism", group, "--corpus", make_corpus(tmp_path)) == 0
    report = load(group)
    (run,) = report.runs
    assert run.files == 1 and run.flagged is False and run.matches == [] and run.max_similarity < 0.2
    assert report.corpus_files == 2 and report.skipped == ["broken.ipynb (empty, binary, not a notebook or unreadable)"]
    assert "1 runs, 0 flagged at threshold 0.5" in capsys.readouterr().out


def test_code_copied_from_the_corpus_is_flagged_with_the_fragment(clean_group, tmp_path, capsys):
    group, run_dir = copy_group(clean_group, tmp_path)
    # the copy renames nothing that matters to copydetect: identifiers and layout are normalised away
    disguised = COPIED.replace("frame", "df").replace("columns", "cols").replace("    ", "  ")
    (run_dir / "code" / "model.py").write_text("from sklearn.ensemble import GradientBoostingClassifier\n\n" + disguised)
    assert cli("plagiarism", group, "--corpus", make_corpus(tmp_path), "--threshold", "0.6") == 0
    (run,) = load(group).runs
    assert run.flagged and run.files == 2
    (match,) = run.matches
    assert match.file == "code/model.py" and match.corpus_file == "kaggle/gbm-interactions.ipynb"
    assert match.similarity > 0.8 and match.overlap_tokens > 50
    fragment = match.fragments[0]
    assert "GradientBoostingClassifier(n_estimators=300" in fragment.run_text
    assert "GradientBoostingClassifier(n_estimators=300" in fragment.corpus_text
    assert fragment.run_lines[0] >= 3 and fragment.corpus_lines[0] >= 2
    out = capsys.readouterr().out
    assert "code/model.py ~ kaggle/gbm-interactions.ipynb" in out and "1 runs, 1 flagged" in out


def test_mistakes_are_one_line(clean_group, tmp_path, capsys):
    group, _ = copy_group(clean_group, tmp_path)
    assert cli("plagiarism", group, "--corpus", tmp_path / "nowhere") == 2
    assert cli("plagiarism", group, "--corpus", make_corpus(tmp_path), "--threshold", "2") == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("plagiarism", group, "--corpus", empty) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("error: ") for line in err), err
    assert "is not a folder" in err[0] and "must be a share" in err[1] and "no .py or .ipynb" in err[2]
