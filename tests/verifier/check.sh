#!/usr/bin/env bash
# End to end, with real processes: the API and the worker on a database of their own, the sample chronology imported,
# then the independent verifier (verify.mjs, written from docs/verification.md alone) checks the signed log, an
# inclusion proof, a consistency proof and an export; a log row and an event row are then rewritten behind the API's
# back, and the verifier and `Chronology.Worker verify` must each catch what they can see. Run by ./test.sh after a
# Release build; exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname -- "$(readlink -f -- "$0")")"
ROOT=$(readlink -f ../..)
DB=${CHRONOLOGY_TEST_DB:-chronology_tests}_verifier
READER_KEY=verifier-reader-key-0123456789 ADMIN_KEY=verifier-admin-key-0123456789

command -v node >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nodejs npm >/dev/null; }
for tool in curl jq; do command -v "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }; done
[ -d node_modules/canonicalize ] || npm ci --silent --no-audit --no-fund

"$ROOT/deploy/postgres.sh" createdb "$DB" >/dev/null
psql_db() { CHRONOLOGY_PG_DB=$DB "$ROOT/deploy/postgres.sh" psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_db -c 'drop schema if exists chronology cascade' >/dev/null 2>&1

work=$(mktemp -d)
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; rm -rf -- "$work"; }
trap stop EXIT

