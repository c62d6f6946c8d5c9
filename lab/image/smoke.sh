#!/usr/bin/env bash
# Proves the lab VM for real: builds the image if it is missing, then runs test/vm/qemu.test.ts
# (resume from the RAM snapshot, commands, reset, a killed qemu, cold boot, no qemu left behind).
#   lab/image/smoke.sh [--kernel bookworm|bullseye|trixie]
set -euo pipefail
KERNEL=bookworm
[ "${1:-}" = --kernel ] && KERNEL=${2:?}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IMAGE=mountlab-$KERNEL
if [ ! -f "$ROOT/lab/build/$IMAGE/manifest.json" ]; then
  "$ROOT/lab/image/build.sh" --kernel "$KERNEL"
fi
cd "$ROOT"
MOUNTLAB_VM_TEST=1 MOUNTLAB_IMAGE=$IMAGE node --import tsx --test --test-reporter=spec test/vm/qemu.test.ts
# the test checks its own PIDs; belt and braces: no run whose Node process is gone may still have
# a live qemu (runs of other, live processes, e.g. a feature suite, are theirs)
alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -c1)" != Z ]; }
for owner in "$ROOT/lab/build/$IMAGE"/runs/*/owner.json; do
  [ -e "$owner" ] || continue
  o=$(grep -o '"ownerPid":[0-9]*' "$owner" | cut -d: -f2); q=$(grep -o '"qemuPid":[0-9]*' "$owner" | cut -d: -f2)
  if ! alive "$o" && alive "$q" && ! grep -q '"keep":true' "$owner"; then
    echo "smoke.sh: qemu pid $q of $(dirname "$owner") outlived its Node process $o" >&2; exit 1
  fi
done
echo "smoke.sh: ok, no qemu left behind"
