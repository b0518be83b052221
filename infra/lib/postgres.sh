# shellcheck shell=bash
# PostgreSQL: the machine's own server on 127.0.0.1:$POSTGRES_PORT (trust auth).
# `up` makes sure it runs and creates the role and databases; `down` leaves it
# running (it is a shared system service, not ours to stop).

PG_HOST=127.0.0.1
PG_ADMIN_USER="${PG_ADMIN_USER:-postgres}"
PG_APP_USER="${PG_APP_USER:-yuqing}"
PG_APP_DB="${PG_APP_DB:-yuqing}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-60}"

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$POSTGRES_PORT" -t 2 >/dev/null 2>&1; }

pg_admin_psql() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$POSTGRES_PORT" -U "$PG_ADMIN_USER" -d postgres "$@"
}

pg_try_start_server() {
  local cluster_ver
  command -v pg_ctlcluster >/dev/null 2>&1 || die "postgres: not answering on $PG_HOST:$POSTGRES_PORT and pg_ctlcluster is not installed (apt-get install postgresql)"
  cluster_ver=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n1)
  [[ -n "$cluster_ver" ]] || die "postgres: no cluster under /etc/postgresql"
  log "postgres: not running; starting cluster $cluster_ver/main with pg_ctlcluster"
  pg_ctlcluster --skip-systemctl-redirect "$cluster_ver" main start ||
    die "postgres: pg_ctlcluster $cluster_ver main start failed (see /var/log/postgresql/)"
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until pg_ready; do
    ((SECONDS < deadline)) || {
      show_log_tail postgres "/var/log/postgresql/postgresql-$cluster_ver-main.log"
      die "postgres: not ready within ${PG_START_TIMEOUT}s"
    }
    sleep 1
  done
}

postgres_up() {
  require_cmd psql pg_isready
  pg_ready || pg_try_start_server
  pg_admin_psql -c 'select 1' >/dev/null ||
    die "postgres: cannot connect as '$PG_ADMIN_USER' to $PG_HOST:$POSTGRES_PORT without a password (trust auth expected; set PG_ADMIN_USER or PGPASSWORD)"

  # Role: create if missing, otherwise make sure it can log in and create DBs.
  pg_admin_psql -v role="$PG_APP_USER" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB', :'role') \gexec
SQL
  local db
  for db in "$PG_APP_DB" "${PG_APP_DB}_test"; do
    pg_admin_psql -v role="$PG_APP_USER" -v db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'db', :'role') \gexec
SQL
  done
  # Round trip as the application user.
  psql -X -q -h "$PG_HOST" -p "$POSTGRES_PORT" -U "$PG_APP_USER" -d "$PG_APP_DB" -Atc 'select 1' >/dev/null ||
    die "postgres: role $PG_APP_USER cannot connect to database $PG_APP_DB"
  ok "postgres: up (PostgreSQL $(postgres_version), role $PG_APP_USER, databases $PG_APP_DB and ${PG_APP_DB}_test)"
}

postgres_version() {
  psql -X -h "$PG_HOST" -p "$POSTGRES_PORT" -U "$PG_ADMIN_USER" -d postgres -Atc 'show server_version' 2>/dev/null | awk '{print $1}'
}

# The postmaster pid is not exposed over SQL; read it from the data directory.
postgres_pid() {
  local dir
  dir=$(psql -X -h "$PG_HOST" -p "$POSTGRES_PORT" -U "$PG_ADMIN_USER" -d postgres -Atc 'show data_directory' 2>/dev/null) || return 0
  [[ -r "$dir/postmaster.pid" ]] && head -n1 "$dir/postmaster.pid"
}

postgres_down() {
  ok "postgres: left running (shared system server; stop it with pg_ctlcluster if you really mean to)"
}

postgres_status() {
  if pg_ready; then
    local pid
    pid=$(postgres_pid)
    status_line postgres up "$(postgres_version)" "${pid:-?}" "$( [[ -n "$pid" ]] && rss_of "$pid" || echo '?')" "127.0.0.1:$POSTGRES_PORT (system server)"
  else
    status_line postgres down "(nothing answers on 127.0.0.1:$POSTGRES_PORT)"
    return 1
  fi
}

postgres_reset() {
  die "postgres: reset is not supported by infra.sh (drop the databases yourself: dropdb -h 127.0.0.1 -U postgres $PG_APP_DB)"
}
