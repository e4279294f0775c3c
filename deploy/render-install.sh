#!/usr/bin/env bash
# Renders the default install (deploy/, what `kubectl apply -k deploy/` creates) as one YAML stream, with the operator
# image pinned by digest. The release workflow attaches its output to the GitHub release as install.yaml:
#   deploy/render-install.sh ghcr.io/hagicode/imagemirror@sha256:<64 hex digits> > install.yaml
# Needs kubectl 1.27+ (its embedded kustomize v5) and GNU realpath.
set -euo pipefail

usage="usage: $0 REPOSITORY@sha256:DIGEST > install.yaml (e.g. ghcr.io/hagicode/imagemirror@sha256:<64 hex digits>)"
[ $# -eq 1 ] || { echo "$usage" >&2; exit 2; }
image=$1
if ! [[ $image =~ ^[a-z0-9][a-z0-9._/:-]*@sha256:[0-9a-f]{64}$ ]]; then
  echo "render-install: '$image' is not an image pinned by digest" >&2
  echo "$usage" >&2
  exit 2
fi

deploy=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# kustomize refuses an absolute path in resources: point at deploy/ relative to the overlay's own folder.
cat >"$work/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $(realpath --relative-to="$work" "$deploy")
images:
  # The name deploy/base gives the operator image; the digest replaces its tag.
  - name: ghcr.io/hagicode/imagemirror
    newName: ${image%@*}
    digest: ${image##*@}
YAML
kubectl kustomize "$work"
