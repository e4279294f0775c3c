#!/usr/bin/env bash
# Packages the chart of a release and pushes it to the OCI registry the docs install from:
#
#   charts/publish.sh VERSION IMAGE_DIGEST
#
#   VERSION       the release, e.g. 0.1.0 (no leading v): becomes the chart's `version` and `appVersion`.
#   IMAGE_DIGEST  the digest of ghcr.io/hagicode/imagemirror:VERSION (sha256:...), as the image push printed it:
#                 written into the packaged values.yaml as image.digest, so the chart runs exactly that image even if
#                 the tag is moved later.
#
# Needs Helm 3.8 or newer on PATH, logged in to the registry (in CI:
# `echo "$TOKEN" | helm registry login ghcr.io -u "$ACTOR" --password-stdin`). Pushes to
# oci://ghcr.io/hagicode/charts/imagemirror:VERSION; set CHART_REGISTRY to push elsewhere (the chart name is appended
# by Helm). The packaged .tgz is left in OUT_DIR (default: a new temporary directory), whose path is printed.
#
#   charts/publish.sh --stage DIR VERSION IMAGE_DIGEST
#
# only writes the chart as it would be packaged into DIR/imagemirror, without Helm: what ChartPublishTest checks
# offline (it then packages and renders that folder with real Helm).
set -euo pipefail

CHART_REGISTRY="${CHART_REGISTRY:-oci://ghcr.io/hagicode/charts}"
CHART_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/imagemirror" && pwd)"

usage() {
  echo "usage: charts/publish.sh VERSION IMAGE_DIGEST" >&2
  echo "       charts/publish.sh --stage DIR VERSION IMAGE_DIGEST" >&2
  exit 2
}

fail() {
  echo "charts/publish.sh: $*" >&2
  exit 2
}

# Replaces the one line of FILE matching PATTERN (an extended regex) with LINE; fails unless exactly one line matches,
# so that a reworded Chart.yaml or values.yaml stops the release instead of shipping a chart without the change.
replace_line() {
  local file="$1" pattern="$2" line="$3" count
  count="$(grep -cE "$pattern" "$file" || true)"
  [[ "$count" == 1 ]] || fail "expected exactly one line matching '$pattern' in $file, found $count"
  awk -v pattern="$pattern" -v line="$line" '$0 ~ pattern { print line; next } { print }' "$file" > "$file.new"
  mv "$file.new" "$file"
}

# Copies the chart to DIR/imagemirror with the release's version, appVersion and image digest.
stage() {
  local dir="$1" version="$2" digest="$3"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] \
    || fail "VERSION '$version' is not a semantic version such as 0.1.0 (no leading v)"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] \
    || fail "IMAGE_DIGEST '$digest' is not sha256: followed by 64 lowercase hex digits"
  mkdir -p "$dir"
  [[ ! -e "$dir/imagemirror" ]] || fail "$dir/imagemirror already exists"
  cp -R "$CHART_DIR" "$dir/imagemirror"
  replace_line "$dir/imagemirror/Chart.yaml" '^version: ' "version: $version"
  replace_line "$dir/imagemirror/Chart.yaml" '^appVersion: ' "appVersion: \"$version\""
  # The only `digest:` of values.yaml is image.digest (ChartPublishTest checks the staged values render that way).
  replace_line "$dir/imagemirror/values.yaml" '^  digest: ""$' "  digest: $digest"
}

if [[ "${1:-}" == "--stage" ]]; then
  [[ $# == 4 ]] || usage
  stage "$2" "$3" "$4"
  exit 0
fi
[[ $# == 2 ]] || usage
VERSION="$1"
IMAGE_DIGEST="$2"
command -v helm > /dev/null || fail "helm is not on PATH (Helm 3.8 or newer is needed to push to an OCI registry)"

OUT_DIR="${OUT_DIR:-$(mktemp -d)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
stage "$WORK" "$VERSION" "$IMAGE_DIGEST"
helm lint --strict "$WORK/imagemirror"
helm package "$WORK/imagemirror" --destination "$OUT_DIR"
helm push "$OUT_DIR/imagemirror-$VERSION.tgz" "$CHART_REGISTRY"
echo "pushed ${CHART_REGISTRY}/imagemirror:$VERSION (image digest $IMAGE_DIGEST); package kept in $OUT_DIR"
