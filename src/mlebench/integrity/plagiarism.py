"""``mlebench plagiarism``: each run's code compared with a folder of reference solutions (copydetect).

The corpus is a folder of ``.py`` files and Jupyter notebooks (their code cells, read with ``json``);
a run's code is the ``.py`` and ``.ipynb`` files of its ``code/``. copydetect fingerprints each file
(winnowed k-grams of its tokens, so renamed variables and moved whitespace still match) and measures,
for each pair, the share of the run file's tokens also found in the corpus file. A pair at or over the
threshold is flagged, with the matching fragments of both files.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlebench.errors import MLEBenchError
from mlebench.integrity._files import MAX_TEXT_BYTES, decode, read_bytes, walk_files
from mlebench.integrity.models import Fragment, Match, PlagiarismReport, RunPlagiarism
from mlebench.integrity.review import open_group, write_report
from mlebench.runner.rungroup import now

PLAGIARISM_FILE = "plagiarism.json"
CODE_SUFFIXES = (".py", ".ipynb")
DEFAULT_THRESHOLD = 0.5
NOISE_TOKENS = 25  # copydetect's defaults: matches shorter than this are noise,
GUARANTEE_TOKENS = 30  # matches at least this long are always found
MAX_FRAGMENTS = 5
MAX_FRAGMENT_CHARS = 2000
MAX_CORPUS_FILES = 20_000


@dataclass
class Source:
    rel: str
    text: str
    fingerprint: Any  # copydetect.CodeFingerprint


def notebook_code(raw: str) -> str | None:
    """The code cells of a notebook, one after another; None when it is not a notebook."""
    try:
        nb = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return None
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append("".join(s for s in src if isinstance(s, str)) if isinstance(src, list) else str(src))
    return "\n\n".join(out)


def _copydetect():
    try:
        import copydetect
    except ImportError:
        raise MLEBenchError("mlebench plagiarism needs copydetect: pip install 'mlebench[integrity]'") from None
    return copydetect


def load_sources(root: Path, label: str, skipped: list[str], *, max_files: int) -> list[Source]:
    """Fingerprints of the .py and .ipynb files under ``root`` (bounded; unreadable ones noted in ``skipped``)."""
    copydetect = _copydetect()
    k, win = NOISE_TOKENS, GUARANTEE_TOKENS - NOISE_TOKENS + 1
    out = []
    for path in walk_files(root, max_files=max_files):
        if path.suffix.lower() not in CODE_SUFFIXES:
            continue
        rel = f"{label}{path.relative_to(root).as_posix()}"
        raw = read_bytes(path, MAX_TEXT_BYTES + 1)
        text = decode(raw[:MAX_TEXT_BYTES]) if raw is not None else None
        if text is not None and path.suffix.lower() == ".ipynb":
            text = notebook_code(text)
        if not text or not text.strip():
            skipped.append(f"{rel} (empty, binary, not a notebook or unreadable)")
            continue
        try:
            fp = copydetect.CodeFingerprint(rel, k, win, fp=io.StringIO(text), language="python")
        except Exception as e:  # copydetect's tokenizer on arbitrary input: leave the file out, say why
            skipped.append(f"{rel} (not tokenized: {type(e).__name__})")
            continue
        out.append(Source(rel, text, fp))
    return out


def _lines(text: str, start: int, end: int) -> tuple[tuple[int, int], str]:
    """The whole lines that hold ``text[start:end]`` (copydetect's slices can start mid-token)."""
    first = text.count("\n", 0, start) + 1
    last = text.count("\n", 0, max(start, end - 1)) + 1
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", max(start, end - 1))
    chunk = text[lo : hi if hi >= 0 else len(text)]
    if len(chunk) > MAX_FRAGMENT_CHARS:
        chunk = chunk[:MAX_FRAGMENT_CHARS] + "…"
    return (first, last), chunk


def compare(run: Source, ref: Source) -> Match:
    copydetect = _copydetect()
    overlap, (sim_run, sim_ref), (slices_run, slices_ref) = copydetect.compare_files(run.fingerprint, ref.fingerprint)
    fragments = []
    for i in range(min(slices_run.shape[1], slices_ref.shape[1])):
        run_lines, run_text = _lines(run.text, int(slices_run[0][i]), int(slices_run[1][i]))
        ref_lines, ref_text = _lines(ref.text, int(slices_ref[0][i]), int(slices_ref[1][i]))
        fragments.append(Fragment(run_lines=run_lines, corpus_lines=ref_lines, run_text=run_text, corpus_text=ref_text))
    fragments.sort(key=lambda f: f.run_lines[0] - f.run_lines[1])  # the longest first
    return Match(file=run.rel, corpus_file=ref.rel, similarity=round(float(sim_run), 4),
                 corpus_similarity=round(float(sim_ref), 4), overlap_tokens=int(overlap),
                 fragments=fragments[:MAX_FRAGMENTS])


def check_group(group: Path, corpus: Path, *, threshold: float = DEFAULT_THRESHOLD) -> PlagiarismReport:
    """Compare every run's code with ``corpus``; write ``plagiarism.json`` in the group."""
    if not 0 < threshold <= 1:
        raise MLEBenchError(f"--threshold {threshold} must be a share of tokens in (0, 1], e.g. 0.5")
    _, run_dirs = open_group(group)
    if not corpus.is_dir():
        raise MLEBenchError(f"--corpus {corpus} is not a folder (of .py and .ipynb reference solutions)")
    skipped: list[str] = []
    refs = load_sources(corpus, "", skipped, max_files=MAX_CORPUS_FILES)
    if not refs:
        raise MLEBenchError(f"--corpus {corpus} holds no .py or .ipynb file with code")
    runs = []
    for run_dir in run_dirs:
        before = len(skipped)
        files = load_sources(run_dir / "code", "code/", skipped, max_files=2000)
        skipped[before:] = [f"{run_dir.name}/{s}" for s in skipped[before:]]
        matches = []
        best = 0.0
        for f in files:
            for ref in refs:
                if not f.fingerprint.hashes & ref.fingerprint.hashes:
                    continue
                m = compare(f, ref)
                best = max(best, m.similarity)
                if m.similarity >= threshold:
                    matches.append(m)
        matches.sort(key=lambda m: -m.similarity)
        runs.append(RunPlagiarism(run_id=run_dir.name, files=len(files), max_similarity=round(best, 4),
                                  flagged=bool(matches), matches=matches))
    report = PlagiarismReport(run_group=group.name, created_at=now(), corpus=str(corpus.resolve()),
                              corpus_files=len(refs), threshold=threshold, noise_tokens=NOISE_TOKENS,
                              guarantee_tokens=GUARANTEE_TOKENS, skipped=skipped[:500], runs=runs)
    write_report(group / PLAGIARISM_FILE, report.model_dump(mode="json"))
    return report
