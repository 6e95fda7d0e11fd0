"""The integrity reports on disk: ``runs/<group>/review.json`` and ``runs/<group>/plagiarism.json``.

Both are versioned pydantic models. A finding always carries its evidence (a file of the run, a line
when there is one, and the fragment that triggered it), so that a person can check every flag by
opening one file at one line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["info", "warning", "violation"]
Verdict = Literal["clean", "suspicious", "violation"]
REVIEW_VERSION = 1
PLAGIARISM_VERSION = 1


class Evidence(BaseModel):
    """Where a finding comes from: ``file`` is relative to the run folder (``code/x.py``, ``run.json``)."""

    file: str
    line: int | None = None
    fragment: str = ""


class Finding(BaseModel):
    check: str  # which check: network, llm-model, no-producing-code, hand-typed-labels, out-of-bounds-path, llm-review
    severity: Severity
    message: str
    evidence: list[Evidence] = Field(default_factory=list)


class LLMVerdict(BaseModel):
    question: str
    verdict: Verdict
    evidence: str = ""  # the model's quote from the excerpt
    evidence_found: bool = False  # whether that quote is really in the excerpt it was shown


class LLMReview(BaseModel):
    """One chat-completions exchange: exactly what was sent and what came back."""

    model: str
    base_url: str
    messages: list[dict[str, str]]
    reply: str | None = None
    verdicts: list[LLMVerdict] = Field(default_factory=list)
    error: str | None = None  # the request failed or the reply could not be read


class RunReview(BaseModel):
    run_id: str
    status: str | None = None  # run.json's status
    verdict: Verdict
    findings: list[Finding] = Field(default_factory=list)
    llm: LLMReview | None = None


class ReviewReport(BaseModel):
    version: int = REVIEW_VERSION
    run_group: str
    created_at: str
    checks: list[str]
    limitations: list[str] = Field(default_factory=list)  # what the harness does not record, so nothing checks it
    runs: list[RunReview]

    def counts(self) -> dict[str, int]:
        out = {"clean": 0, "suspicious": 0, "violation": 0}
        for r in self.runs:
            out[r.verdict] += 1
        return out


class Fragment(BaseModel):
    """A stretch of code found in both files (line numbers are 1-based and inclusive)."""

    run_lines: tuple[int, int]
    corpus_lines: tuple[int, int]
    run_text: str
    corpus_text: str


class Match(BaseModel):
    file: str  # relative to the run folder
    corpus_file: str  # relative to the corpus folder
    similarity: float  # share of the run file's fingerprinted tokens found in the corpus file
    corpus_similarity: float  # the same share of the corpus file's tokens
    overlap_tokens: int
    fragments: list[Fragment] = Field(default_factory=list)


class RunPlagiarism(BaseModel):
    run_id: str
    files: int  # code files compared
    max_similarity: float
    flagged: bool
    matches: list[Match] = Field(default_factory=list)  # pairs at or over the threshold, most similar first


class PlagiarismReport(BaseModel):
    version: int = PLAGIARISM_VERSION
    run_group: str
    created_at: str
    corpus: str
    corpus_files: int
    threshold: float
    noise_tokens: int  # copydetect's k: shorter matches are never reported
    guarantee_tokens: int  # matches at least this long are always found
    skipped: list[str] = Field(default_factory=list)  # files left out, with why
    runs: list[RunPlagiarism]
