"""Getting data: raw downloads (Kaggle or generators), preparation, checksums, leaderboards."""
