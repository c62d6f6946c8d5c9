#!/usr/bin/env bash
# Prints the uncompressed ELF kernel (vmlinux) inside a bzImage to stdout:
#   extract-vmlinux.sh /boot/vmlinuz-VERSION > vmlinux
# qemu boots it directly through its PVH entry point, which saves the in-guest decompression
# (seconds under TCG). Same idea as the kernel's scripts/extract-vmlinux.
set -euo pipefail
trap 'echo "extract-vmlinux.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
img=${1:?bzImage}
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT

is_elf() { [ "$(head -c4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]; }

# try each compression at each offset where its magic appears (first hit that yields an ELF wins)
try() { # magic(as printf string) decompressor...
  local magic=$1; shift
  local pos
  for pos in $(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1); do
    tail -c +"$((pos + 1))" "$img" | "$@" > "$tmp" 2>/dev/null || true
    if [ -s "$tmp" ] && is_elf "$tmp"; then cat "$tmp"; return 0; fi
  done
  return 1
}
try '\xFD7zXZ\x00' xz -dc ||
try '\x28\xB5\x2F\xFD' zstd -dc ||
try '\x1F\x8B\x08' gzip -dc ||
try '\x02\x21\x4C\x18' lz4 -dc ||
try '\x5D\x00\x00\x00' xz -F lzma -dc || { echo "extract-vmlinux: no compressed ELF kernel found in $img" >&2; exit 1; }
