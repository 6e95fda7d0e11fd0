import pandas as pd

from mlebench.grading.metrics import root_mean_squared_error
from mlebench.grading.submission import align

KEY = "key"


def canonical_keys(keys: pd.Series) -> pd.Series:
    """Keys as Kaggle writes them ('2014-01-01 13:52:18.0000001').

    The pyarrow CSV reader parses such keys into timestamps while pandas' default reader keeps
    them as text; both forms must name the same ride. Text that is not a key is kept as it is.
    """
    if pd.api.types.is_datetime64_any_dtype(keys):
        when, text = keys, None
    else:
        text = keys.astype(str)
        when = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S.%f", errors="coerce")
    ticks = when.dt.microsecond * 10 + when.dt.nanosecond // 100  # 7 digits of 100 ns
    out = when.dt.strftime("%Y-%m-%d %H:%M:%S") + "." + ticks.astype("Int64").astype(str).str.zfill(7)
    return out if text is None else out.where(when.notna(), text)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sub, ans = submission.copy(), answers.copy()
    if KEY in sub.columns:
        sub[KEY] = canonical_keys(sub[KEY])
    ans[KEY] = canonical_keys(ans[KEY])
    sub, ans = align(sub, ans, id_column=KEY, target_columns=["fare_amount"], numeric=True)
    return root_mean_squared_error(ans["fare_amount"], sub["fare_amount"])
