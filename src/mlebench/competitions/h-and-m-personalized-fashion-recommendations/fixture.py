"""Raw files laid out like Kaggle's h-and-m-personalized-fashion-recommendations download (tiny, synthetic).

``articles.csv`` (25 columns, article ids written with Kaggle's leading zero: ``0108775015``),
``customers.csv`` (customer_id, FN, Active, club_member_status, fashion_news_frequency, age,
postal_code), ``transactions_train.csv`` (t_dat, customer_id, article_id, price,
sales_channel_id; daily purchases over three weeks, repeats included), ``sample_submission.csv``
(every customer, the same 12 articles) and ``images/<first 3 digits>/<article_id>.jpg`` (not for
every article). Customer ids are 64 hex digits.
"""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

N_ARTICLES, N_CUSTOMERS, N_TRANSACTIONS = 30, 40, 400


def _articles(rng: np.random.Generator) -> pd.DataFrame:
    codes = np.sort(rng.choice(np.arange(108775, 959461), size=N_ARTICLES, replace=False))
    ids = [f"0{c}{int(v):03d}" for c, v in zip(codes, rng.integers(1, 60, size=N_ARTICLES))]
    pick = lambda options: rng.choice(options, size=N_ARTICLES)  # noqa: E731
    return pd.DataFrame({
        "article_id": ids, "product_code": [f"0{c}" for c in codes],
        "prod_name": pick(["Strap top", "OP T-shirt (Idro)", "Timeless Skirt"]),
        "product_type_no": pick([253, 272, 306]), "product_type_name": pick(["Vest top", "Trousers", "Bra"]),
        "product_group_name": pick(["Garment Upper body", "Underwear"]), "graphical_appearance_no": 1010016,
        "graphical_appearance_name": "Solid", "colour_group_code": pick([9, 10, 11]),
        "colour_group_name": pick(["Black", "White", "Off White"]), "perceived_colour_value_id": 4,
        "perceived_colour_value_name": "Dark", "perceived_colour_master_id": 5, "perceived_colour_master_name": "Black",
        "department_no": 1676, "department_name": "Jersey Basic", "index_code": "A", "index_name": "Ladieswear",
        "index_group_no": 1, "index_group_name": "Ladieswear", "section_no": 16,
        "section_name": "Womens Everyday Basics", "garment_group_no": 1002, "garment_group_name": "Jersey Basic",
        "detail_desc": pick(["Jersey top with narrow shoulder straps.", "Microfibre T-shirt bra, with \"lace\"."]),
    })


def make_raw(raw: Path) -> None:
    rng = np.random.default_rng(2022)
    articles = _articles(rng)
    articles.to_csv(raw / "articles.csv", index=False)
    customers = ["".join(rng.choice(list("0123456789abcdef"), size=64)) for _ in range(N_CUSTOMERS)]
    pd.DataFrame({
        "customer_id": customers, "FN": np.where(rng.random(N_CUSTOMERS) < 0.4, 1.0, np.nan),
        "Active": np.where(rng.random(N_CUSTOMERS) < 0.3, 1.0, np.nan),
        "club_member_status": rng.choice(["ACTIVE", "PRE-CREATE"], size=N_CUSTOMERS),
        "fashion_news_frequency": rng.choice(["NONE", "Regularly"], size=N_CUSTOMERS),
        "age": rng.integers(16, 80, size=N_CUSTOMERS).astype(float),
        "postal_code": ["".join(rng.choice(list("0123456789abcdef"), size=64)) for _ in range(N_CUSTOMERS)],
    }).to_csv(raw / "customers.csv", index=False)

    days = pd.date_range("2020-09-01", "2020-09-22").strftime("%Y-%m-%d")
    popular = rng.random(N_ARTICLES) ** 3
    tx = pd.DataFrame({
        "t_dat": np.sort(rng.choice(days, size=N_TRANSACTIONS)),
        "customer_id": rng.choice(customers[:-5], size=N_TRANSACTIONS),  # five customers never buy
        "article_id": rng.choice(articles["article_id"], size=N_TRANSACTIONS, p=popular / popular.sum()),
        "price": np.round(rng.integers(5, 60, size=N_TRANSACTIONS) / 1180, 16),
        "sales_channel_id": rng.choice([1, 2], size=N_TRANSACTIONS),
    })
    tx = pd.concat([tx, tx.iloc[[-1]]], ignore_index=True)  # a repeated purchase, as in Kaggle's data
    tx.to_csv(raw / "transactions_train.csv", index=False)
    top = " ".join(articles["article_id"].iloc[:12])
    pd.DataFrame({"customer_id": customers, "prediction": top}).to_csv(raw / "sample_submission.csv", index=False)
    for article in articles["article_id"].iloc[::2]:
        folder = raw / "images" / article[:3]
        folder.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        Image.fromarray(rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)).save(buf, format="JPEG")
        (folder / f"{article}.jpg").write_bytes(buf.getvalue())
