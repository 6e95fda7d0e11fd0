"""Raw files laid out like lmsys-chatbot-arena's download: ``train.csv`` (id, model_a, model_b, prompt,
response_a, response_b, winner_model_a, winner_model_b, winner_tie), ``test.csv`` (id, prompt,
response_a, response_b) and ``sample_submission.csv`` (id and the three winner columns). Prompts and
responses are JSON lists of strings, one per conversation turn; ids are integers.

Noise process (seed 0): twelve made-up chat models, each with a latent strength and habits
(verbosity, bullet lists, politeness). A battle draws a prompt (one or two turns, one of five
kinds of request) and two different models; each response has a latent quality = the model's
strength + its own noise. The text reflects quality only noisily: better responses are somewhat
longer, use more on-topic and concrete words, fewer hedges, and rarely refuse; a weak response may
refuse ("I cannot help with that"). The vote follows Davidson's model of paired comparison with
ties: P(A) ~ exp(1.6 q_a), P(B) ~ exp(1.6 q_b), P(tie) ~ 1.1 exp(1.6 (q_a + q_b) / 2).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mlebench.offline.common import write_csv

N_BATTLES, N_KAGGLE_TEST = 12000, 3
TIE_WEIGHT = 1.1
SHARPNESS = 1.6  # how strongly voters follow quality
MODELS = ["aurora-7b-chat", "basalt-13b-instruct", "cobalt-70b", "delta-mini", "ember-2.1", "fjord-large",
          "granite-chat-v2", "harbor-8x7b", "iris-pro", "juniper-3b", "kestrel-turbo", "lumen-34b-chat"]
TOPICS = {
    "code": ("write a function that sorts a list of numbers in python", "function list python loop return sort index "
             "variable example code test complexity", "def sort_list(xs):\n    return sorted(xs)"),
    "math": ("what is the derivative of x squared times sine of x", "derivative product rule term sine cosine "
             "equals step formula result simplify", "d/dx = 2x sin(x) + x^2 cos(x)"),
    "writing": ("write a short poem about the sea at night", "waves moon silver night shore tide stars "
                "quiet verse rhythm", "The tide keeps time beneath the moon"),
    "advice": ("how can i sleep better when i am stressed", "routine bedtime screens caffeine breathing "
               "schedule relax exercise light habit", "Keep the same bedtime every night"),
    "facts": ("why is the sky blue during the day", "light scattering wavelength blue atmosphere "
              "molecules sun shorter rayleigh red", "Shorter wavelengths scatter more"),
}
FILLER = ("the a to and of is that it this you can be for with as on are or if your it's will there "
          "some more also one which about when".split())
HEDGES = "maybe perhaps possibly generally usually might depends honestly basically".split()
POLITE = ["Sure!", "Great question!", "Of course.", "Certainly!", "Happy to help."]
REFUSAL = "I'm sorry, but I cannot help with that request."


def _response(q: float, style: np.ndarray, topic: tuple[str, str, str], r: np.random.Generator) -> str:
    if r.random() < 1 / (1 + np.exp(3.2 + 1.5 * q)):
        return REFUSAL
    verbosity, bullets, polite = style
    n = 8 + r.poisson(np.exp(verbosity + 0.15 * q))
    on_topic = topic[1].split()
    p_topic, p_hedge = 0.18 + 0.08 * np.tanh(q), 0.05 * np.exp(-0.5 * q)
    kind, pick = r.random(n), r.random(n)
    words = [on_topic[int(u * len(on_topic))] if k < p_topic else HEDGES[int(u * len(HEDGES))]
             if k < p_topic + p_hedge else FILLER[int(u * len(FILLER))] for k, u in zip(kind, pick)]
    cut = max(1, n // 3)
    parts = [" ".join(words[i:i + cut]) for i in range(0, n, cut)]
    text = ("\n".join(f"- {p}" for p in parts) if r.random() < bullets else ". ".join(parts).capitalize() + ".")
    if r.random() < 0.25 + 0.2 * np.tanh(q):
        text += "\n\nFor example: " + topic[2]
    if r.random() < polite:
        text = POLITE[int(r.integers(len(POLITE)))] + " " + text
    return text


def _probabilities(qa: np.ndarray, qb: np.ndarray) -> np.ndarray:
    """(n, 3) probabilities of A wins, B wins, tie under Davidson's model."""
    w = np.column_stack([np.exp(SHARPNESS * qa), np.exp(SHARPNESS * qb),
                         TIE_WEIGHT * np.exp(SHARPNESS * (qa + qb) / 2)])
    return w / w.sum(axis=1, keepdims=True)


def simulate() -> pd.DataFrame:
    """Every battle with both responses' latent qualities (the truth; never written)."""
    r = np.random.default_rng(0)
    strength = r.normal(0.0, 0.6, size=len(MODELS))
    styles = np.column_stack([r.normal(3.4, 0.35, len(MODELS)), r.uniform(0, 0.7, len(MODELS)),
                              r.uniform(0, 0.6, len(MODELS))])
    topics = [TOPICS[k] for k in sorted(TOPICS)]
    n = N_BATTLES + N_KAGGLE_TEST
    rows = []
    for _ in range(n):
        a, b = (int(m) for m in r.choice(len(MODELS), size=2, replace=False))
        topic = topics[int(r.integers(len(topics)))]
        turns = 1 + int(r.random() < 0.2)
        qa, qb = strength[a] + r.normal(0.0, 0.8), strength[b] + r.normal(0.0, 0.8)
        prompt = [topic[0].capitalize() + "?"] + (["Can you explain that in more detail?"] if turns == 2 else [])
        ra = [_response(qa, styles[a], topic, r) for _ in range(turns)]
        rb = [_response(qb, styles[b], topic, r) for _ in range(turns)]
        winner = int(r.choice(3, p=_probabilities(np.array([qa]), np.array([qb]))[0]))
        rows.append((MODELS[a], MODELS[b], json.dumps(prompt), json.dumps(ra), json.dumps(rb),
                     int(winner == 0), int(winner == 1), int(winner == 2), qa, qb))
    df = pd.DataFrame(rows, columns=["model_a", "model_b", "prompt", "response_a", "response_b", "winner_model_a",
                                     "winner_model_b", "winner_tie", "quality_a", "quality_b"])
    df.insert(0, "id", np.sort(r.choice(4_500_000_000, size=n, replace=False)))
    return df


def generate(raw: Path) -> None:
    df = simulate()
    train, test = df.iloc[:N_BATTLES], df.iloc[N_BATTLES:]
    write_csv(train.drop(columns=["quality_a", "quality_b"]), raw / "train.csv")
    # Kaggle's own test battles ship without votes; like v1 we never use them for grading.
    write_csv(test[["id", "prompt", "response_a", "response_b"]], raw / "test.csv")
    write_csv(pd.DataFrame({"id": test["id"], "winner_model_a": 1 / 3, "winner_model_b": 1 / 3,
                            "winner_tie": 1 / 3}), raw / "sample_submission.csv", float_format="%.15g")


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The true vote probabilities of every test battle, from both responses' latent qualities."""
    truth = simulate().set_index("id").loc[answers["id"]]
    p = _probabilities(truth["quality_a"].to_numpy(), truth["quality_b"].to_numpy())
    return pd.DataFrame({"id": answers["id"].to_numpy(), "winner_model_a": p[:, 0], "winner_model_b": p[:, 1],
                         "winner_tie": p[:, 2]})
