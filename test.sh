#!/usr/bin/env bash
# The project's tests, as CI runs them (.ci/run calls this script):
#  1. installs the real programs the integration tests use, where missing (.ci/install-test-tools, apt-get);
#  2. builds and tests every module and builds the operator image tar with Jib, in one reactor run (profile jib-tar);
#  3. reads the image's config back from the tar with skopeo;
#  4. checks the launcher bin/imagemirror and its class data archive against the built jar (.ci/check-launcher).
set -euo pipefail
cd "$(dirname "$0")"

bash .ci/install-test-tools

# No base image can be pulled on the project's build machines, so the tar is built offline on `scratch`: that checks
# the Jib configuration and the container's entrypoint, arguments and user, not a runnable JVM. The image with its JRE
# base is built by the e2e and release workflows (.github/workflows/).
mvn -B -Pjib-tar verify -Djib.from.image=scratch -Dimage=imagemirror:test

config=$(skopeo inspect --config docker-archive:operator/app/target/jib-image.tar)
if ! grep -q '"User": "65532:65532"' <<<"$config" || ! grep -q '"io.hagicode.imagemirror.app.Main"' <<<"$config" \
    || ! grep -q '"operator"' <<<"$config"; then
  echo "test.sh: the Jib image config is not as documented (user 65532:65532, main class, argument operator):" >&2
  echo "$config" >&2
  exit 1
fi
echo "test.sh: Jib image tar OK (scratch base: the JRE base image is not pulled here)"

bash .ci/check-launcher
