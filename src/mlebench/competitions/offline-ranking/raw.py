"""Raw files laid out like h-and-m-personalized-fashion-recommendations' download: articles.csv,
customers.csv, transactions_train.csv (``t_dat,customer_id,article_id,price,sales_channel_id``)
and sample_submission.csv (``customer_id,prediction``, twelve space-separated article ids for every
customer). Article ids are ten-digit strings with a leading zero (product code + colour variant);
customer and postal-code ids are 64-hex strings, as in the real data. The product images of the real
download are left out, and articles.csv carries a subset of the real columns.

Noise process (seed 0), twelve weeks of purchases ending on 2020-09-22:
- every customer and article has a latent taste vector (dimension 6); an article's vector is built
  from its product type, colour and index group (so similar articles are close), plus noise; a
  customer's age shifts their taste towards some index groups;
- every article has a launch day and a base popularity; its attractiveness decays with age, so
  new articles sell best and popularity drifts over time;
- each customer shops on a day with their own rate (log-normal activity); a basket holds 1-5 items
  drawn without replacement by the Gumbel-max trick over taste + popularity, and each item is, with
  probability 0.2, instead a repeat of one of the customer's earlier purchases;
- prices are the article's base price, sometimes discounted; the sales channel follows the
  customer's habit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from mlebench.offline.common import write_csv

N_CUSTOMERS, N_PRODUCTS, N_DAYS, DIM = 3000, 450, 84, 6
LAST_DAY = date(2020, 9, 22)
PRODUCT_TYPES = ["Trousers", "Dress", "Sweater", "T-shirt", "Top", "Blouse", "Jacket", "Shorts", "Skirt", "Vest top",
                 "Bra", "Socks"]
PRODUCT_GROUPS = ["Garment Lower body", "Garment Full body", "Garment Upper body", "Garment Upper body",
                  "Garment Upper body", "Garment Upper body", "Garment Upper body", "Garment Lower body",
                  "Garment Lower body", "Garment Upper body", "Underwear", "Socks & Tights"]
COLOURS = ["Black", "White", "Dark Blue", "Light Pink", "Grey", "Beige", "Red", "Dark Green", "Yellow", "Light Blue"]
INDEX_GROUPS = ["Ladieswear", "Divided", "Menswear", "Baby/Children"]
INDEXES = [("A", "Ladieswear"), ("D", "Divided"), ("F", "Menswear"), ("H", "Children Sizes 92-140")]
DEPARTMENTS = ["Jersey Basic", "Trousers", "Knitwear", "Blouse", "Outdoor", "Shorts", "Expressive Lingerie", "Basics"]
GARMENT_GROUPS = ["Jersey Basic", "Trousers", "Knitwear", "Blouse", "Outdoor", "Shorts", "Under-, Nightwear",
                  "Socks and Tights"]
ADJECTIVES = ["Slim", "Relaxed", "Soft", "Classic", "Linen", "Denim", "Cotton", "Summer", "Cosy", "Basic", "Printed"]


def _hex_ids(r: np.random.Generator, n: int) -> list[str]:
    return [bytes(row).hex() for row in r.integers(0, 256, size=(n, 32), dtype=np.uint8)]


def _articles(r: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    type_emb = r.normal(size=(len(PRODUCT_TYPES), DIM))
    colour_emb = 0.6 * r.normal(size=(len(COLOURS), DIM))
    index_emb = 0.8 * r.normal(size=(len(INDEX_GROUPS), DIM))
    codes = np.sort(r.choice(np.arange(108_000, 960_000), size=N_PRODUCTS, replace=False))
    rows, vecs = [], []
    for code in codes:
        t, g = int(r.integers(len(PRODUCT_TYPES))), int(r.integers(len(INDEX_GROUPS)))
        name = f"{r.choice(ADJECTIVES)} {PRODUCT_TYPES[t].lower()}"
        for variant, colour in enumerate(r.choice(len(COLOURS), size=int(r.integers(1, 5)), replace=False), 1):
            colour = int(colour)
            vecs.append(type_emb[t] + colour_emb[colour] + index_emb[g] + 0.4 * r.normal(size=DIM))
            dep = t % len(DEPARTMENTS)
            rows.append({
                "article_id": f"0{code}{variant:03d}", "product_code": f"0{code}", "prod_name": name,
                "product_type_no": 250 + t, "product_type_name": PRODUCT_TYPES[t],
                "product_group_name": PRODUCT_GROUPS[t], "colour_group_code": 9 + colour,
                "colour_group_name": COLOURS[colour], "department_no": 1000 + 10 * dep,
                "department_name": DEPARTMENTS[dep], "index_code": INDEXES[g][0], "index_name": INDEXES[g][1],
                "index_group_no": g + 1, "index_group_name": INDEX_GROUPS[g], "garment_group_no": 1001 + dep,
                "garment_group_name": GARMENT_GROUPS[dep],
                "detail_desc": f"{name.capitalize()} in {COLOURS[colour].lower()} for {INDEX_GROUPS[g].lower()}.",
            })
    return pd.DataFrame(rows), np.asarray(vecs) / np.sqrt(DIM)


def _customers(r: np.random.Generator, index_emb_age: np.ndarray) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    n = N_CUSTOMERS
    age = np.clip(np.round(r.gamma(6.0, 6.0, size=n) + 16), 16, 90).astype(int)
    taste = r.normal(size=(n, DIM)) + np.outer((age - 35) / 15, index_emb_age)
    fn = r.random(n) < 0.35
    status = r.choice(["ACTIVE", "PRE-CREATE", "LEFT CLUB"], size=n, p=[0.9, 0.08, 0.02])
    news = np.where(fn, r.choice(["Regularly", "Monthly"], size=n, p=[0.95, 0.05]), "NONE")
    postal = _hex_ids(r, 400)
    df = pd.DataFrame({
        "customer_id": _hex_ids(r, n),
        "FN": np.where(fn, "1.0", ""), "Active": np.where(fn & (r.random(n) < 0.95), "1.0", ""),
        "club_member_status": status, "fashion_news_frequency": news, "age": age,
        "postal_code": [postal[i] for i in r.integers(0, len(postal), size=n)],
    })
    activity = np.exp(r.normal(np.log(0.035), 0.9, size=n))
    return df, taste, activity


def transactions(r: np.random.Generator, articles: pd.DataFrame, vecs: np.ndarray, customers: pd.DataFrame,
                 taste: np.ndarray, activity: np.ndarray, launch: np.ndarray, base: np.ndarray) -> pd.DataFrame:
    n_art = len(articles)
    price = np.round(np.exp(r.normal(np.log(0.025), 0.5, size=n_art)), 4)
    channel_pref = r.random(len(customers)) < 0.3
    history: dict[int, list[int]] = {}
    rows = []
    for day in range(N_DAYS):
        shoppers = np.flatnonzero(r.random(len(customers)) < activity)
        if len(shoppers) == 0:
            continue
        age_days = day - launch
        pop = np.where(age_days >= 0, base - 0.03 * np.maximum(age_days, 0), -np.inf)
        scores = 1.5 * taste[shoppers] @ vecs.T + pop
        scores = scores + r.gumbel(size=scores.shape)
        basket_sizes = np.minimum(1 + r.poisson(0.9, size=len(shoppers)), 5)
        part = np.argpartition(-scores, 5, axis=1)[:, :5]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
        top = np.take_along_axis(part, order, axis=1)
        repeat_u = r.random(size=top.shape)
        pick_u = r.random(size=top.shape)
        discount = np.where(r.random(size=top.shape) < 0.15, 0.7, 1.0)
        channel_u = r.random(size=len(shoppers))
        t_dat = (LAST_DAY - timedelta(days=N_DAYS - 1 - day)).isoformat()
        for i, c in enumerate(shoppers):
            past = history.setdefault(int(c), [])
            items = [int(a) for a in top[i, : basket_sizes[i]]]
            if past:
                items = [past[int(pick_u[i, k] * len(past))] if repeat_u[i, k] < 0.2 else a
                         for k, a in enumerate(items)]
            past.extend(items)
            channel = 2 if (channel_u[i] < 0.85) == channel_pref[c] else 1
            rows += [(t_dat, int(c), a, price[a] * discount[i, k], channel) for k, a in enumerate(items)]
    df = pd.DataFrame(rows, columns=["t_dat", "c", "a", "price", "sales_channel_id"])
    df.insert(1, "customer_id", customers["customer_id"].to_numpy()[df.pop("c")])
    df.insert(2, "article_id", articles["article_id"].to_numpy()[df.pop("a")])
    return df


@dataclass
class World:
    """The generator's truth: the tables it writes and the latent values behind the purchases."""

    articles: pd.DataFrame
    vecs: np.ndarray  # article taste vectors
    customers: pd.DataFrame
    taste: np.ndarray  # customer taste vectors
    activity: np.ndarray  # each customer's chance of shopping on a day
    launch: np.ndarray  # each article's launch day
    base: np.ndarray  # each article's base popularity
    trans: pd.DataFrame


