#!/usr/bin/env bash
# Runs a matrix under every worker placement this machine can give and reports
# each assertion's verdicts side by side. An assertion whose verdict flips
# (passes under one placement, fails under another) is machine-specific: it
# belongs in a baseline gate, not in the default matrix. Exit 1 when one flips.
#
#   Benchmarks/Portability/portability.sh [--quick] [--out DIR] [MATRIX]
#
# Placements: any (the scheduler's choice), same (every worker on the first
# CPU), split (sender on the first CPU, receiver and wire on the second),
# same+busy and any+busy (a busy loop on the second CPU, started here and
# ended here by its process id).
set -euo pipefail
cd "$(dirname "$0")/../.."

netmatrix=${NETMATRIX:-.build/release/netmatrix}
matrix=Netns/matrix.yaml
out=".netmatrix/portability/$(date -u +%Y%m%d-%H%M%S)"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) extra+=(--quick) ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "portability.sh: unknown option $1" >&2; exit 2 ;;
    *) matrix="$1" ;;
  esac
  shift
done
[ -x "$netmatrix" ] || { echo "portability.sh: $netmatrix is missing; run 'make release' first" >&2; exit 2; }
[ -f "$matrix" ] || { echo "portability.sh: $matrix: no such matrix file" >&2; exit 2; }

read -r -a cpus <<<"$(python3 -c 'import os; print(*sorted(os.sched_getaffinity(0)))')"
if [ "${#cpus[@]}" -lt 2 ]; then
  echo "portability.sh: this process may use ${#cpus[@]} CPU; the placements need 2" >&2
  exit 4
fi
busy_cpu=${cpus[1]}
busy_pid=
stop_busy() {
  if [ -n "$busy_pid" ]; then kill "$busy_pid" 2>/dev/null || true; wait "$busy_pid" 2>/dev/null || true; busy_pid=; fi
}
trap stop_busy EXIT

mkdir -p "$out"
seed=$(date +%s)
for placement in any same split same+busy any+busy; do
  cpus_flag=${placement%+busy}
  if [ "$placement" != "$cpus_flag" ]; then
    taskset -c "$busy_cpu" sh -c 'while :; do :; done' &
    busy_pid=$!
  fi
  echo "portability.sh: $placement (seed $seed) -> $out/$placement" >&2
  status=0
  "$netmatrix" matrix "$matrix" "${extra[@]}" --cpus "$cpus_flag" --seed "$seed" --out "$out/$placement" \
    >"$out/$placement.log" 2>&1 || status=$?
  stop_busy
  echo "portability.sh: $placement exited $status" >&2
  echo "$status" >"$out/$placement.status"
done

python3 Benchmarks/Portability/compare.py "$out" any same split same+busy any+busy | tee "$out/portability.md"
