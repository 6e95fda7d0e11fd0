"""Malformed and re-encoded submissions for every competition: a finite score or a reason, never a crash.

The default run is a fast deterministic slice: half of the mutations once per competition (each
mutation on every other competition), plus a few Hypothesis examples. The long mode draws ``--fuzz-cases`` examples spread over all competitions:
``pytest -m fuzz --fuzz-cases 20000``.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlebench.registry import registry
from tests.fuzz._harness import check_case
from tests.fuzz._mutations import MUTATIONS

pytestmark = pytest.mark.fuzz

ALL = registry.list_competition_ids()
DEFAULT_EXAMPLES = 4  # Hypothesis examples per competition in the default run


@pytest.mark.parametrize("cid", ALL)
def test_mutation_slice(fuzz_targets, fuzz_cases, tmp_path, cid):
    """Each mutation on a fixed seed: in the default run half of them per competition (alternating, so
    that each runs on every other competition), in long mode all of them on both bases."""
    target = fuzz_targets.get(cid)
    path = tmp_path / "submission.csv"
    offset = ALL.index(cid)
    for i, name in enumerate(sorted(MUTATIONS)):
        if fuzz_cases is None and (i + offset) % 2:
            continue
        for base in target.bases if fuzz_cases is not None else [target.bases[(i + offset) // 2 % 2]]:
            data, expect = MUTATIONS[name](base, random.Random(f"{cid}/{name}/{base.name}"))
            check_case(target, base, name, data, expect, path)


@pytest.mark.parametrize("cid", ALL)
def test_random_mutations(fuzz_targets, fuzz_cases, tmp_path, cid):
    target = fuzz_targets.get(cid)
    path = tmp_path / "submission.csv"
    examples = DEFAULT_EXAMPLES if fuzz_cases is None else math.ceil(fuzz_cases / len(ALL))

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(
        name=st.sampled_from(sorted(MUTATIONS)),
        base=st.sampled_from(target.bases),
        seed=st.integers(0, 2**32 - 1),
        bom=st.booleans(),
        crlf=st.booleans(),
    )
    def run(name, base, seed, bom, crlf):
        data, expect = MUTATIONS[name](base, random.Random(seed))
        if crlf and b"\r\n" not in data:  # neither a BOM nor CRLF line ends may change what a file means
            data = data.replace(b"\n", b"\r\n")
        if bom and not data.startswith(b"\xef\xbb\xbf"):  # (two BOMs make the first header another name)
            data = b"\xef\xbb\xbf" + data
        check_case(target, base, f"{name} seed={seed} bom={bom} crlf={crlf}", data, expect, path)

    run()
