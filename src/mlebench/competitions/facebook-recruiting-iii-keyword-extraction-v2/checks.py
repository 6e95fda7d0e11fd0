"""facebook-recruiting-iii-keyword-extraction-v2: version 1's files; every wrong predicted tag is a false positive."""

import pytest
import pandas as pd


def test_files_are_version_1s(comp, prepared, tmp_path):
    from mlebench.registry import registry

    v1 = registry.get_competition("facebook-recruiting-iii-keyword-extraction")
    raw = next(p for p in (prepared.raw_root / comp.id, prepared.raw_root / v1.id) if p.is_dir())
    public, private = tmp_path / "public", tmp_path / "private"
    public.mkdir()
    private.mkdir()
    v1.prepare_fn(raw=raw, public=public, private=private)
    assert sorted(p.name for p in comp.public_dir.iterdir()) == sorted(["description.md", *(p.name for p in public.iterdir())])
    for ours in [*public.iterdir(), *private.iterdir()]:
        assert ours.read_bytes() == (comp.prepared_dir / ours.parent.name / ours.name).read_bytes(), ours.name


def test_hand_checked_score_counts_unknown_tags(comp):
    answers = pd.DataFrame({"Id": ["1", "2", "3"], "Tags": ["c# .net", "php", "linux ubuntu"]})
    sub = pd.DataFrame({"Id": [3, 1, 2], "Tags": ["linux zzz-invented", "c# php c#", None]})
    # row1 {c#, php}: TP 1, FP 1, FN 1; row2: FN 1; row3 {linux, zzz-invented}: TP 1, FP 1, FN 1
    # -> 2*2 / (2*2 + 2 + 3) = 4/9 (version 1 ignores zzz-invented: 0.5)
    assert comp.grader.grade(sub, answers).score == pytest.approx(4 / 9, abs=1e-5)
