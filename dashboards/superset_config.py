"""Superset configuration for patrimoine-hlm.

Loaded by Superset through ``SUPERSET_CONFIG_PATH`` (the scripts in ``dashboards/bin`` set it).
Everything install-specific comes from the environment or from the state directory; nothing
secret lives in the repository.

Environment:
    PATRIMOINE_STATE_DIR  state directory (default: <repo>/.local, git-ignored).
                          Superset's metadata database lives in $PATRIMOINE_STATE_DIR/superset/,
                          the secret key in $PATRIMOINE_STATE_DIR/secrets/superset_secret_key
                          (written once per install by dashboards/bin/superset-setup).
"""

from __future__ import annotations

import os
from pathlib import Path

from flask_appbuilder.security.manager import AUTH_DB
from superset.utils.log import DBEventLogger

REPO_ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = Path(os.environ.get("PATRIMOINE_STATE_DIR") or REPO_ROOT / ".local").resolve()
SUPERSET_STATE_DIR = STATE_DIR / "superset"
SECRET_KEY_FILE = STATE_DIR / "secrets" / "superset_secret_key"


def _read_secret_key() -> str:
    try:
        key = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if not key:
        raise RuntimeError(
            f"Superset secret key not found in {SECRET_KEY_FILE}. "
            "Run dashboards/bin/superset-setup first (it generates one per install)."
        )
    return key


# --- Secrets and metadata database --------------------------------------------------------
SECRET_KEY = _read_secret_key()
SQLALCHEMY_DATABASE_URI = (
    f"sqlite:///{SUPERSET_STATE_DIR / 'superset.db'}?check_same_thread=false"
)
# No example data: point the examples URI at the metadata DB's folder, never load examples.
SQLALCHEMY_EXAMPLES_URI = f"sqlite:///{SUPERSET_STATE_DIR / 'examples.db'}"
UPLOAD_FOLDER = str(SUPERSET_STATE_DIR / "uploads") + "/"

# --- Security -----------------------------------------------------------------------------
AUTH_TYPE = AUTH_DB
WTF_CSRF_ENABLED = True
# The default roles already keep SQL Lab for Admin only (Gamma has no sql_lab permission);
# nobody gets the Public role's access.
PUBLIC_ROLE_LIKE = None
# Never allow sqlite/shillelagh URIs as data sources (Superset's default, kept explicit).
# DuckDB is not on Superset 6.1's block list, so nothing else is needed for it.
PREVENT_UNSAFE_DB_CONNECTIONS = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

FEATURE_FLAGS = {
    "THUMBNAILS": False,
    "ALERT_REPORTS": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
    "ALLOW_ADHOC_SUBQUERY": False,
    "EMBEDDED_SUPERSET": False,
    # Dashboards are granted to roles (dashboards/security/roles.yaml, applied at set-up): a
    # user cannot open a dashboard none of its roles is granted.
    "DASHBOARD_RBAC": True,
}

# --- Action log -------------------------------------------------------------------------------
class ActionEventLogger(DBEventLogger):
    """Superset's action log (who logged in, opened which dashboard, queried which chart) in the
    metadata database, without the timings of each chart query's inner steps.

    Every chart data request logs six events, each one commit on SQLite: the request itself
    (kept) and five step timings meant for a metrics system. Under load those five commits
    were about a third of a chart's response time (measured with cProfile at 30,000 dwellings).
    """

    STEP_TIMINGS = frozenset({
        "_get_data_response", "execute_sql", "load_into_dataframe",
        "QueryObject.post_processing", "ChartDataRestApi.json_dumps",
    })

    def log(self, user_id, action, *args, **kwargs):
        if action in self.STEP_TIMINGS:
            return None
        return super().log(user_id, action, *args, **kwargs)


EVENT_LOGGER = ActionEventLogger()

# --- Caches: all offline, no Redis, no Celery ----------------------------------------------
# Query results are not cached: the serving warehouse is swapped on each publish and must be
# shown as soon as it is published. Filter and explore state stay in the metadata database
# (Superset's default), which needs no extra service.
CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
THUMBNAIL_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
RESULTS_BACKEND = None

# --- French by default ----------------------------------------------------------------------
BABEL_DEFAULT_LOCALE = "fr"
LANGUAGES = {
    "fr": {"flag": "fr", "name": "Français"},
    "en": {"flag": "us", "name": "English"},
}
# d3-format / d3-time-format locales (fr-FR) used by every chart.
D3_FORMAT = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0€"],
    "percent": "\u202f%",
}
D3_TIME_FORMAT = {
    "dateTime": "%A %e %B %Y à %X",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    "months": [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ],
    "shortMonths": [
        "janv.", "févr.", "mars", "avr.", "mai", "juin",
        "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ],
}
CURRENCIES = ["EUR"]

# --- Misc -------------------------------------------------------------------------------------
APP_NAME = "Patrimoine HLM"
ROW_LIMIT = 50000
SQLLAB_TIMEOUT = 60
SUPERSET_WEBSERVER_TIMEOUT = 120
# Links in the welcome page: no "examples" tab content to show.
WELCOME_PAGE_LAST_TAB = "all"
