#!/usr/bin/env bash
# Part of `pnpm lint`: every tracked file must stand on its own. Fails when one points at a
# document outside the repository or at a tracker number instead of saying what it means.
set -uo pipefail
cd "$(dirname "$0")/.."
self=scripts/check-references.sh
pattern='\.\./shared|DESIGN §|CONVENTIONS §|issue [0-9]'
hits=$(git grep -n -I -i -E "$pattern" -- . ":(exclude)$self")
case $? in
  0)
    echo "references to material outside the repository or to issue numbers (say what is meant instead):" >&2
    echo "$hits" >&2
    exit 1
    ;;
  1) echo "references: ok" ;;
  *)
    echo "references: could not search the tracked files (is this a git checkout?)" >&2
    exit 2
    ;;
esac