def simulate() -> World:
    r = np.random.default_rng(0)
    articles, vecs = _articles(r)
    customers, taste, activity = _customers(r, r.normal(size=DIM) * 0.5)
    launch = r.integers(-90, N_DAYS, size=len(articles))
    base = r.normal(0.0, 1.0, size=len(articles))
    with threadpool_limits(1):  # many small products: threads only add overhead
        trans = transactions(r, articles, vecs, customers, taste, activity, launch, base)
    return World(articles, vecs, customers, taste, activity, launch, base, trans)


def generate(raw: Path) -> None:
    world = simulate()
    articles, customers, trans = world.articles, world.customers, world.trans
    write_csv(articles, raw / "articles.csv")
    write_csv(customers, raw / "customers.csv")
    write_csv(trans, raw / "transactions_train.csv", float_format="%.6f")
    # a fixed list of popular articles from the first half of the period (not from the test weeks)
    early = trans[trans["t_dat"] < (LAST_DAY - timedelta(days=N_DAYS // 2)).isoformat()]
    popular = " ".join(early["article_id"].value_counts().sort_index().sort_values(
        ascending=False, kind="stable").index[:12])
    write_csv(pd.DataFrame({"customer_id": customers["customer_id"], "prediction": popular}),
              raw / "sample_submission.csv")


# --- the ceiling ---------------------------------------------------------------------------------

DRAWS, SEQUENCE = 256, 80  # Monte Carlo baskets per customer; articles drawn (with repeats) per basket


def _slot_probabilities(r: np.random.Generator, score: np.ndarray, launched: np.ndarray) -> np.ndarray:
    """``P[d, b - 1, a]``: the chance that article ``a`` is among the first ``b`` fresh picks (b = 1..5) of
    a basket on test day ``d``, where only the articles ``launched[d]`` are on sale.

    The generator takes the top five of ``score + Gumbel noise``: a Plackett-Luce draw. Here it is drawn as
    a sequence of picks with replacement in proportion to ``exp(score)`` whose first occurrences, in
    order, are the ranking; dropping the unlaunched picks gives each day's draw from the same sequence."""
    n = len(score)
    cdf = np.cumsum(np.exp(score - score.max()))
    picks = np.minimum(np.searchsorted(cdf, r.random((DRAWS, SEQUENCE)) * cdf[-1], side="right"), n - 1)
    _, first_at = np.unique((np.arange(DRAWS)[:, None] * n + picks).ravel(), return_index=True)
    first = np.zeros(picks.size, bool)
    first[first_at] = True
    counted = first.reshape(picks.shape)[None] & launched[:, picks]  # (days, draws, sequence)
    rank = np.cumsum(counted, axis=2) - 1
    day, row, col = np.nonzero(counted & (rank < 5))
    at = np.zeros((len(launched), 5, n))
    np.add.at(at, (day, rank[day, row, col], picks[row, col]), 1.0 / DRAWS)
    return np.cumsum(at, axis=1)


def ceiling(answers: pd.DataFrame) -> pd.DataFrame:
    """The best lists knowable: for every test customer, the twelve articles most likely to be bought in
    the test week given the generator's truth (the customer's taste, activity and purchases before the
    week; every article's taste vector, popularity and launch day), in that order.

    An article is bought on a shopping day when one of the basket's slots (1 + Poisson(0.9), at most 5)
    picks it: a slot repeats a uniform pick from the past purchases with chance 0.2, else takes the next of
    the Plackett-Luce ranking (estimated by ``_slot_probabilities``). Over the eight test days, a customer
    who shops with chance ``p`` a day buys the article with chance ``1 - prod(1 - p * q_day)``. Purchases
    made earlier in the test week are left out of the past (they only repeat articles already bought)."""
    world = simulate()
    trans, n = world.trans, len(world.articles)
    day = N_DAYS - 1 - (pd.Timestamp(LAST_DAY) - pd.to_datetime(trans["t_dat"])).dt.days.to_numpy()
    start = int(day.max()) - 7  # prepare.py's cutoff: the last eight days
    days = np.arange(start, day.max() + 1)
    customer = pd.Series(np.arange(len(world.customers)), index=world.customers["customer_id"])
    article = pd.Series(np.arange(n), index=world.articles["article_id"])
    past = np.zeros((len(customer), n))
    early = day < start
    np.add.at(past, (customer.loc[trans["customer_id"][early]].to_numpy(),
                     article.loc[trans["article_id"][early]].to_numpy()), 1)
    basket = np.exp(-0.9) * 0.9 ** np.arange(5) / np.cumprod([1, 1, 2, 3, 4])  # P(size = 1..5), capped at 5
    basket[4] = 1 - basket[:4].sum()
    # popularity relative to the first test day: every launched article loses 0.03 a day alike, so one
    # score per article serves all days (an article launched later enters with its fresh popularity)
    popularity = world.base - 0.03 * (start - world.launch)
    launched = world.launch[None, :] <= days[:, None]
    r = np.random.default_rng(0)
    lists = []
    for c in customer.loc[answers["customer_id"].astype(str)].to_numpy():
        slots = _slot_probabilities(r, 1.5 * world.taste[c] @ world.vecs.T + popularity, launched)
        repeat = 0.2 if past[c].sum() else 0.0
        share = past[c] / max(past[c].sum(), 1)
        miss_one, miss_fresh = 1 - repeat * share, repeat * (1 - share)  # a slot misses the article
        missed = sum(basket[b - 1] * miss_one ** (b - 1) * ((1 - slots[:, b - 1]) * miss_one + slots[:, b - 1] * miss_fresh)
                     for b in range(1, 6))
        log_never = np.log1p(-min(world.activity[c], 1.0) * (1 - missed)).sum(axis=0)
        lists.append(" ".join(world.articles["article_id"].to_numpy()[np.lexsort((np.arange(n), log_never))[:12]]))
    return pd.DataFrame({"customer_id": answers["customer_id"].to_numpy(), "prediction": lists})
