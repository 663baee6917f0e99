# Shared by scripts/bench-public and scripts/soak-public (sourced, not run):
# the tools they need, the release binary, and a store of generated persons
# that later runs reuse.
#
# Before sourcing, set: persons, engine (sqlite|postgres), root (a folder),
# and me (the script's name, for messages).

ensure_tools() {
  if command -v wrk >/dev/null && command -v jq >/dev/null && [ -x /usr/sbin/nginx ]; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "$me: wrk, jq and nginx are needed (apt-get install wrk jq nginx)" >&2
    exit 1
  fi
  echo "$me: installing wrk, jq and nginx from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk jq nginx >/dev/null
}

# The release binary, built here unless VIGIL_BIN names another.
vigil_binary() {
  if [ -n "${VIGIL_BIN:-}" ]; then
    vigil="$VIGIL_BIN"
  else
    cargo build --release -q -p vigil-cli
    vigil="$PWD/target/release/vigil"
  fi
}

# The store: a data folder, or a database on the local PostgreSQL.
pg_admin="postgres://postgres@127.0.0.1:5432/test"
choose_store() {
  if [ "$engine" = sqlite ]; then
    data="$root/sqlite-$persons"
    store_args=(--data "$data" --key-file "$data.demo.key")
    made="$data.done"
  else
    db="vigil_bench_$persons"
    store_args=(--database "postgres://postgres@127.0.0.1:5432/$db" --key-file "$root/$db.key")
    made="$root/$db.done"
  fi
}

make_store() {
  echo "$me: generating $persons persons on $engine (once; reused by later runs)"
  local gen_args
  if [ "$engine" = sqlite ]; then
    rm -rf "$data" "$data.demo.key"
    # `dev generate` makes the folder's key beside it, as the demo does.
    gen_args=(--data "$data")
  else
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    psql "$pg_admin" -qc "CREATE DATABASE $db"
    rm -f "$root/$db.key"
    "$vigil" keys new --out "$root/$db.key" >/dev/null
    gen_args=("${store_args[@]}")
  fi
  local start end pid written=0
  start=$(date +%s)
  "$vigil" "${gen_args[@]}" dev generate --persons "$persons" --seed 1 &
  pid=$!
  # Bytes the generator wrote (SQLite; PostgreSQL's server does its own writing).
  while kill -0 "$pid" 2>/dev/null; do
    written=$(awk '/^write_bytes/ { print $2 }' "/proc/$pid/io" 2>/dev/null || echo "$written")
    sleep 1
  done
  wait "$pid"
  end=$(date +%s)
  if [ "$engine" = sqlite ]; then
    echo "generated in $((end - start)) s, the generator writing $((written / 1048576)) MB" >"$made"
  else
    echo "generated in $((end - start)) s" >"$made"
  fi
}

store_size() {
  if [ "$engine" = sqlite ]; then
    du -sh "$data" | cut -f1
  else
    psql "$pg_admin" -tAc "SELECT pg_size_pretty(pg_database_size('$db'))"
  fi
}

# Resident memory of a process, in MB.
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
