#!/usr/bin/env bash
# Local infrastructure for yuqing without Docker: Kafka (KRaft), Elasticsearch,
# PostgreSQL. See infra/README.md.
#
#   bash infra/infra.sh up|start   [kafka|elasticsearch|postgres ...]
#   bash infra/infra.sh down|stop  [kafka|elasticsearch|postgres ...]
#   bash infra/infra.sh restart    [kafka|elasticsearch|postgres ...]
#   bash infra/infra.sh status     [kafka|elasticsearch|postgres ...]
#   bash infra/infra.sh reset      kafka|elasticsearch     (stop + delete its data)
#   bash infra/infra.sh env        (print the env lines to export)
#
# Without a service name every service is meant. Exit status is non-zero when
# a service fails to start (the tail of its log is printed) or, for status,
# when any service is down.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/kafka.sh
source "$INFRA_DIR/lib/kafka.sh"
# shellcheck source=lib/elasticsearch.sh
source "$INFRA_DIR/lib/elasticsearch.sh"
# shellcheck source=lib/postgres.sh
source "$INFRA_DIR/lib/postgres.sh"

ALL_SERVICES=(postgres kafka elasticsearch)

usage() {
  sed -n '2,/^set /p' "$0" | grep '^#' | sed -E 's/^# ?//'
  exit "${1:-2}"
}

# canonical service name, or die
svc_name() {
  case $1 in
    kafka) echo kafka ;;
    es | elasticsearch | elastic) echo elasticsearch ;;
    pg | postgres | postgresql) echo postgres ;;
    *) err "unknown service '$1' (expected kafka, elasticsearch or postgres)"; usage 2 ;;
  esac
}

print_env() {
  cat <<EOF
export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export ELASTICSEARCH_URL=http://127.0.0.1:$ELASTICSEARCH_PORT
export DATABASE_URL=postgres://$PG_APP_USER@127.0.0.1:$POSTGRES_PORT/$PG_APP_DB
export TEST_DATABASE_URL=postgres://$PG_APP_USER@127.0.0.1:$POSTGRES_PORT/${PG_APP_DB}_test
EOF
}

main() {
  local cmd=${1:-}
  [[ -n "$cmd" ]] || usage 2
  shift
  local -a services=()
  local s
  for s in "$@"; do services+=("$(svc_name "$s")"); done
  ((${#services[@]})) || services=("${ALL_SERVICES[@]}")

  mkdir -p "$STATE_DIR"
  case $cmd in
    up | start)
      local t0=$SECONDS
      for s in "${services[@]}"; do
        local ts=$SECONDS
        "${s}_up"
        log "$s: took $((SECONDS - ts))s"
      done
      ok "all requested services are up (${services[*]}) in $((SECONDS - t0))s. Export:"
      print_env
      ;;
    down | stop)
      # Stop in reverse start order.
      local i
      for ((i = ${#services[@]} - 1; i >= 0; i--)); do "${services[i]}_down"; done
      ;;
    restart)
      for s in "${services[@]}"; do "${s}_down"; done
      for s in "${services[@]}"; do "${s}_up"; done
      ;;
    status)
      local rc=0
      for s in "${services[@]}"; do "${s}_status" || rc=1; done
      return "$rc"
      ;;
    reset)
      (($#)) || die "reset needs a service name (kafka or elasticsearch)"
      for s in "${services[@]}"; do "${s}_reset"; done
      ;;
    env) print_env ;;
    -h | --help | help) usage 0 ;;
    *) err "unknown command '$cmd'"; usage 2 ;;
  esac
}

main "$@"
