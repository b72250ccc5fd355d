#!/usr/bin/env bash
# CI step for Tryton: install/initialise/seed/start Tryton 6.0 (scripts/tryton/setup.sh), run the
# ERP contract suite against it (and against the reference ERP, the same suite), the gateway cart
# and order story with ERP=tryton, stop trytond.
# A fresh database per run (TRYTON_RESET=1) keeps the seed's business date = today.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TRYTON_RESET="${TRYTON_RESET:-1}"
bash scripts/tryton/setup.sh
trap 'bash scripts/tryton/setup.sh stop' EXIT
TRYTON_REQUIRED=1 DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
  npx vitest run --project e2e erp/src/contract/tryton.e2e.ts erp/src/contract/reference.e2e.ts tests/e2e/tryton-story.e2e.ts
