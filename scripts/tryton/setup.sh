#!/usr/bin/env bash
# Tryton 6.0 for the portal: installs the Debian packages when missing, creates the database on
# the local PostgreSQL with the modules the adapter needs, starts trytond on a loopback port and
# loads the demo seed (same SKUs and accounts as the reference ERP). Safe to run again: an
# initialised database is kept (TRYTON_RESET=1 drops it), a running trytond is reused.
#
#   scripts/tryton/setup.sh            # install + init + start + seed
#   scripts/tryton/setup.sh stop       # stop the trytond this script started
#   scripts/tryton/setup.sh status     # is the trytond this script started running?
set -euo pipefail
cd "$(dirname "$0")/../.."

TRYTON_HOME="${TRYTON_HOME:-$PWD/.data/tryton}"
TRYTON_DATABASE="${TRYTON_DATABASE:-portal_tryton}"
TRYTON_PORT="${TRYTON_PORT:-8010}"
TRYTON_DB_URI="${TRYTON_DB_URI:-postgresql://postgres@127.0.0.1:5432/}"
TRYTON_PASSWORD="${TRYTON_PASSWORD:-admin-portal-dev}"
PG_HOST="${PG_HOST:-127.0.0.1}"
CONF="$TRYTON_HOME/trytond.conf"
PIDFILE="$TRYTON_HOME/trytond.pid"
say() { printf '\033[1;36m[tryton]\033[0m %s\n' "$*"; }

MODULES=(sale purchase sale_price_list sale_credit_limit account_credit_limit stock account account_invoice
  account_invoice_stock product_price_list product_price_list_dates product_price_list_parent company party currency country)
PACKAGES=(tryton-server python3-psycopg2)
for m in "${MODULES[@]}"; do PACKAGES+=("tryton-modules-${m//_/-}"); done

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

if [ "${1:-}" = "status" ]; then
  if running; then say "trytond running (pid $(cat "$PIDFILE")) on 127.0.0.1:$TRYTON_PORT"; else say "trytond not running"; exit 1; fi
  exit 0
fi

if [ "${1:-}" = "stop" ]; then
  if running; then kill "$(cat "$PIDFILE")" && say "trytond stopped"; fi
  rm -f "$PIDFILE"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  (apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1) ||
    (apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null)
fi
say "$(trytond --version)"

mkdir -p "$TRYTON_HOME/attachments"
cat >"$CONF" <<EOF
[database]
uri = $TRYTON_DB_URI
path = $TRYTON_HOME/attachments

[web]
listen = 127.0.0.1:$TRYTON_PORT

[session]
timeout = 86400
max_attempt = 100
EOF

if [ "${TRYTON_RESET:-0}" = "1" ]; then
  if running; then kill "$(cat "$PIDFILE")"; sleep 1; rm -f "$PIDFILE"; fi
  say "dropping database $TRYTON_DATABASE"
  dropdb -h "$PG_HOST" -U postgres --if-exists --force "$TRYTON_DATABASE"
fi

# Module activation takes minutes; an unseeded, activated copy (<db>_template) makes the next reset take seconds.
TEMPLATE="${TRYTON_DATABASE}_template"
seeded_db() { psql -h "$PG_HOST" -U postgres -d "$TRYTON_DATABASE" -Atc "select 1 from ir_configuration where hostname='portal-seeded'" 2>/dev/null | grep -q 1; }
exists() { psql -h "$PG_HOST" -U postgres -Atc "select 1 from pg_database where datname='$1'" | grep -q 1; }
if ! exists "$TRYTON_DATABASE" && exists "$TEMPLATE"; then
  say "creating $TRYTON_DATABASE from $TEMPLATE (modules already activated)"
  createdb -h "$PG_HOST" -U postgres -T "$TEMPLATE" "$TRYTON_DATABASE"
fi

initialised() { psql -h "$PG_HOST" -U postgres -d "$TRYTON_DATABASE" -Atc "select 1 from ir_module where name='ir' and state='activated'" 2>/dev/null | grep -q 1; }
if ! initialised; then
  psql -h "$PG_HOST" -U postgres -Atc "select 1 from pg_database where datname='$TRYTON_DATABASE'" | grep -q 1 ||
    createdb -h "$PG_HOST" -U postgres -E UTF8 -T template0 "$TRYTON_DATABASE"
  pass="$TRYTON_HOME/admin.pass"
  printf '%s' "$TRYTON_PASSWORD" >"$pass"
  say "initialising database $TRYTON_DATABASE (base modules)"
  TRYTONPASSFILE="$pass" trytond-admin -c "$CONF" -d "$TRYTON_DATABASE" --all --email admin@portal.example >"$TRYTON_HOME/admin.log" 2>&1 ||
    { tail -30 "$TRYTON_HOME/admin.log"; exit 1; }
  rm -f "$pass"
fi
activated=$(psql -h "$PG_HOST" -U postgres -d "$TRYTON_DATABASE" -Atc "select name from ir_module where state='activated'")
todo=()
for m in "${MODULES[@]}"; do grep -qx "$m" <<<"$activated" || todo+=("$m"); done
if [ "${#todo[@]}" -gt 0 ]; then
  say "activating modules (several minutes on 2 cores): ${todo[*]}"
  trytond-admin -c "$CONF" -d "$TRYTON_DATABASE" -u "${todo[@]}" --activate-dependencies >>"$TRYTON_HOME/admin.log" 2>&1 ||
    { tail -30 "$TRYTON_HOME/admin.log"; exit 1; }
else
  say "database $TRYTON_DATABASE initialised, modules activated"
fi
if ! exists "$TEMPLATE" && ! seeded_db; then
  say "keeping an activated, unseeded copy as $TEMPLATE"
  createdb -h "$PG_HOST" -U postgres -T "$TRYTON_DATABASE" "$TEMPLATE" || say "could not copy (database in use): the next reset activates the modules again"
fi

seeded() { seeded_db; }
if ! seeded; then
  say "seeding the demo blueprint (company, chart of accounts, fiscal year, warehouses, items, parties, price lists, stock)"
  blueprint="$TRYTON_HOME/blueprint.json"
  npx tsx scripts/tryton/export-blueprint.ts >"$blueprint"
  /usr/bin/python3 scripts/tryton/seed.py -c "$CONF" -d "$TRYTON_DATABASE" "$blueprint"
else
  say "demo data already seeded"
fi

if running; then
  say "trytond already running (pid $(cat "$PIDFILE"))"
else
  say "starting trytond on 127.0.0.1:$TRYTON_PORT"
  nohup trytond -c "$CONF" >"$TRYTON_HOME/trytond.log" 2>&1 &
  echo $! >"$PIDFILE"
fi
for _ in $(seq 1 60); do
  if curl -sf -o /dev/null -X POST -H 'content-type: application/json' \
    --data '{"id":0,"method":"common.server.version","params":[]}' "http://127.0.0.1:$TRYTON_PORT/"; then
    say "ready: TRYTON_URL=http://127.0.0.1:$TRYTON_PORT TRYTON_DATABASE=$TRYTON_DATABASE TRYTON_USER=admin TRYTON_PASSWORD=$TRYTON_PASSWORD"
    exit 0
  fi
  sleep 1
done
tail -30 "$TRYTON_HOME/trytond.log"
say "trytond did not answer on port $TRYTON_PORT"
exit 1
