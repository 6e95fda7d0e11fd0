"""Reference solutions for offline-ranking: the panel its leaderboard is built from.

Each solution reads the public files and returns a submission (``customer_id``, ``prediction``
with twelve article ids) for every customer. They span trivial (random articles, the sample's
fixed list) through popularity over different windows and per segment, repeat purchases, item
co-occurrence and matrix factorisation, to blends of repeat purchases with personal and recent
popularity. All are deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from threadpoolctl import threadpool_limits

from mlebench.offline.panel import Solution, grid

K = 12


@lru_cache(maxsize=2)
def _load(public: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(public / name, dtype=str, keep_default_na=False)  # noqa: E731
    trans = read("transactions_train.csv")
    trans["day"] = (pd.to_datetime(trans["t_dat"]) - pd.to_datetime(trans["t_dat"]).max()).dt.days  # 0 = last day
    customers = read("customers.csv")
    customers["age"] = pd.to_numeric(customers["age"], errors="coerce")
    return trans, read("articles.csv"), customers


def _submit(customers: pd.DataFrame, lists: dict[str, list[str]], fill: list[str]) -> pd.DataFrame:
    preds = []
    for c in customers["customer_id"]:
        own = list(dict.fromkeys(lists.get(c, [])))[:K]
        own += [a for a in fill if a not in own][: K - len(own)]
        preds.append(" ".join(own))
    return pd.DataFrame({"customer_id": customers["customer_id"].to_numpy(), "prediction": preds})


def _popular(trans: pd.DataFrame, *, days: int | None = None, tau: float | None = None, n: int = K) -> list[str]:
    t = trans if days is None else trans[trans["day"] > -days]
    w = np.ones(len(t)) if tau is None else np.exp(t["day"].to_numpy() / tau)
    s = pd.Series(w, index=t["article_id"].to_numpy()).groupby(level=0).sum()
    return s.sort_index().sort_values(ascending=False, kind="stable").index[:n].tolist()


def random_articles(public: Path) -> pd.DataFrame:
    _, articles, customers = _load(public)
    r = np.random.default_rng(0)
    ids = articles["article_id"].to_numpy()
    preds = [" ".join(r.choice(ids, K, replace=False)) for _ in range(len(customers))]
    return pd.DataFrame({"customer_id": customers["customer_id"], "prediction": preds})


def sample_list(public: Path) -> pd.DataFrame:
    return pd.read_csv(public / "sample_submission.csv", dtype=str, keep_default_na=False)


def popular(days: int | None = None, tau: float | None = None) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        trans, _, customers = _load(public)
        return _submit(customers, {}, _popular(trans, days=days, tau=tau))

    return run


def popular_by_age(days: int) -> Solution:
    def run(public: Path) -> pd.DataFrame:
        trans, _, customers = _load(public)
        bins = [0, 25, 35, 50, 200]
        group = pd.cut(customers["age"].fillna(35), bins, labels=False)
        by_customer = dict(zip(customers["customer_id"], group))
        trans = trans.assign(g=trans["customer_id"].map(by_customer))
        fill = _popular(trans, days=days)
        tops = {g: _popular(trans[trans["g"] == g], days=days) for g in range(len(bins) - 1)}
        lists = {c: tops[g] for c, g in by_customer.items()}
        return _submit(customers, lists, fill)

    return run


def repeat_then_popular(*, window: int | None = None, order: str = "recent", days: int = 7) -> Solution:
    """The customer's own past articles (most recent or most frequent first), then recent best sellers."""

    def run(public: Path) -> pd.DataFrame:
        trans, _, customers = _load(public)
        t = trans if window is None else trans[trans["day"] > -window]
        if order == "recent":
            t = t.sort_values(["day", "article_id"], ascending=[False, True], kind="stable")
            lists = t.groupby("customer_id", sort=False)["article_id"].agg(list).to_dict()
        else:
            counts = t.groupby(["customer_id", "article_id"]).agg(n=("day", "size"), last=("day", "max")).reset_index()
            counts = counts.sort_values(["customer_id", "n", "last", "article_id"], ascending=[True, False, False, True])
            lists = counts.groupby("customer_id", sort=False)["article_id"].agg(list).to_dict()
        return _submit(customers, lists, _popular(trans, days=days))

    return run


def decayed_scores(*, tau_personal: float, tau_pop: float, pop_weight: float) -> Solution:
    """Per customer: time-decayed counts of their own articles + a share of decayed popularity."""

    def run(public: Path) -> pd.DataFrame:
        trans, _, customers = _load(public)
        w = np.exp(trans["day"].to_numpy() / tau_personal)
        own = pd.DataFrame({"c": trans["customer_id"], "a": trans["article_id"], "w": w}).groupby(["c", "a"])["w"].sum()
        pop = _popular(trans, tau=tau_pop, n=40)
        pop_score = {a: pop_weight * (1 - i / 40) for i, a in enumerate(pop)}
        lists: dict[str, list[str]] = {}
        for c, grp in own.groupby(level=0):
            scores = dict(zip(grp.index.get_level_values(1), grp.to_numpy()))
            for a, s in pop_score.items():
                scores[a] = scores.get(a, 0.0) + s
            lists[c] = sorted(scores, key=lambda a: (-scores[a], a))[:K]
        return _submit(customers, lists, pop)

    return run