head -c 32 /dev/urandom | base64 >"$work/key"
# The public half, pinned here as a reader would pin the operator's published key.
PUBLIC_KEY=$(node -e '
  const { createPrivateKey, createPublicKey } = require("node:crypto");
  const seed = Buffer.from(require("node:fs").readFileSync(process.argv[1], "utf8").trim(), "base64");
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const x = createPublicKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" })).export({ format: "jwk" }).x;
  console.log(Buffer.from(x, "base64url").toString("base64"));' "$work/key")
PORT=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
API=http://127.0.0.1:$PORT

export ConnectionStrings__chronology
ConnectionStrings__chronology=$(CHRONOLOGY_PG_DB=$DB "$ROOT/deploy/postgres.sh" url)
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development Log__SigningKeyFile=$work/key
export Auth__Principals__0__Name=reader Auth__Principals__0__Key=$READER_KEY Auth__Principals__0__Roles__0=reader
export Auth__Principals__1__Name=admin Auth__Principals__1__Key=$ADMIN_KEY Auth__Principals__1__Roles__0=admin Auth__Principals__1__Roles__1=editor
API_DLL=$ROOT/src/Chronology.Api/bin/Release/net10.0/Chronology.Api.dll
WORKER_DLL=$ROOT/src/Chronology.Worker/bin/Release/net10.0/Chronology.Worker.dll
(cd "$(dirname "$API_DLL")" && exec dotnet Chronology.Api.dll --urls "$API") >"$work/api.log" 2>&1 &
pids+=($!)
(cd "$(dirname "$WORKER_DLL")" && exec dotnet Chronology.Worker.dll) >"$work/worker.log" 2>&1 &
pids+=($!)

failed=0
check() { # check <description> <expected exit code: 0 or nonzero> <command…>
  local description=$1 expected=$2; shift 2
  local status=0; "$@" >"$work/out" 2>&1 || status=$?
  if { [ "$expected" = 0 ] && [ $status -eq 0 ]; } || { [ "$expected" = nonzero ] && [ $status -ne 0 ]; }; then
    echo "verifier check passed: $description"
  else
    echo "verifier check FAILED: $description (exit $status)"; failed=1
  fi
  sed 's/^/    /' "$work/out"
}
expect_output() { # expect_output <description> <text the last check printed>
  if grep -qF -- "$2" "$work/out"; then echo "verifier check passed: $1"; else echo "verifier check FAILED: $1 (no '$2')"; failed=1; fi
}

for _ in $(seq 1 120); do curl -fsS "$API/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
location=$(curl -fsS -D - -o /dev/null -X POST "$API/imports" -H "Authorization: Bearer $ADMIN_KEY" \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$ROOT/samples/korea-2018.ndjson" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
for _ in $(seq 1 240); do
  [ "$(curl -fsS "$API$location" -H "Authorization: Bearer $ADMIN_KEY" | jq -r .state)" = done ] && break; sleep 0.5
done
# Every view caught up, then a signed head over the whole log.
for _ in $(seq 1 120); do
  lag=$(curl -fsS "$API/admin/projections" -H "Authorization: Bearer $ADMIN_KEY" | jq '[.items[] | .lagEvents] | add')
  [ "$lag" = 0 ] && break; sleep 0.5
done
size=$(psql_db -t -A -c 'select count(*) from chronology.mt_doc_logentry')
for _ in $(seq 1 60); do
  [ "$(curl -fsS "$API/log/tree-head" -H "Authorization: Bearer $READER_KEY" | jq .treeSize)" = "$size" ] && break; sleep 0.5
done
echo "The sample's log: $size entries."

check "the sample's log, an inclusion proof and a consistency proof, from the API" 0 \
  node verify.mjs --api "$API" --key "$READER_KEY" --public-key "$PUBLIC_KEY"
expect_output "the inclusion proof was checked" "ok   inclusion proof"
expect_output "the consistency proof was checked" "ok   consistency proof"
expect_output "the commitments were opened by the values served beside them" "commitments opened by the values served beside them, 0 erased"
curl -fsS "$API/log/export" -H "Authorization: Bearer $READER_KEY" >"$work/export.ndjson"
check "the export, offline" 0 node verify.mjs --export "$work/export.ndjson" --public-key "$PUBLIC_KEY"
check "the export, offline, with Chronology.Worker verify" 0 dotnet "$WORKER_DLL" verify --export "$work/export.ndjson" --public-key "$PUBLIC_KEY"
check "the log against the events, with Chronology.Worker verify" 0 dotnet "$WORKER_DLL" verify --public-key "$PUBLIC_KEY"

# A participant of the sample erased (docs/erasure.md): the events and the log keep the commitments, so every head signed
# before still verifies, with the reader's verifier (the erased values now served as null) and with the operator's.
heads_before=$(curl -fsS "$API/log/tree-heads?since=0&limit=1000" -H "Authorization: Bearer $READER_KEY" | jq -c .items)
erased=$(curl -fsS -X POST "$API/admin/erasures" -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
  --data '{"subject":"Kim Jong-un","fields":["participant.name","participant.role"],"reason":"the verifier check erases a participant"}' | jq '.values | length')
echo "Erased $erased values of Kim Jong-un."
check "after the erasure, every head signed before verifies, from the API" 0 \
  node verify.mjs --api "$API" --key "$READER_KEY" --public-key "$PUBLIC_KEY"
expect_output "the erased values are served as erased" ", $erased erased"
check "after the erasure, the log against the events, with Chronology.Worker verify" 0 dotnet "$WORKER_DLL" verify --public-key "$PUBLIC_KEY"
heads_after=$(curl -fsS "$API/log/tree-heads?since=0&limit=1000" -H "Authorization: Bearer $READER_KEY" | jq -c .items)
check "the heads signed before the erasure are served unchanged" 0 test "$(jq -c ".[:$(jq length <<<"$heads_before")]" <<<"$heads_after")" = "$heads_before"
check "a view shows [erased] where the name was" 0 sh -c "curl -fsS '$API/records?limit=100' -H 'Authorization: Bearer $READER_KEY' | grep -qF '[erased]'"

# A value row rewritten behind the API's back no longer opens its commitment: the reader's verifier names the entry.
value_id=$(psql_db -t -A -c "select min(id) from chronology.mt_doc_personalvalue where data ->> 'field' = 'participant.role'")
psql_db -c "create table chronology.erasure_check_backup as select * from chronology.mt_doc_personalvalue where id = '$value_id'"
psql_db -c "update chronology.mt_doc_personalvalue set data = jsonb_set(data, '{value}', to_jsonb('\"Someone else\"'::text)) where id = '$value_id'"
check "a rewritten value row is refused" nonzero node verify.mjs --api "$API" --key "$READER_KEY" --public-key "$PUBLIC_KEY"
expect_output "the rewritten value's entry is named" "does not open it"
psql_db -c "update chronology.mt_doc_personalvalue set data = backup.data from chronology.erasure_check_backup as backup where mt_doc_personalvalue.id = backup.id"
psql_db -c "drop table chronology.erasure_check_backup"

sed '4s/"editor":"/"editor":"not /' "$work/export.ndjson" >"$work/tampered.ndjson"
check "a changed line of the export is refused" nonzero node verify.mjs --export "$work/tampered.ndjson" --public-key "$PUBLIC_KEY"
expect_output "the changed export line is located" "entries 0–"

# An event row rewritten behind the API's back: the operator's verify derives the log again and names its entry. (A
# reader's verifier cannot see event rows; what it can see is the log, below.)
event=$(psql_db -t -A -c "select min(seq_id) from chronology.mt_events where type = 'participant_added.v2'")
entry=$(psql_db -t -A -c "select index from chronology.mt_doc_logentry where id <= $event order by id desc limit 1")
psql_db -c "update chronology.mt_events set data = jsonb_set(data, '{name,en}', '\"Someone else\"') where seq_id = $event"
check "a rewritten event row is refused by Chronology.Worker verify" nonzero dotnet "$WORKER_DLL" verify --public-key "$PUBLIC_KEY"
expect_output "the entry of the rewritten event ($event) is named" "Entry $entry no longer matches the events (record"
expect_output "the rewritten event's new text is shown" "Someone else"

# A log row rewritten behind the API's back (its leaf, as someone covering an edit would): the reader's verifier refuses it.
psql_db -c "update chronology.mt_doc_logentry set data = jsonb_set(data, '{leaf}', to_jsonb(replace(data ->> 'leaf', '\"editor\":\"', '\"editor\":\"not '))) where index = 3"
check "a rewritten log row is refused" nonzero node verify.mjs --api "$API" --key "$READER_KEY" --public-key "$PUBLIC_KEY"
expect_output "the rewritten log row is named" "entry 3:"

exit $failed
