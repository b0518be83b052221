# shellcheck shell=bash
# Elasticsearch: single node on 127.0.0.1:$ELASTICSEARCH_PORT, from the
# integ-test zip on Maven Central (a cut-down distribution: see
# docs/adr/0003-kafka-and-elasticsearch-versions.md for what it lacks).
# Elasticsearch refuses to run as root, so as root it runs as $ES_USER.

ES_DIST_DIR="$CACHE_DIR/elasticsearch/$ELASTICSEARCH_VERSION"
ES_HOME="$ES_DIST_DIR/elasticsearch-$ELASTICSEARCH_VERSION"
ES_STATE="$STATE_DIR/elasticsearch"
if ((EUID == 0)) && ! world_traversable "$STATE_DIR"; then
  # The checkout sits below a directory that $ES_USER cannot enter (e.g. a
  # mode-700 temp dir): keep this checkout's node in /var/lib instead and
  # leave a symlink at .infra/elasticsearch (see es_write_config).
  ES_STATE="/var/lib/yuqing-infra/elasticsearch-$(printf '%s' "$REPO_DIR" | sha256sum | cut -c1-12)"
fi
ES_CONF="$ES_STATE/config"
ES_DATA="$ES_STATE/data"
ES_LOGS="$ES_STATE/logs"
ES_TMP="$ES_STATE/tmp"
ES_PIDFILE="$ES_STATE/elasticsearch.pid"
ES_URL="http://127.0.0.1:$ELASTICSEARCH_PORT"
ES_USER="${ES_USER:-yuqing-es}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-180}"
ES_STOP_GRACE="${ES_STOP_GRACE:-60}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ELASTICSEARCH_VERSION:zip"

# The server JVM's command line contains -Des.path.conf=<our config dir>.
es_pid() { pid_alive_matching "$ES_PIDFILE" "org.elasticsearch.bootstrap.Elasticsearch"; }

es_fetch() {
  if [[ -f "$ES_DIST_DIR/.complete" ]]; then
    return 0
  fi
  require_cmd unzip
  log "elasticsearch: resolving $ES_ARTIFACT from Maven Central"
  local tmp="$ES_DIST_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  mvn_quiet dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp" ||
    { rm -rf "$tmp"; die "elasticsearch: could not resolve $ES_ARTIFACT (does that version exist on Maven Central?)"; }
  unzip -q "$tmp/elasticsearch-$ELASTICSEARCH_VERSION.zip" -d "$tmp" ||
    { rm -rf "$tmp"; die "elasticsearch: could not unpack the zip"; }
  rm -f "$tmp/elasticsearch-$ELASTICSEARCH_VERSION.zip" # the zip stays in ~/.m2
  touch "$tmp/.complete"
  rm -rf "$ES_DIST_DIR"
  mkdir -p "$(dirname "$ES_DIST_DIR")"
  mv "$tmp" "$ES_DIST_DIR"
  # Readable by the unprivileged user that runs the node.
  chmod -R a+rX "$ES_DIST_DIR"
  ok "elasticsearch: unpacked into $ES_HOME"
}

# The integ-test zip lacks the `rest-root` module (GET / and HEAD /, used by
# the JS client's info() and ping()). Build a small stand-in plugin from
# infra/elasticsearch/rest-root/ against the distribution's own jars.
es_build_root_plugin() {
  local src="$INFRA_DIR/elasticsearch/rest-root/YuqingRestRootPlugin.java"
  local dest="$ES_HOME/plugins/yuqing-rest-root" sum
  [[ -d "$ES_HOME/modules/rest-root" ]] && return 0 # a full distribution has the real one
  sum=$(sha256sum "$src" | cut -d' ' -f1)
  [[ -f "$dest/.source-sha256" && "$(cat "$dest/.source-sha256")" == "$sum" ]] && return 0
  local jdk
  jdk=$(es_java_home)
  if [[ ! -x "$jdk/bin/javac" || ! -x "$jdk/bin/jar" ]]; then
    warn "elasticsearch: no javac/jar in $jdk; GET / and HEAD / (client.info/ping) will answer 405"
    return 0
  fi
  log "elasticsearch: building the rest-root stand-in plugin (GET / and HEAD /)"
  local tmp
  tmp=$(mktemp -d)
  "$jdk/bin/javac" --release 17 -Xlint:-options -nowarn -cp "$ES_HOME/lib/*" -d "$tmp/classes" "$src" >"$tmp/javac.log" 2>&1 ||
    { cat "$tmp/javac.log" >&2; rm -rf "$tmp"; die "elasticsearch: could not compile $src"; }
  mkdir -p "$tmp/plugin"
  "$jdk/bin/jar" cf "$tmp/plugin/yuqing-rest-root.jar" -C "$tmp/classes" .
  {
    echo "description=Stand-in for the rest-root module (GET / and HEAD /), see infra/elasticsearch/rest-root"
    echo "version=$ELASTICSEARCH_VERSION"
    echo "name=yuqing-rest-root"
    echo "classname=yuqing.esroot.YuqingRestRootPlugin"
    echo "java.version=17"
    echo "elasticsearch.version=$ELASTICSEARCH_VERSION"
  } >"$tmp/plugin/plugin-descriptor.properties"
  printf '%s\n' "$sum" >"$tmp/plugin/.source-sha256"
  rm -rf "$dest"
  mv "$tmp/plugin" "$dest"
  chmod -R a+rX "$dest"
  rm -rf "$tmp"
}

