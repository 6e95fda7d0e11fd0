#!/bin/sh
# The dummy agent: find the sample submission among the public files and submit it unchanged.
set -eu
echo "dummy agent on ${COMPETITION_ID} (time limit ${TIME_LIMIT_SECS}s)"
sample=$(find "${DATA_DIR:-/home/data}" -maxdepth 2 -iname '*sample*submission*.csv' | sort | head -n 1)
if [ -z "$sample" ]; then
  echo "no sample submission found in ${DATA_DIR:-/home/data}" >&2
  exit 1
fi
cp "$sample" "${SUBMISSION_DIR:-/home/submission}"/submission.csv
echo "copied $sample"
sh "${MLEBENCH_VALIDATE_SCRIPT:-/home/validate_submission.sh}" "${SUBMISSION_DIR:-/home/submission}"/submission.csv || true
echo "sample submission copied" > "${CODE_DIR:-/home/code}"/README.txt
