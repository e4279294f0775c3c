#!/usr/bin/env bash
# A self-contained demo of `imagemirror sync` on one machine, no internet needed:
#   1. starts three Distribution registries on 127.0.0.1:5501-5503 (Debian's docker-registry),
#   2. builds a two-platform image (OCI index) under tags v1.0.0, v1.1.0, v1.2.0-rc1 and latest and pushes it with skopeo,
#   3. runs `imagemirror sync -f examples/local/mirror.yaml` twice (cold, then a no-op),
#   4. checks with skopeo that every mirrored manifest is byte-identical to the source's.
# Needs: java 17, maven, and `apt-get install docker-registry skopeo` (done here when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/imagemirror-demo.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

if ! command -v docker-registry >/dev/null || ! command -v skopeo >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq docker-registry skopeo >/dev/null
  else
    echo "demo: needs docker-registry and skopeo: sudo apt-get install docker-registry skopeo" >&2; exit 2
  fi
fi
[ -f operator/target/imagemirror.jar ] || mvn -B -q -DskipTests package

for port in 5501 5502 5503; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo: 127.0.0.1:$port is already in use; the demo needs ports 5501-5503 free" >&2; exit 2
  fi
done
for port in 5501 5502 5503; do
  mkdir -p "$WORK/r$port"
  cat > "$WORK/r$port/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $WORK/r$port/data}}
http: {addr: 127.0.0.1:$port}
YAML
  docker-registry serve "$WORK/r$port/config.yml" > "$WORK/r$port/log" 2>&1 &
  PIDS+=($!)
done
for port in 5501 5502 5503; do
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
done

# An OCI layout with one layer per platform and a shared base layer, written by hand: no image builder needed.
L=$WORK/layout; mkdir -p "$L/blobs/sha256"
blob() { local d; d=$(sha256sum "$1" | cut -d' ' -f1); cp "$1" "$L/blobs/sha256/$d"; echo "$d"; }
layer() { # name content -> digest, diffid, size
  mkdir -p "$WORK/fs/$1"; printf '%s\n' "$2" > "$WORK/fs/$1/$1.txt"
  tar -C "$WORK/fs/$1" -cf "$WORK/$1.tar" . ; gzip -n -c "$WORK/$1.tar" > "$WORK/$1.tgz"
  echo "$(blob "$WORK/$1.tgz") $(sha256sum "$WORK/$1.tar" | cut -d' ' -f1) $(stat -c %s "$WORK/$1.tgz")"
}
read -r BASE BASE_DIFF BASE_SIZE < <(layer base "shared base layer")
entries=""
for arch in amd64 arm64; do
  read -r APP APP_DIFF APP_SIZE < <(layer "app-$arch" "hello from $arch")
  printf '{"architecture":"%s","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s","sha256:%s"]},"config":{}}' \
    "$arch" "$BASE_DIFF" "$APP_DIFF" > "$WORK/config-$arch.json"
  CFG=$(blob "$WORK/config-$arch.json"); CFG_SIZE=$(stat -c %s "$WORK/config-$arch.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s},{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$CFG" "$CFG_SIZE" "$BASE" "$BASE_SIZE" "$APP" "$APP_SIZE" > "$WORK/manifest-$arch.json"
  M=$(blob "$WORK/manifest-$arch.json"); M_SIZE=$(stat -c %s "$WORK/manifest-$arch.json")
  entries+="${entries:+,}{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$M\",\"size\":$M_SIZE,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}"
done
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' "$entries" > "$WORK/index.json"
IDX=$(blob "$WORK/index.json"); IDX_SIZE=$(stat -c %s "$WORK/index.json")
printf '{"imageLayoutVersion":"1.0.0"}' > "$L/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"demo"}}]}' "$IDX" "$IDX_SIZE" > "$L/index.json"
for tag in v1.0.0 v1.1.0 v1.2.0-rc1 latest; do
  skopeo copy -q --all --dest-tls-verify=false "oci:$L:demo" "docker://127.0.0.1:5501/demo/hello:$tag"
done

echo "== cold sync"
java -jar operator/target/imagemirror.jar sync -f examples/local/mirror.yaml
echo "== second sync (nothing to do)"
java -jar operator/target/imagemirror.jar sync -f examples/local/mirror.yaml
echo "== verify with skopeo"
for tag in v1.0.0 v1.1.0 latest; do
  src=$(skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:5501/demo/hello:$tag" | sha256sum | cut -d' ' -f1)
  for port in 5502 5503; do
    dst=$(skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$port/mirror/hello:$tag" | sha256sum | cut -d' ' -f1)
    [ "$src" = "$dst" ] || { echo "demo: MISMATCH $tag on $port" >&2; exit 1; }
    echo "  127.0.0.1:$port/mirror/hello:$tag sha256:$dst identical to the source"
  done
done
if skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:5502/mirror/hello:v1.2.0-rc1" >/dev/null 2>&1; then
  echo "demo: v1.2.0-rc1 should have been excluded" >&2; exit 1
fi
echo "demo: OK"
