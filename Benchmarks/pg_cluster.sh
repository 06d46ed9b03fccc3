# Sourced by the benchmarks: a throwaway PostgreSQL cluster on loopback with production durability
# (fsync on, synchronous_commit on), run as the postgres user. Sets PG_URL; pg_cluster_stop removes it.
pg_cluster_start() {
  command -v runuser >/dev/null && id postgres >/dev/null 2>&1 || { echo "needs the postgresql package and root (apt-get install -y postgresql)"; return 1; }
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_PORT=${PG_PORT:-$((56000 + RANDOM % 1000))}
  PG_DATA=$(mktemp -d /tmp/tender-bench-pg.XXXXXX)
  chown postgres:postgres "$PG_DATA"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w start \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB -c synchronous_commit=on -c fsync=on" >/dev/null
  runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" tender
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/tender"
}
pg_cluster_stop() {
  [ -n "${PG_DATA:-}" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
}
