"""Malformed and re-encoded submissions for every competition: a finite score or a reason, never a crash.

The default run is a fast deterministic slice of about ``DEFAULT_SLICE_CASES`` mutated files spread
over all competitions, plus a few Hypothesis examples each. The long mode draws ``--fuzz-cases`` examples spread over all competitions:
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
DEFAULT_SLICE_CASES = 800  # fixed-seed mutations over all competitions in the default run
DEFAULT_EXAMPLES = 2  # Hypothesis examples per competition in the default run


@pytest.mark.parametrize("cid", ALL)
def test_mutation_slice(fuzz_targets, fuzz_cases, tmp_path, cid):
    """Mutations on fixed seeds: in the default run a window of them per competition (the windows
    rotate, so that every mutation runs on several competitions), in long mode all of them on both bases."""
    target = fuzz_targets.get(cid)
    path = tmp_path / "submission.csv"
    names = sorted(MUTATIONS)
    window = max(4, math.ceil(DEFAULT_SLICE_CASES / len(ALL)))
    k = ALL.index(cid)
    for i, name in enumerate(names):
        if fuzz_cases is not None:
            bases = target.bases
        else:
            bases = [target.bases[(i + k) % 2]] if (i - k * window) % len(names) < window else []
        for base in bases:
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
