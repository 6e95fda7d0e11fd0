#!/usr/bin/env bash
# MLE-bench quick start: set up, prepare the offline suite's quick split, run a built-in agent on it
# in the bubblewrap sandbox, grade, and print the report. Needs Linux, Python >= 3.11 and (for the
# sandbox) bubblewrap; installs what is missing when run as root or with sudo.
#   AGENT=dummy SPLIT=offline SEEDS=2 TIME_LIMIT=10m bash scripts/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."
AGENT="${AGENT:-baseline}"
SPLIT="${SPLIT:-offline-lite}"
SEEDS="${SEEDS:-1}"
TIME_LIMIT="${TIME_LIMIT:-5m}"
DATA_DIR="${MLEBENCH_DATA_DIR:-$HOME/.cache/mle-bench/data}"

if ! command -v bwrap >/dev/null 2>&1; then
  echo "installing bubblewrap (the sandbox) …"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq bubblewrap
fi
# The harness from its lock (pinned versions, hashes checked), then the project itself.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --require-hashes -r requirements/harness.lock
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
MLB=.venv/bin/mlebench

$MLB prepare --split "$SPLIT" --data-dir "$DATA_DIR"
GROUP="quickstart-$(date +%Y%m%d-%H%M%S)-$AGENT"
$MLB run --agent "$AGENT" --split "$SPLIT" --seeds "$SEEDS" --time-limit "$TIME_LIMIT" \
  --data-dir "$DATA_DIR" --run-group "$GROUP" --concurrency "${CONCURRENCY:-1}"
$MLB report "runs/$GROUP" --html "runs/$GROUP/report.html"
echo "HTML report: runs/$GROUP/report.html"
