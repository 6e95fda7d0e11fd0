"""multi-modal-gesture-recognition: training4 as the test set, v1's files, and the gesture edit distance."""

import io
import random
import tarfile
import zipfile

import pandas as pd
import pytest
from scipy.io import loadmat

CID = "multi-modal-gesture-recognition"
COPIED = ["training1.tar.gz", "training2.tar.gz", "training3.tar.gz", "validation1.tar.gz", "validation2.tar.gz",
          "validation3.tar.gz", "devel01-40.7z", "valid_all_files_combined.7z", "sample_code_mmrgc.zip"]


def mat_video_fields(archive):
    """{sample: Video fields} of every _data.mat in a tar.gz of SampleNNNN.zip files."""
    out = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            with zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read())) as zf:
                for name in zf.namelist():
                    if name.endswith("_data.mat"):
                        out[name.split("_")[0][-4:]] = loadmat(io.BytesIO(zf.read(name)))["Video"].dtype.names
    return out




def check_common_files(comp, prepared):
    raw = prepared.raw_root / comp.id if (prepared.raw_root / comp.id).is_dir() else prepared.raw_root / CID
    assert sorted(p.name for p in comp.public_dir.iterdir()) == sorted(
        ["description.md", "randomPredictions.csv", "test.csv", "test.tar.gz", "training.csv", *COPIED])
    assert sorted(p.name for p in comp.private_dir.iterdir()) == ["test.csv"]
    for name in COPIED:
        assert (comp.public_dir / name).read_bytes() == (raw / name).read_bytes()
    training = pd.read_csv(raw / "training.csv", dtype=str)
    answers = pd.read_csv(comp.private_dir / "test.csv", dtype=str)
    ids = ["0010", "0011", "0012", "0013", "0014"]  # the fixture's training4 samples
    assert list(answers["Id"]) == ids and list(pd.read_csv(comp.public_dir / "test.csv", dtype=str)["Id"]) == ids
    assert answers.equals(training[training["Id"].isin(ids)].reset_index(drop=True))
    public_training = pd.read_csv(comp.public_dir / "training.csv", dtype=str)
    assert public_training.equals(training[~training["Id"].isin(ids)].reset_index(drop=True))
    random.seed(0)
    expected = [" ".join(map(str, random.sample(range(1, 21), 20))) for _ in ids]
    sample = pd.read_csv(comp.public_dir / "randomPredictions.csv", dtype=str)
    assert list(sample["Id"]) == ids and list(sample["Sequence"]) == expected
    return raw


def test_prepared_files_are_v1s(comp, prepared):
    raw = check_common_files(comp, prepared)
    # v1 copies training4 as it is: its .mat files still hold the labels (#77, fixed in -v2)
    assert (comp.public_dir / "test.tar.gz").read_bytes() == (raw / "training4.tar.gz").read_bytes()
    assert all("Labels" in fields for fields in mat_video_fields(comp.public_dir / "test.tar.gz").values())


def test_hand_checked_score(comp):
    answers = pd.DataFrame({"Id": ["0001", "0002", "0003"], "Sequence": ["1 2 4", "1", "2 2 2"]})
    sub = pd.DataFrame({"Id": ["0003", "0001", "0002"], "Sequence": ["2", "3 2", "02"]})
    # distances 2 ([1 2 4] vs [3 2]), 1 ([1] vs [2]), 2 ([2 2 2] vs [2]) over 7 true gestures
    assert comp.grader.grade(sub, answers).score == pytest.approx(5 / 7, abs=1e-5)


@pytest.mark.parametrize("bad", ["1 x 3", "1,2", None])
def test_non_integer_sequences_are_invalid(comp, bad):
    answers = pd.DataFrame({"Id": ["0001", "0002"], "Sequence": ["1 2 4", "1"]})
    result = comp.grader.grade(pd.DataFrame({"Id": ["0001", "0002"], "Sequence": [bad, "1"]}), answers)
    assert result.score is None and ("Sequence" in result.invalid_reason), result.invalid_reason
