"""The offline suite: competitions whose raw files come from generators and pip-shipped datasets,
so the whole benchmark runs with no Kaggle account and no network."""
