#!/usr/bin/env bash
# Whole-process cold start of `kombify validate` on a sample spec: JVM start, class loading,
# reading, validation and output, as a user experiences it.
#
#   benchmarks/cold-start.sh [SPEC] [RUNS]
#
# Build the command first: ./mvnw -B -q -DskipTests package
# Uses hyperfine when it is installed; otherwise times a plain loop and prints the same
# summary (mean, min, max, median). KOMBIFY_JAR and JAVA_OPTS override the defaults.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="${1:-$root/samples/specs/single-node-homelab.yaml}"
runs="${2:-20}"
jar="${KOMBIFY_JAR:-$root/server/target/kombify.jar}"
java_opts="${JAVA_OPTS:-}"

if [[ ! -f "$jar" ]]; then
  echo "cold-start: $jar not found; build it with ./mvnw -B -q -DskipTests package" >&2
  exit 2
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
cmd=(java $java_opts -jar "$jar" validate "$spec")
"${cmd[@]}" >/dev/null || { echo "cold-start: the command failed on $spec" >&2; exit 1; }

echo "command: ${cmd[*]}"
echo "runs: $runs (after 3 warm-up runs that fill the OS file cache)"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs "$runs" --shell=none "${cmd[*]}"
  exit 0
fi

for _ in 1 2 3; do "${cmd[@]}" >/dev/null; done
times=()
for ((i = 0; i < runs; i++)); do
  start=$(date +%s%N)
  "${cmd[@]}" >/dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
printf '%s\n' "${times[@]}" | sort -n | awk '
  { t[NR] = $1; sum += $1 }
  END {
    median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "wall time (ms): mean %.0f, median %.0f, min %d, max %d over %d runs\n", sum / NR, median, t[1], t[NR], NR
  }'
