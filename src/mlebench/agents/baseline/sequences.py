"""Heuristic tasks: token normalisation (before -> after) and ranking from a purchase log."""

from __future__ import annotations

import numpy as np
import pandas as pd

from common import Budget, Submitter, log, read_table, table_files


def _tables() -> dict:
    out = {}
    for p in table_files():
        if "sample" not in p.name.lower():
            try:
                out[p] = read_table(p, dtype=str, keep_default_na=False) if ".csv" in p.name else read_table(p)
            except Exception:
                continue
    return out


# ---------------------------------------------------------------- text normalisation

def find_normalization(sample: pd.DataFrame):
    if list(sample.columns) != ["id", "after"]:
        return None
    tables = _tables()
    train = next((d for d in tables.values() if {"before", "after"} <= set(d.columns)), None)
    test = next((d for d in tables.values() if "before" in d.columns and "after" not in d.columns), None)
    return (train, test) if train is not None and test is not None else None


def _rewrites(train: pd.DataFrame) -> pd.Series:
    counts = train.groupby(["before", "after"]).size().reset_index(name="n")
    return counts.sort_values("n", ascending=False).drop_duplicates("before").set_index("before")["after"]


def _normalise(before: pd.Series, best: pd.Series, units: dict) -> pd.Series:
    """Memorised rewrite when the token was seen; otherwise a spoken-form rule; otherwise unchanged."""
    from normrules import rule

    mem = before.map(best)
    unseen = mem.isna()
    ruled = before[unseen].map(lambda b: rule(b, units))
    mem[unseen] = ruled.fillna(before[unseen])
    return mem


def solve_normalization(sample, found, metric, budget: Budget, submitter: Submitter) -> None:
    from normrules import learn_units

    train, test = found
    if {"sentence_id", "token_id"} <= set(test.columns):
        ids = test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)
    else:
        ids = test[test.columns[0]].astype(str)
    before = test["before"].astype(str)
    cut = int(len(train) * 0.8)  # holdout check of the rule on the last 20% of training rows
    tr, va = train.iloc[:cut], train.iloc[cut:]
    acc = float((_normalise(va["before"].astype(str), _rewrites(tr), learn_units(tr["before"], tr["after"]))
                 == va["after"]).mean())
    pred = _normalise(before, _rewrites(train), learn_units(train["before"], train["after"]))
    log(f"normalisation: memorised rewrites, then rules for unseen tokens "
        f"({before.isin(train['before']).mean():.1%} of test tokens seen); holdout accuracy {acc:.4f}")
    out = sample.copy()
    m = pd.Series(pred.to_numpy(), index=ids.to_numpy())
    out["after"] = out["id"].astype(str).map(m).fillna(out["after"]).astype(object)
    submitter.submit(out, "memorised-rewrites+rules", acc)


# ---------------------------------------------------------------- ranking

def find_ranking(sample: pd.DataFrame):
    if len(sample.columns) != 2:
        return None
    id_col = sample.columns[0]
    first = str(sample.iloc[0, 1])
    if " " not in first.strip():
        return None
    for p, d in _tables().items():
        if id_col in d.columns and len(d) > len(sample) and d[id_col].isin(set(sample[id_col])).mean() > 0.05:
            items = [c for c in d.columns if c != id_col and d[c].astype(str).isin(set(first.split())).mean() > 0.01]
            if items:
                dates = [c for c in d.columns if "dat" in c.lower() or "time" in c.lower()]
                return d, items[0], (dates[0] if dates else None)
    return None


def solve_ranking(sample, found, metric, budget: Budget, submitter: Submitter) -> None:
    """Repeat purchases (most recent first, then most frequent), then what was popular lately."""
    log_df, item_col, date_col = found
    id_col = sample.columns[0]
    k = len(str(sample.iloc[0, 1]).split())
    d = log_df[[id_col, item_col] + ([date_col] if date_col else [])].copy()
    if date_col:
        d["_t"] = pd.to_datetime(d[date_col], errors="coerce")
        last = d["_t"].max()
        recent = d[d["_t"] > last - pd.Timedelta(days=7)]
    else:
        d["_t"] = np.arange(len(d))
        recent = d.iloc[-max(1, len(d) // 10):]
    popular = recent[item_col].value_counts().index.tolist()
    popular += [i for i in d[item_col].value_counts().index if i not in set(popular)]
    top = popular[:k]
    g = d.groupby([id_col, item_col]).agg(n=("_t", "size"), last=("_t", "max")).reset_index()
    g = g.sort_values([id_col, "last", "n"], ascending=[True, False, False])
    own = g.groupby(id_col)[item_col].apply(list).to_dict()
    preds = []
    for cust in sample[id_col].astype(str):
        items = own.get(cust, [])[:k]
        items += [i for i in top if i not in set(items)][: k - len(items)]
        preds.append(" ".join(map(str, items)))
    out = sample.copy()
    out[sample.columns[1]] = preds
    log(f"ranking: {sum(c in own for c in sample[id_col])} of {len(sample)} customers have history; "
        f"{k} items each from repeats then recent popularity")
    submitter.submit(out, "repeats+popular", None)
