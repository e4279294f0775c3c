#!/usr/bin/env bash
# The imagemirror benchmark: imagemirror sync against skopeo sync on loopback Distribution registries.
#
#   bash bench/run.sh            # default sizes: 400 MiB cold fixture, 1,000-tag no-op, 2 GiB layer (~10 min, 2 cores)
#   bash bench/run.sh --quick    # a quick look: 50 MiB cold fixture, 200-tag no-op, 256 MiB layer, no repeats;
#                                #   over the WAN a 16 MiB cold fixture and a 20-tag no-op (a few minutes)
#
# The WAN scenario runs first and leads the results: the source and both targets behind user-space shaped links
# (latency and bandwidth caps, bench/src/.../WanProfiles.java); its default no-op runs at 300 and 1,000 tags take
# long (skopeo pays every round trip one after the other: expect an hour or more).
#
# Prints a markdown table on stdout and writes it into docs/benchmarks.md (between its markers).
# Needs Java 17 and Maven; installs docker-registry, skopeo and time (for /usr/bin/time -v) with apt-get when
# missing and running as root. Builds the project and the benchmark first (BENCH_SKIP_BUILD=1 to skip).
#
# Sizes and knobs (environment variables; the defaults in brackets):
#   BENCH_SIZE_MIB [400]     unique bytes of the cold-sync fixture     BENCH_TAGS [12]   its multi-arch tags
#   BENCH_NOOP_TAGS [1000]   tags of the no-op fixture                 BENCH_NOOP_DISTINCT [10] distinct manifests
#   BENCH_SMALL_MIB [64]     baseline layer of the memory scenario     BENCH_BIG_MIB [2048] its big layer
#   BENCH_CONCURRENCY [10]   the ImageMirror spec's concurrency        BENCH_REPEATS [3] runs per variant (median)
#   BENCH_WAN_SIZE_MIB [64]  WAN cold fixture                          BENCH_WAN_TAGS [8] its tags
#   BENCH_WAN_NOOP_TAGS [300,1000]  tag counts of the WAN no-op runs (one run each, no repeats)
#   BENCH_WAN_VARIANTS [all]  WAN variants to run: imagemirror, skopeo-sequential, skopeo-parallel (comma separated)
#   BENCH_SKIP               scenarios to leave out: wan, wan-cold, wan-noop, cold, noop, memory (comma separated)
#   BENCH_CDS [on]           off: imagemirror runs without bin/imagemirror's class data archive (on: a training sync
#                            makes it before the measured runs, as a user's second and later runs have it)
#   BENCH_IDLE_LOAD          e.g. 1.0: first wait (up to 15 min) for the 1-minute load average to drop below it
#   BENCH_DOC [docs/benchmarks.md]  BENCH_WORK [bench/target/runs] (every process's output, per run)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--quick" ]; then
  export BENCH_SIZE_MIB=${BENCH_SIZE_MIB:-50} BENCH_NOOP_TAGS=${BENCH_NOOP_TAGS:-200} BENCH_BIG_MIB=${BENCH_BIG_MIB:-256} \
         BENCH_REPEATS=${BENCH_REPEATS:-1} BENCH_WAN_SIZE_MIB=${BENCH_WAN_SIZE_MIB:-16} BENCH_WAN_TAGS=${BENCH_WAN_TAGS:-4} \
         BENCH_WAN_NOOP_TAGS=${BENCH_WAN_NOOP_TAGS:-20}
elif [ $# -gt 0 ]; then
  echo "usage: bash bench/run.sh [--quick]   (sizes via BENCH_* variables, see the top of this file)" >&2
  exit 2
fi

missing=()
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
[ -x /usr/bin/skopeo ] || missing+=(skopeo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench: needs ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "bench: building imagemirror and the benchmark" >&2
  mvn -B -q -DskipTests install
  mvn -B -q -f bench/pom.xml package
fi

exec java -Xmx512m -jar bench/target/imagemirror-bench.jar
