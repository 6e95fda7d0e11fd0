"""Raw files laid out like Kaggle's chaii-hindi-and-tamil-question-answering download (tiny, synthetic).

``train.csv``: id (9 hex digits), context (a Wikipedia-like article in Hindi or Tamil, with
newlines), question, answer_text (a span of the context), answer_start (its character offset)
and language (``hindi`` / ``tamil``). ``prepare`` reads nothing else, so Kaggle's ``test.csv``
and ``sample_submission.csv`` are not written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

N = 40
WORDS = {
    "hindi": ["भारत", "की", "राजधानी", "नई", "दिल्ली", "है", "गंगा", "नदी", "सबसे", "लंबी", "1947", "में"],
    "tamil": ["இந்தியா", "தலைநகரம்", "சென்னை", "தமிழ்", "மொழி", "ஆறு", "காவிரி", "நீளமான", "1956", "ஆம்"],
}
QUESTION = {"hindi": "{} क्या है?", "tamil": "{} என்ன?"}


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(61)
    rows = []
    ids = rng.choice(16**9, size=N, replace=False)
    for i in range(N):
        language = "hindi" if rng.random() < 0.66 else "tamil"
        words = [str(w) for w in rng.choice(WORDS[language], size=30)]
        context = " ".join(words[:15]) + ".\n\n" + " ".join(words[15:]) + ", \"उद्धरण\"."
        start_word, length = int(rng.integers(15, 26)), int(rng.integers(1, 4))
        answer = " ".join(words[start_word:start_word + length])
        start = context.index(answer, len(" ".join(words[:15])))
        rows.append((f"{ids[i]:09x}", context, QUESTION[language].format(words[start_word]), answer, start, language))
    pd.DataFrame(rows, columns=["id", "context", "question", "answer_text", "answer_start", "language"]).to_csv(
        raw / "train.csv", index=False
    )
