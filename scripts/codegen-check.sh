#!/usr/bin/env bash
# Regenerate codegen output and fail if it differs from what is committed (drift check for CI).
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(subgraphs/*/src/generated schema/generated)
npx graphql-codegen --config codegen.yml --silent
untracked=$(git ls-files --others --exclude-standard -- "${paths[@]}")
if ! git diff --quiet HEAD -- "${paths[@]}" || [ -n "$untracked" ]; then
  echo "generated code is out of date: run 'pnpm codegen' and commit the result" >&2
  git diff --stat HEAD -- "${paths[@]}" >&2
  [ -n "$untracked" ] && echo "untracked: $untracked" >&2
  exit 1
fi
echo "codegen output up to date"
