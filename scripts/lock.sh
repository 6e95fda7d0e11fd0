#!/usr/bin/env bash
# Regenerate the committed locks (pinned versions with sha256 hashes of every wheel and sdist):
#   requirements/harness.lock                   the harness: pyproject.toml's dependencies with the
#                                               extras dev, ray, docker, kaggle, integrity, inspect,
#                                               plus pip/setuptools
#   src/mlebench/runner/agent-requirements*.txt the agents' environment, one lock per profile, from
#                                               the .in file of the same name (top-level names)
# All are universal (any OS/architecture, Python >= 3.11): one file serves Linux x86_64 and aarch64.
#
#   bash scripts/lock.sh              keep the current pins; only follow changes of the inputs
#   bash scripts/lock.sh --upgrade    take the newest releases the inputs allow
#   bash scripts/lock.sh --upgrade-package pandas   newest of one package only
#
# After a change of the harness lock, rebuild the offline suite's reference leaderboards in a venv
# made from it (`python -m mlebench.offline.reference`) and commit both together.
# uv does the resolving; it lives in its own venv (not in the project's dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
TOOLS="${MLEBENCH_LOCK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/mle-bench/lock-tools}"
if ! "$TOOLS/bin/uv" --version 2>/dev/null | grep -qF "uv $UV_VERSION"; then
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q "uv==$UV_VERSION"
fi
export UV_CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh"
compile=("$TOOLS/bin/uv" pip compile --universal --python-version 3.11 --generate-hashes --quiet
         "$@")

"${compile[@]}" pyproject.toml requirements/build.in \
  --extra dev --extra ray --extra docker --extra kaggle --extra integrity --extra inspect -o requirements/harness.lock
echo "written: requirements/harness.lock"
# One lock per profile of the agents' environment: agent-requirements.in (minimal),
# agent-requirements-<profile>.in (e.g. v1); `mlebench env build --profile NAME` installs it.
# A line `# lock-options: ...` in an .in file adds options for that profile (e.g. --exclude-newer, or
# --override FILE as v1-gpu's agent-requirements-v1-gpu.overrides; paths from the repository root).
# `mlebench env build` installs a lock with the same uv (its version and wheel hashes: runner/env.py).
for input in src/mlebench/runner/agent-requirements*.in; do
  read -r -a options <<<"$(sed -n 's/^# lock-options: //p' "$input")"
  "${compile[@]}" "${options[@]}" "$input" -o "${input%.in}.txt"
  echo "written: ${input%.in}.txt"
done
