"""mlsp-2013-birds: v1's re-split of the labelled recordings, renumbered files, per-pair answers."""

import pandas as pd
import pytest

CID = "mlsp-2013-birds"


def _labels(path):
    out = {}
    for line in path.read_text().splitlines()[1:]:
        rec, _, lab = line.partition(",")
        out[int(rec)] = lab
    return out


def test_files_match_v1(comp):
    pub = comp.public_dir
    assert sorted(p.name for p in pub.iterdir()) == ["description.md", "essential_data", "sample_submission.csv", "supplemental_data"]
    assert sorted(p.name for p in (pub / "essential_data").iterdir()) == [
        "CVfolds_2.txt", "rec_id2filename.txt", "rec_labels_test_hidden.txt", "species_list.txt", "src_wavs"
    ]
    assert sorted(p.name for p in (pub / "supplemental_data").iterdir()) == sorted([
        "filtered_spectrograms", "segmentation_examples", "spectrograms", "supervised_segmentation",
        "segment_clusters.bmp", "segment_mosaic.bmp", "histogram_of_segments.txt", "segment_features.txt",
        "segment_rectangles.txt",
    ])
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["answers.csv"]
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    sample = pd.read_csv(pub / "sample_submission.csv")
    assert list(answers.columns) == list(sample.columns) == ["Id", "Probability"]
    assert sorted(sample["Id"]) == sorted(answers["Id"]) and (sample["Probability"] == 0).all()


def test_split_and_renumbering(comp, prepared):
    pub = comp.public_dir / "essential_data"
    folds = pd.read_csv(pub / "CVfolds_2.txt")
    assert list(folds["rec_id"]) == list(range(30))  # only Kaggle's 30 labelled recordings are kept
    test = set(folds.loc[folds["fold"] == 1, "rec_id"])
    assert len(test) == 6  # 20% of them
    labels = _labels(pub / "rec_labels_test_hidden.txt")
    assert {r for r, lab in labels.items() if lab == "?"} == test
    answers = pd.read_csv(comp.private_dir / "answers.csv")
    assert len(answers) == 6 * 19
    assert set(answers["Id"] // 100) == test and set(answers["Id"] % 100) == set(range(19))

    # the answers are the raw labels of the renumbered recordings (matched through file names)
    import zipfile

    with zipfile.ZipFile(prepared.raw_root / CID / "mlsp_contest_dataset.zip") as zf:
        raw_names = pd.read_csv(zf.open("mlsp_contest_dataset/essential_data/rec_id2filename.txt"))
        raw_labels = {}
        for line in zf.read("mlsp_contest_dataset/essential_data/rec_labels_test_hidden.txt").decode().splitlines()[1:]:
            rec, _, lab = line.partition(",")
            raw_labels[int(rec)] = lab
    name_to_raw = dict(zip(raw_names["filename"], raw_names["rec_id"]))
    new_names = pd.read_csv(pub / "rec_id2filename.txt")
    assert sorted(new_names["rec_id"]) == list(range(30))
    for rec, name in zip(new_names["rec_id"], new_names["filename"]):
        assert (pub / "src_wavs" / f"{name}.wav").exists()
        species = {int(s) for s in raw_labels[name_to_raw[name]].split(",") if s}
        if rec in test:
            got = answers[answers["Id"] // 100 == rec]
            assert set(got.loc[got["Probability"] == 1, "Id"] % 100) == species
        else:
            assert {int(s) for s in labels[rec].split(",") if s} == species


def test_supplemental_text_files_are_renumbered(comp):
    hist = (comp.public_dir / "supplemental_data" / "histogram_of_segments.txt").read_text().splitlines()
    assert hist[0] == "rec_id,[histogram of segment features]"
    assert sorted(int(line.split(",")[0]) for line in hist[1:]) == list(range(30))
    rect = (comp.public_dir / "supplemental_data" / "segment_rectangles.txt").read_text().splitlines()
    assert rect[0] == "rec_id,[histogram of segment features]"  # v1 writes this header for all three files
    assert all(line.endswith(",") for line in rect[1:])


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": [100, 101, 102, 200, 201], "Probability": [1, 0, 0, 1, 0]})
    # positives 0.9, 0.4; negatives 0.1, 0.5, 0.2 -> 5 of 6 pairs ordered correctly
    sub = pd.DataFrame({"Id": [201, 200, 102, 101, 100], "Probability": [0.2, 0.4, 0.5, 0.1, 0.9]})
    assert comp.grader(sub, answers) == pytest.approx(round(5 / 6, 5))
    assert comp.grader.grade(sub.assign(Probability=[0.2, 0.4, 0.5, 0.1, -0.1]), answers).score is None
