# Shared by the dashboards/bin/superset-* scripts (sourced, not executed).
# Resolves paths and the environment Superset needs, from any working directory.

DASHBOARDS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$DASHBOARDS_DIR/.." && pwd)"
VENV="$DASHBOARDS_DIR/.venv"
# The project's pinned uv (installed on first use), never whatever uv is on PATH.
UV="$REPO_ROOT/orchestration/bin/uv"

PATRIMOINE_STATE_DIR="${PATRIMOINE_STATE_DIR:-$REPO_ROOT/.local}"
mkdir -p "$PATRIMOINE_STATE_DIR"
PATRIMOINE_STATE_DIR="$(cd "$PATRIMOINE_STATE_DIR" && pwd)"
export PATRIMOINE_STATE_DIR

export SUPERSET_CONFIG_PATH="$DASHBOARDS_DIR/superset_config.py"
export SUPERSET_HOME="$PATRIMOINE_STATE_DIR/superset"
# Same default as the pipeline (orchestration/settings.py).
export SERVING_WAREHOUSE="${SERVING_WAREHOUSE:-${PATRIMOINE_WAREHOUSE_DIR:-$REPO_ROOT/data/warehouse}/serving/warehouse.duckdb}"
export SUPERSET_ADMIN_USERNAME="${SUPERSET_ADMIN_USERNAME:-admin}"

SUPERSET_PORT="${SUPERSET_PORT:-8088}"
SUPERSET_BIND="${SUPERSET_BIND:-127.0.0.1}"
SECRETS_DIR="$PATRIMOINE_STATE_DIR/secrets"
SECRET_KEY_FILE="$SECRETS_DIR/superset_secret_key"
ADMIN_PASSWORD_FILE="$SECRETS_DIR/superset_admin_password"
RUN_DIR="$PATRIMOINE_STATE_DIR/run"
LOG_DIR="$PATRIMOINE_STATE_DIR/logs"
PID_FILE="$RUN_DIR/superset.pid"
LOG_FILE="$LOG_DIR/superset.log"
SETUP_LOG="$LOG_DIR/superset-setup.log"
STAMP_FILE="$SUPERSET_HOME/setup.stamp"

mkdir -p "$SUPERSET_HOME" "$RUN_DIR" "$LOG_DIR"

# The root project's environment must not leak into uv/python calls made here.
unset VIRTUAL_ENV UV_PROJECT_ENVIRONMENT PYTHONPATH PYTHONHOME

say() { printf '[superset] %s\n' "$*"; }

superset_pid() {
    # Prints the pid of the running Superset (gunicorn master) started from this state dir.
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "gunicorn" || return 1
    echo "$pid"
}

superset_url() {
    local host="$SUPERSET_BIND"
    [ "$host" = "0.0.0.0" ] && host=127.0.0.1
    echo "http://$host:$SUPERSET_PORT"
}

health_ok() {
    curl -fsS --max-time 5 "$(superset_url)/health" >/dev/null 2>&1
}
