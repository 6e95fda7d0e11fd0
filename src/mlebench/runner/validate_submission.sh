#!/bin/sh
# Ask the validation service whether a submission would be graded (it never returns a score).
# Usage: sh /home/validate_submission.sh [/home/submission/submission.csv]
# Prints the service's JSON answer. Exit status: 0 when it answered (valid or not: read "valid"),
# 3 when rate-limited (retry after the seconds it says), 1 for any other failure.
file="${1:-/home/submission/submission.csv}"
url="${MLEBENCH_VALIDATION_URL:-http://localhost:5000/validate}"
if [ ! -f "$file" ]; then
  echo "no such file: $file" >&2
  exit 2
fi
if command -v curl >/dev/null 2>&1; then
  reply=$(curl -s -w '\n%{http_code}' -X POST -F "file=@${file}" "$url")
  code=${reply##*
}
  printf '%s\n' "${reply%
*}"
  case "$code" in
    200) exit 0 ;;
    429) echo "rate-limited: wait and retry" >&2; exit 3 ;;
    *) echo "validation request failed (HTTP ${code:-none})" >&2; exit 1 ;;
  esac
fi
exec python3 - "$file" "$url" <<'PY'
import sys, urllib.error, urllib.request
data = open(sys.argv[1], "rb").read()
req = urllib.request.Request(sys.argv[2], data=data, headers={"Content-Type": "text/csv"})
try:
    print(urllib.request.urlopen(req, timeout=600).read().decode())
except urllib.error.HTTPError as e:
    print(e.read().decode())
    if e.code == 429:
        print("rate-limited: wait and retry", file=sys.stderr)
        sys.exit(3)
    print(f"validation request failed (HTTP {e.code})", file=sys.stderr)
    sys.exit(1)
except OSError as e:
    print(f"validation request failed: {e}", file=sys.stderr)
    sys.exit(1)
PY
