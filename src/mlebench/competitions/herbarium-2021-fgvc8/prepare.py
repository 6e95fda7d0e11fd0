"""The 2020 recipe (see herbarium-2020-fgvc7/prepare.py) on 2021's download: ``train/`` and
``test/`` at the top (no ``nybg2020/``), metadata read as UTF-8, ``institutions`` instead of
``regions`` (left out of the public test metadata with ``categories``)."""

from pathlib import Path

from mlebench.registry import load_competition_module

_nybg = load_competition_module(Path(__file__).resolve().parent.parent / "herbarium-2020-fgvc7", "prepare")


def prepare(raw: Path, public: Path, private: Path) -> None:
    _nybg.prepare_nybg(raw, public, private, root="", encoding="utf-8", site_key="institutions")
