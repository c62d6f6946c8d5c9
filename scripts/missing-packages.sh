#!/bin/sh
# Prints, space-separated, those of the Debian packages named as arguments that dpkg does not
# have installed (nothing when all are). Used by setup.sh and vagrant-setup.sh.
#   sh scripts/missing-packages.sh pkg...
set -eu
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
echo "${missing# }"
