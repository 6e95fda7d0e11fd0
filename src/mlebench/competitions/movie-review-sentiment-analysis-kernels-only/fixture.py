"""Raw files laid out like Kaggle's movie-review-sentiment-analysis-kernels-only download (tiny, synthetic).

Only ``train.tsv.zip`` is read by preparation: it holds ``train.tsv`` (tab-separated,
``PhraseId, SentenceId, Phrase, Sentiment``) at its root. As in Kaggle's file, each sentence is
followed by the phrases the Stanford parser cut it into, tokens are space-separated (``'s``,
``n't``, ``-LRB-``, punctuation as tokens), and sentiments run from 0 (negative) to 4 (positive).
"""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

SENTENCES = [
    "A series of escapades that amuses now and then but never adds up to a story .",
    "This quiet , introspective film is a beautifully acted portrait of grief .",
    "Even fans of the genre will find the plot 's twists tiresome -LRB- and long -RRB- .",
    "It 's a charming , funny and often moving comedy .",
    "The director does n't know when to stop , and neither does the cast .",
    "A gorgeous , witty , seductive movie .",
    "Nothing here is new , but all of it is done well .",
    "An ambitious failure that still deserves to be seen .",
    "The dialogue is flat and the pacing is worse .",
    "Its heart is in the right place , even when its script is not .",
    "Sharp performances lift a familiar story .",
    "Too long , too loud and too pleased with itself .",
]


def _phrases(sentence: str) -> list[str]:
    """The sentence, then shrinking left and right parts of it, then single words (no repeats)."""
    words = sentence.split()
    out = [sentence]
    for k in range(len(words) - 1, 0, -2):
        out += [" ".join(words[:k]), " ".join(words[-k:])]
    out += words[:4]
    seen, unique = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(156061)
    rows, seen = [], set()
    for sid, sentence in enumerate(SENTENCES, start=1):
        mood = int(rng.integers(0, 5))
        for phrase in _phrases(sentence):
            if phrase in seen:  # Kaggle lists a repeated phrase only once
                continue
            seen.add(phrase)
            sentiment = mood if len(phrase.split()) > 3 else int(rng.choice([1, 2, 2, 2, 3]))
            rows.append((len(rows) + 1, sid, phrase, sentiment))
    df = pd.DataFrame(rows, columns=["PhraseId", "SentenceId", "Phrase", "Sentiment"])
    with zipfile.ZipFile(raw / "train.tsv.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("train.tsv", df.to_csv(index=False, sep="\t"))
