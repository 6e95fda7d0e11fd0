"""Table tasks: a test table with the sample's ids and a train table with the targets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from common import Budget, Submitter, log, read_table, table_files
from tabular import Target, display_metric, fit_target, prepare_inputs

TABLE_EXT = {".csv", ".parquet", ".pq"}


def _headers() -> dict:
    out = {}
    for p in table_files():
        if "sample" not in p.name.lower():
            try:
                out[p] = list(read_table(p, nrows=5).columns) if ".csv" in p.name else list(read_table(p).columns)
            except Exception:
                continue
    return out


def find(sample: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str] | None:
    """(train, test, label_column_or_empty) when the task is a table one."""
    id_col, targets = sample.columns[0], list(sample.columns[1:])
    heads = _headers()
    sample_ids = set(sample[id_col].astype(str))
    tests = []
    for p, cols in heads.items():
        if id_col in cols and not set(targets) <= set(cols):
            df = read_table(p, dtype={id_col: str}) if ".csv" in p.name else read_table(p)
            overlap = df[id_col].astype(str).isin(sample_ids).mean() if len(df) else 0
            if overlap > 0.9 and df[id_col].astype(str).nunique() >= 0.99 * len(sample_ids):
                tests.append((("test" not in p.name.lower()), p, df))
    if not tests:
        return None
    _, test_path, test = sorted(tests, key=lambda t: (t[0], str(t[1])))[0]
    feats = [c for c in test.columns if c != id_col]
    for p, cols in sorted(heads.items(), key=lambda kv: ("train" not in kv[0].name.lower(), str(kv[0]))):
        if p == test_path or not set(feats) & set(cols):
            continue
        if set(targets) <= set(cols):
            return read_table(p), test, ""
        df = read_table(p)
        for c in cols:
            if c in feats or df[c].dtype.kind == "f":
                continue
            vals = set(df[c].dropna().astype(str).unique())
            if 2 <= len(vals) <= len(targets) and vals <= {str(t) for t in targets}:
                return df, test, c
    return None


def _integral(s: pd.Series) -> bool:
    v = pd.to_numeric(s, errors="coerce")
    return bool(v.notna().all() and np.allclose(v, np.round(v)))


MAX_CLASSES = 50  # one model per class: more (every distinct tag set of 6,000 posts) exhausts memory


def build_targets(train: pd.DataFrame, sample: pd.DataFrame, label: str, metric: str | None) -> list[tuple[Target, np.ndarray]]:
    """Each target with the mask of train rows that have it."""
    targets = list(sample.columns[1:])
    if label:
        classes = np.array(targets, dtype=object)
        lab = train[label].astype(str)
        mask = lab.isin(classes).to_numpy()
        y = pd.Categorical(lab[mask], categories=[str(t) for t in targets]).codes.astype(int)
        return [(Target("multiclass", y, classes, "proba", targets), mask)]
    out = []
    for col in targets:
        ys = train[col]
        mask = ys.notna().to_numpy()
        ys = ys[mask]
        num = pd.to_numeric(ys, errors="coerce")
        sample_int = _integral(sample[col].dropna()) if sample[col].notna().any() else False
        if num.isna().any():  # string labels; free text (tag sets, strings) has thousands: the commonest only
            counts = ys.astype(str).value_counts(sort=True)
            classes = np.array(sorted(counts.index[:MAX_CLASSES]), dtype=object)
            kept = ys.astype(str).isin(classes).to_numpy()
            mask = mask.copy()
            mask[np.flatnonzero(mask)[~kept]] = False
            y = pd.Categorical(ys.astype(str)[kept], categories=classes).codes.astype(int)
            out.append((Target("multiclass", y, classes, "label", [col]), mask))
            continue
        uniq = np.unique(num)
        labelish = metric in ("accuracy", "f1", "qwk") or (metric is None and sample_int)
        if len(uniq) <= 2 and set(uniq) <= {0, 1}:
            y = num.to_numpy().astype(int)
            out.append((Target("binary", y, np.array([0, 1]), "label" if labelish else "proba", [col]), mask))
        elif _integral(num) and len(uniq) <= 30 and labelish:
            y = np.searchsorted(uniq, num.to_numpy())
            out.append((Target("multiclass", y, uniq, "label", [col]), mask))
        else:
            out.append((Target("regression", num.to_numpy(float), None, "value", [col]), mask))
    return out


def solve(sample: pd.DataFrame, found, metric: str | None, budget: Budget, submitter: Submitter) -> None:
    train, test, label = found
    id_col = sample.columns[0]
    test_ids = pd.Index(test[id_col].astype(str))
    pos = test_ids.get_indexer(sample[id_col].astype(str))
    missing = pos < 0
    log(f"table task: train {train.shape}, test {test.shape}, label column {label or '(sample columns)'}, metric {metric}")
    targets = build_targets(train, sample, label, metric)
    drop = set(sample.columns) | ({label} if label else set())
    drop |= {c for c in train.columns if c not in test.columns}
    x, xt = prepare_inputs(train, test, drop, budget)
    current = sample.copy()
    for j, (t, mask) in enumerate(targets):
        share = 1.0 / (len(targets) - j)
        log(f"target {t.columns if len(t.columns) < 5 else len(t.columns)}: {t.kind}, output {t.output}, "
            f"{mask.sum()} rows")

        def write(pred, s, name, t=t):
            fill(current, t, pred, pos, missing)
            submitter.submit(current, f"{name}[{','.join(map(str, t.columns[:3]))}]", display_metric(metric, s))

        pred, s, name = fit_target(t, x[mask], xt, metric, budget, share, on_improve=write)
        write(pred, s, name)


def fill(current: pd.DataFrame, t: Target, pred: np.ndarray, pos: np.ndarray, missing: np.ndarray) -> None:
    p = pred[np.where(missing, 0, pos)]
    if t.kind == "regression":
        vals = p
    elif t.output == "label":
        vals = t.classes[p.argmax(1)]
    elif t.columns and len(t.columns) > 1:
        p = np.clip(p, 1e-6, 1)
        p = p / p.sum(1, keepdims=True)
        for k, c in enumerate(t.columns):
            current.loc[~missing, c] = p[~missing, k]
        return
    else:
        vals = p[:, 1] if p.shape[1] == 2 else p.max(1)
    col = t.columns[0]
    if t.output == "label" and pd.api.types.is_numeric_dtype(current[col]):
        vals = pd.to_numeric(pd.Series(vals), errors="coerce").to_numpy()
    elif not pd.api.types.is_numeric_dtype(current[col]) or t.output == "label":
        current[col] = current[col].astype(object)
    elif t.kind != "regression" or not pd.api.types.is_float_dtype(current[col]):
        current[col] = current[col].astype(float)
    current.loc[~missing, col] = np.asarray(vals)[~missing]
