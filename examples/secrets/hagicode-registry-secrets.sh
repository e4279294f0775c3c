#!/usr/bin/env bash
# Creates (or rotates) the registry Secrets the hagicode ImageMirror uses, in the mirror's namespace.
# The variables are named after the GitHub Actions secrets of the image-syncer workflow this replaces:
#   AZURE_ACR_USERNAME / AZURE_ACR_PASSWORD     hagicode.azurecr.io (a token or service principal with push rights)
#   ALIYUN_ACR_USERNAME / ALIYUN_ACR_PASSWORD   registry.cn-hangzhou.aliyuncs.com (the ACR "access credential")
#   DOCKERHUB_USERNAME / DOCKERHUB_TOKEN        optional: Docker Hub, only to pull under an account's rate limit.
#                                               examples/hagicode.yaml references the dockerhub Secret with
#                                               optional: true, so without these the source is pulled anonymously.
# Usage: NAMESPACE=mirrors ./hagicode-registry-secrets.sh
# Re-running it replaces the Secrets in place; the operator notices and the next sync uses the new credentials.
set -euo pipefail
namespace="${NAMESPACE:-mirrors}"

# Prints the Secret instead of creating it, then applies it: this makes the script safe to re-run for rotation.
create() {
  kubectl create secret docker-registry "$1" --namespace "$namespace" \
    --docker-server="$2" --docker-username="$3" --docker-password="$4" \
    --dry-run=client -o yaml | kubectl apply -f -
}

create azure-acr hagicode.azurecr.io \
  "${AZURE_ACR_USERNAME:?set AZURE_ACR_USERNAME}" "${AZURE_ACR_PASSWORD:?set AZURE_ACR_PASSWORD}"
create aliyun-acr registry.cn-hangzhou.aliyuncs.com \
  "${ALIYUN_ACR_USERNAME:?set ALIYUN_ACR_USERNAME}" "${ALIYUN_ACR_PASSWORD:?set ALIYUN_ACR_PASSWORD}"

if [[ -n "${DOCKERHUB_USERNAME:-}" ]]; then
  # spec.source of examples/hagicode.yaml already names it ({name: dockerhub, optional: true}): the next sync uses it.
  # A dockerhub Secret that exists but is wrong stops the mirror (InvalidCredentials); optional only covers absence.
  create dockerhub https://index.docker.io/v1/ "$DOCKERHUB_USERNAME" "${DOCKERHUB_TOKEN:?set DOCKERHUB_TOKEN}"
fi