def co_occurrence(days: int = 7) -> Solution:
    """Articles most often bought by customers who bought the customer's recent articles."""

    def run(public: Path) -> pd.DataFrame:
        trans, _, customers = _load(public)
        baskets = trans.groupby("customer_id")["article_id"].agg(lambda s: list(dict.fromkeys(s)))
        pairs: dict[str, Counter] = defaultdict(Counter)
        for items in baskets:
            for a in items:
                for b in items:
                    if a != b:
                        pairs[a][b] += 1
        recent = trans.sort_values("day", ascending=False, kind="stable").groupby("customer_id")["article_id"].agg(
            lambda s: list(dict.fromkeys(s))[:5])
        lists = {}
        for c, items in recent.items():
            score: Counter = Counter()
            for a in items:
                score.update(pairs[a])
            lists[c] = items + [b for b, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))]
        return _submit(customers, lists, _popular(trans, days=days))

    return run


def svd_factors(n_components: int, *, recent_days: int = 21, repeat_first: bool = False) -> Solution:
    """Truncated SVD of the (time-decayed) customer x article matrix; scores among recently sold articles."""

    def run(public: Path) -> pd.DataFrame:
        with threadpool_limits(1):
            trans, _, customers = _load(public)
            cust = {c: i for i, c in enumerate(customers["customer_id"])}
            arts = sorted(trans["article_id"].unique())
            aidx = {a: j for j, a in enumerate(arts)}
            m = sparse.csr_matrix((np.exp(trans["day"].to_numpy() / 30.0),
                                   (trans["customer_id"].map(cust), trans["article_id"].map(aidx))),
                                  shape=(len(cust), len(arts)))
            svd = TruncatedSVD(n_components, random_state=0)
            u = svd.fit_transform(m)
            scores = u @ svd.components_
            recent = set(trans.loc[trans["day"] > -recent_days, "article_id"])
            mask = np.array([a in recent for a in arts])
            scores[:, ~mask] = -np.inf
            top = np.argsort(-scores, axis=1, kind="stable")[:, :K]
            own = repeat_then_popular(window=21)(public) if repeat_first else None
            bought = set(trans["customer_id"])
            lists = {}
            for c, i in cust.items():
                if c not in bought:
                    continue
                prefix = own["prediction"].iloc[i].split()[:3] if own is not None else []
                lists[c] = prefix + [arts[j] for j in top[i]]
            return _submit(customers, lists, _popular(trans, days=7))

    return run


def _sweeps() -> list[tuple[str, Solution]]:
    """Popularity windows, repeat-purchase windows, factorisation sizes, co-occurrence windows, and
    a grid of the decayed personal + popular scores (the strongest family) over its three settings."""
    return [
        *grid("popular-last", lambda days: popular(days=days), days=(1, 2, 5, 10, 21, 42)),
        *grid("popular-decayed", lambda tau: popular(tau=tau), tau=(2.0, 10.0, 30.0)),
        *grid("popular-by-age", popular_by_age, days=(3, 14)),
        *grid("repeat", lambda order, window: repeat_then_popular(order=order, window=window),
              order=("recent", "frequent"), window=(7, 14, 42, 60)),
        *grid("svd", lambda k, recent: svd_factors(k, recent_days=recent), k=(4, 32), recent=(7, 42)),
        *grid("co-occurrence", co_occurrence, days=(3, 14)),
        *grid("decayed", lambda tau, tau_pop, pop: decayed_scores(tau_personal=tau, tau_pop=tau_pop, pop_weight=pop),
              tau=(10, 30, 60, 120, 1000), tau_pop=(3, 10, 30), pop=(0.03, 0.1, 0.3, 1.0)),
    ]


def solutions() -> list[tuple[str, Solution]]:
    return _sweeps() + [
        ("random-articles", random_articles),
        ("sample-submission-list", sample_list),
        ("popular-all-time", popular()),
        ("popular-last-28-days", popular(days=28)),
        ("popular-last-14-days", popular(days=14)),
        ("popular-last-7-days", popular(days=7)),
        ("popular-last-3-days", popular(days=3)),
        ("popular-decayed-tau5", popular(tau=5.0)),
        ("popular-by-age-7-days", popular_by_age(7)),
        ("popular-by-age-21-days", popular_by_age(21)),
        ("repeat-recent-all-time", repeat_then_popular()),
        ("repeat-recent-21-days", repeat_then_popular(window=21)),
        ("repeat-frequent-all-time", repeat_then_popular(order="frequent")),
        ("repeat-frequent-popular-14", repeat_then_popular(order="frequent", days=14)),
        ("co-occurrence", co_occurrence()),
        ("svd-8", svd_factors(8)),
        ("svd-16", svd_factors(16)),
        ("svd-8-after-repeats", svd_factors(8, repeat_first=True)),
        ("decayed-own-tau10-pop0.3", decayed_scores(tau_personal=10, tau_pop=5, pop_weight=0.3)),
        ("decayed-own-tau30-pop0.3", decayed_scores(tau_personal=30, tau_pop=5, pop_weight=0.3)),
        ("decayed-own-tau30-pop1", decayed_scores(tau_personal=30, tau_pop=5, pop_weight=1.0)),
        ("decayed-own-tau60-pop0.1", decayed_scores(tau_personal=60, tau_pop=10, pop_weight=0.1)),
    ]
