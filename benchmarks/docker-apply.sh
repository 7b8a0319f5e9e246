#!/usr/bin/env bash
# Whole-process apply of a stack of N containers on the local Docker Engine with the Docker
# provider plugin, once per parallelism: `kombify apply --auto-approve --parallelism P`, timed from
# the command's start to its end (JVM start, plugin load, plan, apply), then destroyed untimed.
#
#   benchmarks/docker-apply.sh [CONTAINERS] [RUNS] [PARALLELISM...]     (default: 50 3 1 8)
#
# Build the command and the plugin first: ./mvnw -B -q -DskipTests package
# KOMBIFY_JAR and PLUGIN_ZIP override where they are looked for. Needs a running Docker Engine
# (DOCKER_HOST or the local socket) and a static busybox at /bin/busybox (Debian: busybox-static):
# the containers run an image built here FROM scratch, so nothing is pulled.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
containers="${1:-50}"
runs="${2:-3}"
shift $(( $# > 2 ? 2 : $# ))
parallelisms=("$@")
((${#parallelisms[@]} > 0)) || parallelisms=(1 8)
jar="${KOMBIFY_JAR:-$root/server/target/kombify.jar}"
zip="${PLUGIN_ZIP:-$(ls "$root"/plugins/docker/target/kombify-docker-*-plugin.zip 2>/dev/null | head -1)}"
image="kombify-bench/busybox:1"

die() { echo "docker-apply: $*" >&2; exit 2; }
[[ -f "$jar" ]] || die "$jar not found; build it with ./mvnw -B -q -DskipTests package"
[[ -n "$zip" && -f "$zip" ]] || die "the docker plugin archive was not found; build it with ./mvnw -B -q -DskipTests package"
docker info >/dev/null 2>&1 || die "no Docker Engine answers; start dockerd or set DOCKER_HOST"

work="$(mktemp -d)"
stack=""
# On any exit, what the run in progress left on the engine goes too (everything labelled with its
# stack); a network the engine will not release is named, since only a daemon restart frees it.
cleanup() {
  if [[ -n "$stack" ]]; then
    local ids
    ids=$(docker ps -aq --filter "label=kombify.io/stack=$stack")
    [[ -z "$ids" ]] || docker rm -f -v $ids >/dev/null 2>&1 || true
    for n in $(docker network ls -q --filter "label=kombify.io/stack=$stack"); do
      docker network rm "$n" >/dev/null 2>&1 || echo "docker-apply: the engine keeps network $n of $stack (restart dockerd to free it)" >&2
    done
    ids=$(docker volume ls -q --filter "label=kombify.io/stack=$stack")
    [[ -z "$ids" ]] || docker volume rm $ids >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! docker image inspect "$image" >/dev/null 2>&1; then
  [[ -x /bin/busybox ]] || die "no static busybox at /bin/busybox (Debian: apt-get install busybox-static)"
  mkdir "$work/image"
  cp /bin/busybox "$work/image/busybox"
  cat >"$work/image/Dockerfile" <<'EOF'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
EOF
  # The same image as io.kombify.sim.docker.BusyboxImage builds for the tests, with its label.
  DOCKER_BUILDKIT=0 docker build -q --network none --label io.kombify.busybox-image=true -t "$image" "$work/image" >/dev/null 2>&1 \
    || die "could not build $image"
fi

java -jar "$jar" plugins install "$zip" --plugins-dir "$work/plugins" >/dev/null

# A stack of $containers services on one local node: every service has two environment variables,
# CPU and memory limits and a command that stops at once; every fifth has a volume; every service
# after the first of a group of ten needs the group's first.
spec() {
  local name="$1"
  cat <<EOF
name: $name
nodes:
  - name: home
    type: main
    provider: local
security:
  firewall:
    enabled: false
services:
  - {name: traefik, type: reverse-proxy, enabled: false}
  - {name: dockge, type: docker, enabled: false}
  - {name: dozzle, type: monitoring, enabled: false}
  - {name: beszel, type: monitoring, enabled: false}
EOF
  for ((i = 1; i <= containers; i++)); do
    cat <<EOF
  - name: svc-$i
    type: custom
    node: home
    config:
      image: $image
      command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    environment: {INDEX: "$i", MODE: bench}
    resources: {cpuLimit: "0.1", memoryLimit: 16Mi}
EOF
    if ((i % 5 == 0)); then
      printf '    volumes:\n      - {name: data, mountPath: /data}\n'
    fi
    if ((i % 10 != 1)); then
      printf '    needs: [svc-%d]\n' $(( (i - 1) / 10 * 10 + 1 ))
    fi
  done
}

kombify() { java -jar "$jar" "$@" --plugins-dir "$work/plugins" --provider-setting docker.stopTimeout=1; }

echo "command: java -jar $jar apply SPEC --auto-approve --parallelism P (plugin $(basename "$zip"))"
echo "containers: $containers, runs per parallelism: $runs, machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for p in "${parallelisms[@]}"; do
  times=()
  for ((r = 1; r <= runs; r++)); do
    stack="bench-$$-p$p-r$r"
    spec "$stack" >"$work/$stack.yaml"
    start=$(date +%s%N)
    kombify apply "$work/$stack.yaml" --auto-approve --parallelism "$p" --state-dir "$work/$stack" >"$work/out.txt" 2>&1 \
      || { cat "$work/out.txt" >&2; die "the apply at parallelism $p failed"; }
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
    running=$(docker ps -q --filter "label=kombify.io/stack=$stack" | wc -l)
    ((running == containers)) || die "$running of $containers containers run after the apply at parallelism $p"
    if ! kombify destroy "$work/$stack.yaml" --auto-approve --state-dir "$work/$stack" >"$work/out.txt" 2>&1; then
      # Docker Engine 20.10 sometimes keeps counting an endpoint on a network nobody uses (see docs/providers.md):
      # the network stays until the daemon restarts; the measurement is not affected.
      grep -q DOCKER_NETWORK_STUCK "$work/out.txt" || { cat "$work/out.txt" >&2; die "the destroy of $stack failed"; }
      echo "note: the engine kept network $stack-home (DOCKER_NETWORK_STUCK)"
    fi
    stack=""
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v p="$p" '
    { t[NR] = $1; sum += $1 }
    END {
      median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "parallelism %2d: wall time (ms) median %.0f, mean %.0f, min %d, max %d over %d runs\n", p, median, sum / NR, t[1], t[NR], NR
    }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