es_java_home() {
  local home
  # Elasticsearch 8.x runs on Java 17 and newer; prefer an LTS it is tested on.
  home=$(find_java_home 17 21) || home=$(find_java_home 17) ||
    die "elasticsearch: needs Java 17+ (the integ-test zip bundles no JDK); set JAVA_HOME or ES_JAVA_HOME"
  printf '%s\n' "${ES_JAVA_HOME:-$home}"
}

# As root: make sure the unprivileged system user exists.
es_ensure_user() {
  ((EUID == 0)) || return 0
  id -u "$ES_USER" >/dev/null 2>&1 && return 0
  require_cmd useradd
  log "elasticsearch: creating system user $ES_USER (Elasticsearch refuses to run as root)"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --user-group "$ES_USER" || die "elasticsearch: useradd $ES_USER failed"
}

# es_run_as CMD...: run CMD as the node's user (as root) or as ourselves.
es_run_as() {
  if ((EUID == 0)); then
    runuser -u "$ES_USER" -- "$@"
  else
    "$@"
  fi
}

es_write_config() {
  mkdir -p "$ES_CONF/jvm.options.d" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
  if [[ "$ES_STATE" != "$STATE_DIR/elasticsearch" ]]; then
    chmod 755 "$(dirname "$ES_STATE")"
    [[ -d "$STATE_DIR/elasticsearch" && ! -L "$STATE_DIR/elasticsearch" ]] ||
      ln -sfn "$ES_STATE" "$STATE_DIR/elasticsearch"
    log "elasticsearch: $STATE_DIR is not reachable by $ES_USER; node state kept in $ES_STATE"
  fi
  cp "$ES_HOME/config/log4j2.properties" "$ES_CONF/"
  # Same JVM options as shipped, minus the GC log / error file paths relative
  # to the working directory (replaced below with paths under .infra).
  grep -vE '^-(Xlog:gc|XX:ErrorFile|XX:HeapDumpPath)' "$ES_HOME/config/jvm.options" >"$ES_CONF/jvm.options"
  cat >"$ES_CONF/elasticsearch.yml" <<EOF
# Generated by infra/lib/elasticsearch.sh; edits are overwritten on every start.
cluster.name: yuqing-local
node.name: yuqing-es-1
network.host: 127.0.0.1
http.port: $ELASTICSEARCH_PORT
transport.port: $ELASTICSEARCH_TRANSPORT_PORT
discovery.type: single-node
path.data: $ES_DATA
path.logs: $ES_LOGS
xpack.security.enabled: false
# Disk may be nearly full on dev machines: never block writes on watermarks.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  # GC logs go to the logs dir instead of the working directory.
  cat >"$ES_CONF/jvm.options.d/yuqing.options" <<EOF
-Xlog:gc*,gc+age=trace,safepoint:file=$ES_LOGS/gc.log:utctime,level,pid,tags:filecount=4,filesize=16m
-XX:HeapDumpPath=$ES_LOGS
-XX:ErrorFile=$ES_LOGS/hs_err_pid%p.log
EOF
  if ((EUID == 0)); then
    chown -R "$ES_USER:$ES_USER" "$ES_STATE"
  fi
}

es_curl() { curl -sS -m "${CURL_TIMEOUT:-5}" "$@"; }

# es_version: version number reported by the running node.
es_version() {
  es_curl "$ES_URL/_nodes/_local?filter_path=nodes.*.version" 2>/dev/null |
    sed -nE 's/.*"version":"([^"]+)".*/\1/p'
}

elasticsearch_up() {
  local pid
  if pid=$(es_pid); then
    ok "elasticsearch: already up (pid $pid, $ES_URL, version $(es_version || echo '?'))"
    return 0
  fi
  if port_open "$ELASTICSEARCH_PORT" || port_open "$ELASTICSEARCH_TRANSPORT_PORT"; then
    die "elasticsearch: port $ELASTICSEARCH_PORT or $ELASTICSEARCH_TRANSPORT_PORT is already in use by another process ($(port_owner "$ELASTICSEARCH_PORT")$(port_owner "$ELASTICSEARCH_TRANSPORT_PORT")); stop it first"
  fi
  require_cmd curl
  es_fetch
  es_build_root_plugin
  es_ensure_user
  local java_home
  java_home=$(es_java_home)
  es_write_config
  rm -f "$ES_PIDFILE"
  : >"$ES_LOGS/elasticsearch.out"
  ((EUID == 0)) && chown "$ES_USER:$ES_USER" "$ES_LOGS/elasticsearch.out"
  local as_user=$ES_USER
  ((EUID == 0)) || as_user=$(id -un)
  log "elasticsearch: starting $ELASTICSEARCH_VERSION as user $as_user with $("$java_home/bin/java" -version 2>&1 | head -n1), log: $ES_LOGS/yuqing-local.log"

  # -d daemonizes: the launcher exits once the server JVM is running and the
  # server writes its own pid file. Run the launcher in the background so the
  # start timeout below also covers a launcher that hangs.
  local start=$SECONDS
  (
    cd "$ES_STATE" || exit 1
    es_run_as env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$ES_STATE" LANG=C.UTF-8 \
      ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_CONF" ES_TMPDIR="$ES_TMP" \
      ES_JAVA_OPTS="-Xms$ELASTICSEARCH_HEAP_MIN -Xmx$ELASTICSEARCH_HEAP_MAX ${ES_EXTRA_JAVA_OPTS:-}" \
      "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE"
  ) >>"$ES_LOGS/elasticsearch.out" 2>&1 </dev/null &
  local launcher=$!

  es_wait_ready "$start" "$launcher"
}

