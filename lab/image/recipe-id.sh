#!/bin/sh
# Prints the id of the lab image recipe: a hash of the files under lab/image/ (all that build.sh
# runs or copies into the image). build.sh writes it into manifest.json as "recipe"; `npm run lab`
# and the matrix rebuild an image whose recipe differs from the checkout's, so a change to the
# recipe (a new package such as docker.io) reaches the VM without anyone deleting lab/build/.
set -eu
cd "$(dirname "$0")"
find . -type f ! -name '*.md' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
