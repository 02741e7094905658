#!/usr/bin/env bash
# Process start-up of the published `compass` CLI: wall-clock time of whole commands, as a user feels it.
#
#   benchmarks/startup.sh                 # publish samples/Compass.Cli (Release) to a temp folder, then time it
#   benchmarks/startup.sh --no-publish DIR   # time an existing publish folder (DIR/compass)
#   RUNS=15 benchmarks/startup.sh         # more runs per command (default 11)
#   benchmarks/startup.sh --compare DIR1 DIR2 [DIR...]   # several publish folders, interleaved (one run of each in
#                                                         # turn), so that they see the same load on a shared machine
#
# Each command runs once untimed (to warm the OS file cache), then RUNS times; the script prints the median and the
# minimum wall time in milliseconds (measured with `date +%s%N` around the process). On a shared or busy machine the
# median moves with the load; the minimum is the better estimate of the uncontended cost. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-11}

median_min() { # reads numbers, prints "median min"
  sort -n | awk '{ a[NR] = $1 } END { printf "%d %d\n", a[int((NR + 1) / 2)], a[1] }'
}

if [[ "${1:-}" == "--compare" ]]; then
  shift
  (($# >= 2)) || { echo "usage: startup.sh --compare DIR1 DIR2 [DIR...]" >&2; exit 1; }
  for dir in "$@"; do [[ -x "$dir/compass" ]] || { echo "no executable at $dir/compass" >&2; exit 1; }; done
  compare() {
    local label=$1
    shift
    local -A samples=()
    for dir in "${dirs[@]}"; do "$dir/compass" "$@" >/dev/null 2>&1 || true; done
    for ((i = 0; i < runs; i++)); do
      for dir in "${dirs[@]}"; do
        local start end
        start=$(date +%s%N)
        "$dir/compass" "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        samples[$dir]+="$(((end - start) / 1000000)) "
      done
    done
    for dir in "${dirs[@]}"; do
      read -r median min < <(tr ' ' '\n' <<<"${samples[$dir]}" | grep . | median_min)
      printf '| %-44s | %-28s | %6d | %6d | %4d |\n' "$label" "$dir" "$median" "$min" "$runs"
    done
  }
  dirs=("$@")
  echo "| Command | Build | Median ms | Min ms | Runs |"
  echo "| --- | --- | ---: | ---: | ---: |"
  compare "compass catalog gpus" catalog gpus
  compare "compass plan \"customer service chatbot…\"" plan "customer service chatbot for 5000 users, low latency"
  echo
  echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $runs interleaved rounds, $(date -u +%Y-%m-%d))"
  exit 0
fi

if [[ "${1:-}" == "--no-publish" ]]; then
  out=${2:?usage: startup.sh --no-publish DIR}
else
  out=${1:-$(mktemp -d /tmp/compass-startup.XXXXXX)}
  dotnet publish samples/Compass.Cli -c Release -o "$out" -nologo -v quiet >/dev/null
fi

exe="$out/compass"
[[ -x "$exe" ]] || { echo "no executable at $exe" >&2; exit 1; }

time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

measure() {
  local label=$1
  shift
  "$@" >/dev/null 2>&1 || true
  local samples=()
  for ((i = 0; i < runs; i++)); do
    samples+=("$(time_ms "$@")")
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { a[NR] = $1 }
    END { printf "| %-44s | %6d | %6d | %6d |\n", label, a[int((n + 1) / 2)], a[1], n }'
}

echo "| Command | Median ms | Min ms | Runs |"
echo "| --- | ---: | ---: | ---: |"
measure "compass --version" "$exe" --version
measure "compass catalog gpus" "$exe" catalog gpus
measure "compass catalog models" "$exe" catalog models
measure "compass plan \"customer service chatbot…\"" "$exe" plan "customer service chatbot for 5000 users, low latency"
measure "compass plan … --json" "$exe" plan "customer service chatbot for 5000 users, low latency" --json
echo
echo "($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(dotnet --list-runtimes | grep -m1 NETCore.App | cut -d' ' -f2) runtime, $runs runs each, $(date -u +%Y-%m-%d))"
