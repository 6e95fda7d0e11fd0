#!/bin/sh
# Ask the validation service whether a submission would be graded (it never returns a score).
# Usage: sh /home/validate_submission.sh [/home/submission/submission.csv]
file="${1:-/home/submission/submission.csv}"
url="${MLEBENCH_VALIDATION_URL:-http://localhost:5000/validate}"
if [ ! -f "$file" ]; then
  echo "no such file: $file" >&2
  exit 2
fi
if command -v curl >/dev/null 2>&1; then
  curl -s -X POST -F "file=@${file}" "$url"
else
  python3 - "$file" "$url" <<'PY'
import sys, urllib.request
data = open(sys.argv[1], "rb").read()
req = urllib.request.Request(sys.argv[2], data=data, headers={"Content-Type": "text/csv"})
print(urllib.request.urlopen(req).read().decode())
PY
fi
echo
