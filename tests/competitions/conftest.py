"""Fixtures offered to every competition's own checks (``checks.py`` in its folder) and to the tests here."""

from __future__ import annotations

import pytest

from tests.competitions.lite._helpers import assert_extracted_download_prepares_the_same as _extracted_same


@pytest.fixture
def assert_extracted_download_prepares_the_same():
    """``check(comp, prepared, tmp_path)``: preparing from an extracted download gives the same files."""
    return _extracted_same
