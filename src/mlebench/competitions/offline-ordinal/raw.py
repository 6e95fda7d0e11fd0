"""Raw files laid out like learning-agency-lab-automated-essay-scoring-2's download: ``train.csv``
(essay_id, full_text, score), ``test.csv`` (essay_id, full_text) and ``sample_submission.csv``
(essay_id, score); essay ids are 7 hex digits, scores the integers 1-6.

Noise process (seed 0): every essay has a latent writing skill ``s ~ N(0, 1)``. The essay answers
one of six prompts and is built sentence by sentence from word lists: more skilled writers write
more and longer sentences, use more advanced words and linking words and make fewer spelling
mistakes (two letters swapped), but every one of these is a noisy draw. The grade is the graders'
noisy reading of the skill: ``s + N(0, 0.5)`` cut at fixed points into 1-6 (about 7/27/36/23/6/1 %
as in the real data). The prompt has no effect on the grade.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from mlebench.offline.common import write_csv

N_ESSAYS, N_KAGGLE_TEST = 8000, 3
GRADER_NOISE = 0.5
SHARES = np.array([0.07, 0.27, 0.36, 0.23, 0.06, 0.01])
CUTS = norm.ppf(np.cumsum(SHARES)[:-1]) * np.sqrt(1 + GRADER_NOISE**2)  # on s + noise
BASIC = ("the a to and of it is that in people this be would they not can for with have are was you we "
         "but on think because do so if all more about there some like when what many get make good bad "
         "thing things also just very really go know way help time say car one other them could").split()
ADVANCED = ("consequently substantial perspective significant demonstrate nevertheless essential "
            "comprehensive fundamental inevitably considerable alternatively advocate facilitate "
            "implications subsequently ambiguous profound predominantly notion undeniably scrutiny "
            "phenomenon plausible compelling diminish paramount mitigate feasible endeavor").split()
LINKS = ["However,", "Furthermore,", "Therefore,", "In addition,", "For example,", "On the other hand,",
         "As a result,", "In conclusion,"]
PROMPTS = {
    "cars": "driverless cars road safety drivers technology accident sensors",
    "venus": "Venus planet surface explore scientists dangerous NASA atmosphere",
    "phones": "phones driving texting distracted law teenagers crash attention",
    "faces": "facial emotions software classroom students computer expressions",
    "cowboys": "cowboys ship animals Europe adventure program horses ocean",
    "elections": "electoral college vote president popular states election system",
}


def _typo(word: str, r: np.random.Generator) -> str:
    if len(word) < 4:
        return word
    i = int(r.integers(1, len(word) - 2))
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _essay(s: float, prompt: list[str], r: np.random.Generator) -> str:
    n_sentences = 3 + r.poisson(np.exp(1.3 + 0.35 * s))
    p_advanced = 0.03 * np.exp(0.7 * s)
    p_typo = 0.05 * np.exp(-0.6 * s)
    p_link = 0.15 + 0.1 * np.tanh(s)
    lengths = 5 + r.poisson(max(7 + 2 * s, 2), size=n_sentences)
    n = int(lengths.sum())
    kind, pick, typo = r.random(n), r.random(n), r.random(n)
    words = [ADVANCED[int(u * len(ADVANCED))] if k < p_advanced
             else prompt[int(u * len(prompt))] if k < p_advanced + 0.12
             else BASIC[int(u * len(BASIC))] for k, u in zip(kind, pick)]
    words = [_typo(w, r) if t < p_typo else w for w, t in zip(words, typo)]
    link, link_pick, breaks = r.random(n_sentences), r.random(n_sentences), r.random(n_sentences)
    paragraphs, paragraph, start = [], [], 0
    for i, length in enumerate(lengths):
        text = " ".join(words[start:start + length])
        start += length
        text = text[0].upper() + text[1:] + "."
        if link[i] < p_link:
            text = f"{LINKS[int(link_pick[i] * len(LINKS))]} {text[0].lower()}{text[1:]}"
        paragraph.append(text)
        if len(paragraph) >= 3 and breaks[i] < 0.4:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    return "\n\n".join(paragraphs)


def simulate() -> pd.DataFrame:
    """Every essay with its latent skill (the truth; only essay_id, full_text and score are written)."""
    r = np.random.default_rng(0)
    n = N_ESSAYS + N_KAGGLE_TEST
    skill = r.normal(size=n)
    score = 1 + np.searchsorted(CUTS, skill + GRADER_NOISE * r.normal(size=n))
    prompts = [PROMPTS[k].split() for k in sorted(PROMPTS)]
    which = r.integers(0, len(prompts), size=n)
    texts = [_essay(float(s), prompts[w], r) for s, w in zip(skill, which)]
    ids = [f"{v:07x}" for v in r.choice(16**7, size=n, replace=False)]
    return pd.DataFrame({"essay_id": ids, "full_text": texts, "score": score, "skill": skill})


def generate(raw: Path) -> None:
    df = simulate()
    train, test = df.iloc[:N_ESSAYS], df.iloc[N_ESSAYS:]
    write_csv(train[["essay_id", "full_text", "score"]], raw / "train.csv")
    # Kaggle's own test essays ship without grades; like v1 we never use them for grading.
    write_csv(test[["essay_id", "full_text"]], raw / "test.csv")
    write_csv(pd.DataFrame({"essay_id": test["essay_id"], "score": 3}), raw / "sample_submission.csv")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The best grades knowable: the latent skill itself (no text noise, only the graders' noise
    left) cut at the grade cut points scaled by the factor (1.0-1.6) that scores best here."""
    truth = simulate().set_index("essay_id").loc[answers["essay_id"], "skill"].to_numpy()
    from sklearn.metrics import cohen_kappa_score

    def cut(scale: float) -> np.ndarray:
        return 1 + np.searchsorted(CUTS, truth * scale)

    best = max(np.arange(1.0, 1.61, 0.05), key=lambda c: cohen_kappa_score(answers["score"], cut(c), weights="quadratic"))
    return pd.DataFrame({"essay_id": answers["essay_id"], "score": cut(best)})