es_fail() {
  err "elasticsearch: $*"
  show_log_tail "elasticsearch launcher output" "$ES_LOGS/elasticsearch.out" 30
  show_log_tail "elasticsearch log" "$ES_LOGS/yuqing-local.log" 40
  local pid
  if pid=$(es_pid); then
    warn "elasticsearch: stopping the half-started node (pid $pid)"
    stop_pid elasticsearch "$pid" 20
  fi
  exit 1
}

es_wait_ready() {
  local start=$1 launcher=$2 deadline=$((SECONDS + ES_START_TIMEOUT)) pid='' health='' launcher_rc ready=0
  while ((SECONDS < deadline)); do
    if [[ -n "$launcher" ]] && ! kill -0 "$launcher" 2>/dev/null; then
      launcher_rc=0
      wait "$launcher" || launcher_rc=$?
      launcher=''
      ((launcher_rc == 0)) || es_fail "the launcher (bin/elasticsearch -d) exited with status $launcher_rc"
    fi
    if pid=$(es_pid); then
      health=$(CURL_TIMEOUT=10 es_curl "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null) || health=''
      if [[ "$health" == *'"status":"green"'* || "$health" == *'"status":"yellow"'* ]]; then
        ready=1
        break
      fi
    elif [[ -z "$launcher" ]]; then
      es_fail "the node is not running (its launcher exited but no live pid in $ES_PIDFILE)"
    fi
    sleep 1
  done
  ((ready)) || es_fail "not ready within ${ES_START_TIMEOUT}s (last health answer: ${health:-none})"
  local version
  version=$(es_version)
  [[ "$version" == "$ELASTICSEARCH_VERSION" ]] ||
    es_fail "node reports version '$version', expected $ELASTICSEARCH_VERSION (is another node answering on $ES_URL?)"
  # Client round trip with the app's own client: template, alias, bulk, aggs.
  if [[ -f "$REPO_DIR/node_modules/@elastic/elasticsearch/package.json" ]] && command -v node >/dev/null 2>&1; then
    timeout 60 node "$INFRA_DIR/check-elasticsearch.mjs" "$ES_URL" >"$ES_LOGS/check.log" 2>&1 ||
      { show_log_tail "elasticsearch client check" "$ES_LOGS/check.log" 20; es_fail "client smoke test (infra/check-elasticsearch.mjs) failed"; }
  else
    warn "elasticsearch: $REPO_DIR/node_modules/@elastic/elasticsearch is not installed (run npm ci); skipped the client smoke test"
  fi
  ok "elasticsearch: up after $((SECONDS - start))s (pid $pid, $ES_URL, version $version, status $(sed -nE 's/.*"status":"([a-z]+)".*/\1/p' <<<"$health"), RSS $(rss_of "$pid"))"
}

elasticsearch_down() {
  local pid
  if pid=$(es_pid); then
    log "elasticsearch: stopping (pid $pid)"
    stop_pid elasticsearch "$pid" "$ES_STOP_GRACE"
  else
    ok "elasticsearch: not running"
  fi
  rm -f "$ES_PIDFILE"
}

elasticsearch_status() {
  local pid
  if pid=$(es_pid); then
    local version
    if version=$(es_version) && [[ -n "$version" ]]; then
      status_line elasticsearch up "$version" "$pid" "$(rss_of "$pid")" "$ES_URL"
    else
      status_line elasticsearch sick "pid $pid is running but $ES_URL does not answer (starting?)"
      return 1
    fi
  elif port_open "$ELASTICSEARCH_PORT"; then
    status_line elasticsearch alien "port $ELASTICSEARCH_PORT is served by a process not started by infra.sh ($(port_owner "$ELASTICSEARCH_PORT"))"
    return 1
  else
    status_line elasticsearch down "(version $ELASTICSEARCH_VERSION configured, $ES_URL)"
    return 1
  fi
}

elasticsearch_reset() {
  elasticsearch_down
  log "elasticsearch: removing $ES_STATE"
  rm -rf "$ES_STATE"
  [[ -L "$STATE_DIR/elasticsearch" ]] && rm -f "$STATE_DIR/elasticsearch"
  return 0
}
