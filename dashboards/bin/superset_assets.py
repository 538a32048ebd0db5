"""Superset set-up, import and export for patrimoine-hlm.

Run with dashboards/.venv's python, through the bash scripts next to this file (they set
SUPERSET_CONFIG_PATH, SUPERSET_HOME and PATRIMOINE_STATE_DIR):

    superset_assets.py render          assets/ -> build/assets-<id>/ with the serving warehouse path
    superset_assets.py setup [--skip-migrations]
                                       db upgrade, init, admin account, render + import assets,
                                       roles and row-level security (superset_security.py)
    superset_assets.py import          render + import assets, roles and row-level security
    superset_assets.py export [--out DIR]
                                       Superset's dashboards -> assets/ (path placeholder restored)

Why not the stock CLI commands:
- one process instead of four: each `superset ...` command pays ~7-9 s of start-up here;
  `setup` runs the same code as `superset db upgrade` (flask_migrate.upgrade) and
  `superset init` (add_permissions + sync_role_definitions) in one application context;
- `superset import-directory` (ImportExamplesCommand) logs validation errors and exits 0,
  silently skips charts/dashboards whose references do not resolve, and does not rewrite the
  dataset id inside each chart's query_context, so `GET /api/v1/chart/<id>/data/` breaks as
  soon as the dataset id differs from the exporting instance. ImportAssetsCommand (what
  `POST /api/v1/assets/import/` uses, "managing Superset assets externally under source
  control, will overwrite everything") validates strictly, overwrites by UUID and fixes
  query_context; it has no CLI command, so it is called here.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import sys
from pathlib import Path

import superset_security
import yaml

DASHBOARDS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = DASHBOARDS_DIR.parent
ASSETS_DIR = DASHBOARDS_DIR / "assets"
BUILD_DIR = DASHBOARDS_DIR / "build"
PLACEHOLDER = "__SERVING_WAREHOUSE__"
STATE_DIR = superset_security.STATE_DIR
# One rendering per state directory: installs (a developer's, a test session's) can run
# their set-up at the same time without rendering over each other.
RENDERED_DIR = BUILD_DIR / (
    "assets-" + hashlib.sha256(str(STATE_DIR).encode()).hexdigest()[:12]
)
SECRETS_DIR = superset_security.SECRETS_DIR
ADMIN_PASSWORD_FILE = SECRETS_DIR / "superset_admin_password"
STAMP_FILE = STATE_DIR / "superset" / "setup.stamp"


def log(msg: str) -> None:
    print(f"[superset] {msg}", flush=True)


# --------------------------------------------------------------------------------------------
# Rendering (no Superset import needed)
# --------------------------------------------------------------------------------------------
def serving_warehouse() -> Path:
    # same default as the pipeline (orchestration/settings.py)
    warehouse_dir = Path(os.environ.get("PATRIMOINE_WAREHOUSE_DIR") or REPO_ROOT / "data/warehouse")
    raw = os.environ.get("SERVING_WAREHOUSE") or str(
        warehouse_dir.expanduser() / "serving" / "warehouse.duckdb"
    )
    path = Path(raw).expanduser().resolve()
    # SQLAlchemy 1.4 does not unquote the database part of a URL: keep it literal and refuse
    # the characters that would end it.
    if any(c in str(path) for c in "?#"):
        sys.exit(f"SERVING_WAREHOUSE must not contain '?' or '#': {path}")
    return path


def render() -> Path:
    """Copy assets/ to build/assets-<id>/, filling in the serving warehouse path."""
    warehouse = serving_warehouse()
    if not warehouse.exists():
        log(f"warning: serving warehouse {warehouse} does not exist yet "
            "(charts will show an error until the pipeline publishes it)")
    if RENDERED_DIR.exists():
        shutil.rmtree(RENDERED_DIR)
    RENDERED_DIR.mkdir(parents=True)
    (RENDERED_DIR / "STATE_DIR").write_text(f"{STATE_DIR}\n", encoding="utf-8")
    files = sorted(p for p in ASSETS_DIR.rglob("*") if p.suffix in {".yaml", ".yml"})
    if not files:
        sys.exit(f"no YAML assets under {ASSETS_DIR}")
    for src in files:
        rel = src.relative_to(ASSETS_DIR)
        text = src.read_text(encoding="utf-8")
        if rel.parts[0] == "databases":
            if PLACEHOLDER not in text:
                sys.exit(f"{src}: sqlalchemy_uri must contain the {PLACEHOLDER} placeholder")
            text = text.replace(PLACEHOLDER, str(warehouse))
        dst = RENDERED_DIR / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8")
    return RENDERED_DIR


def rendered_contents(root: Path) -> dict[str, str]:
    contents = {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.suffix in {".yaml", ".yml"}
    }
    # An export says `type: Dashboard`; the assets importer wants `assets` or nothing.
    metadata = yaml.safe_load(contents.get("metadata.yaml", "")) or {}
    metadata.pop("type", None)
    contents["metadata.yaml"] = yaml.safe_dump(metadata)
    return contents


def setup_fingerprint() -> str:
    """What the last successful setup was run with (checked by superset-start)."""
    import importlib.metadata

    digest = hashlib.sha256()
    digest.update(importlib.metadata.version("apache-superset").encode())
    digest.update(str(serving_warehouse()).encode())
    digest.update(os.environ.get("SUPERSET_ADMIN_USERNAME", "admin").encode())
    for p in sorted(ASSETS_DIR.rglob("*.yaml")):
        digest.update(str(p.relative_to(ASSETS_DIR)).encode())
        digest.update(p.read_bytes())
    digest.update((DASHBOARDS_DIR / "superset_config.py").read_bytes())
    # roles.yaml and the directions territoriales found in the warehouse
    digest.update(superset_security.security_fingerprint().encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Inside Superset
# --------------------------------------------------------------------------------------------
def superset_app():
    from superset.app import create_app

    return create_app()


def migrate_and_init() -> None:
    """Same as `superset db upgrade` then `superset init`."""
    import flask_migrate
    from superset.extensions import appbuilder, db, security_manager

    # Migrations and role sync print progress on stdout: keep it in the setup log.
    log("metadata database: migrations (superset db upgrade)")
    with contextlib.redirect_stdout(sys.stderr):
        flask_migrate.upgrade()
    log("roles and permissions (superset init)")
    with contextlib.redirect_stdout(sys.stderr):
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        db.session.commit()


def ensure_admin() -> str:
    from superset.extensions import db, security_manager

    username = os.environ.get("SUPERSET_ADMIN_USERNAME") or "admin"
    env_password = os.environ.get("SUPERSET_ADMIN_PASSWORD") or None
    user = security_manager.find_user(username=username)
    if user is None:
        if env_password:
            password, origin = env_password, "SUPERSET_ADMIN_PASSWORD"
        elif ADMIN_PASSWORD_FILE.is_file() and ADMIN_PASSWORD_FILE.read_text().strip():
            # metadata database re-created: keep the password already handed out
            password, origin = ADMIN_PASSWORD_FILE.read_text().strip(), str(ADMIN_PASSWORD_FILE)
        else:
            password = secrets.token_urlsafe(18)
            superset_security.write_secret(ADMIN_PASSWORD_FILE, password)
            origin = None
        created = security_manager.add_user(
            username=username,
            first_name="Administrateur",
            last_name="Patrimoine",
            email=f"{username}@patrimoine.invalid",
            role=security_manager.find_role("Admin"),
            password=password,
        )
        if not created:
            sys.exit(f"could not create the Superset admin account {username!r}")
        db.session.commit()
        if origin is None:
            # Never printed: stdout is also the set-up log.
            log(f"admin account {username!r} created; generated password stored in "
                f"{ADMIN_PASSWORD_FILE} (mode 600)")
        else:
            log(f"admin account {username!r} created, password from {origin}")
    elif env_password:
        security_manager.reset_password(user.id, env_password)
        db.session.commit()
        log(f"admin account {username!r} exists; password set from SUPERSET_ADMIN_PASSWORD")
    else:
        log(f"admin account {username!r} exists (unchanged)")
    return username


def import_assets(username: str) -> None:
    from superset.commands.exceptions import CommandInvalidError
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.extensions import security_manager
    from superset.utils.core import override_user

    root = render()
    contents = rendered_contents(root)
    log(f"importing {len(contents) - 1} assets from {root.relative_to(REPO_ROOT)}")
    with override_user(security_manager.find_user(username=username)):
        try:
            ImportAssetsCommand(contents).run()
        except CommandInvalidError as exc:
            sys.exit(f"asset import refused: {exc.normalized_messages()}")
        except Exception as exc:  # noqa: BLE001 - ImportFailedError wraps any cause; report it
            cause = exc.__cause__ or exc
            if isinstance(cause, CommandInvalidError):
                sys.exit(f"asset import refused: {cause.normalized_messages()}")
            sys.exit(f"asset import failed: {type(cause).__name__}: {cause}")
    verify_import(contents)
    # Kept when the import fails, for inspection; `render` alone also keeps it.
    shutil.rmtree(root, ignore_errors=True)


def verify_import(contents: dict[str, str]) -> None:
    """Every asset is in Superset under its UUID; every chart's query_context is usable."""
    import json

    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db
    from superset.models.core import Database
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    models = {"databases": Database, "datasets": SqlaTable, "charts": Slice,
              "dashboards": Dashboard}
    problems = []
    for name, text in contents.items():
        kind = name.split("/", 1)[0]
        if kind not in models:
            continue
        uuid = yaml.safe_load(text)["uuid"]
        obj = db.session.query(models[kind]).filter_by(uuid=uuid).one_or_none()
        if obj is None:
            problems.append(f"{name}: {uuid} not found after import")
            continue
        if kind == "charts":
            try:
                qc = json.loads(obj.query_context or "")
            except ValueError:
                problems.append(f"{name}: no query_context (GET /chart/<id>/data/ would fail)")
                continue
            if qc.get("datasource", {}).get("id") != obj.datasource_id:
                problems.append(f"{name}: query_context points to another dataset")
    if problems:
        sys.exit("import verification failed:\n  " + "\n  ".join(problems))
    log("assets imported and verified")


def strip_chart_ids(metadata: dict) -> None:
    """Drop chart ids that Superset's importer does not translate (they differ per install).

    Filter scopes are kept as `scope` (paths in the layout); the dashboard recomputes the
    charts in scope from it when `chartsInScope` is empty. Per-chart cross-filter settings
    are keyed by chart id: they would point to other charts after an import elsewhere.
    """
    for native_filter in metadata.get("native_filter_configuration") or []:
        native_filter["chartsInScope"] = []
    if isinstance(metadata.get("global_chart_configuration"), dict):
        metadata["global_chart_configuration"]["chartsInScope"] = []
    if metadata.get("chart_configuration"):
        metadata["chart_configuration"] = {}


def export_assets(out: Path = ASSETS_DIR) -> None:
    """Write every dashboard (with its charts, datasets and database) back to assets/."""
    from superset.commands.dashboard.export import ExportDashboardsCommand
    from superset.extensions import db, security_manager
    from superset.models.dashboard import Dashboard
    from superset.utils.core import override_user

    username = os.environ.get("SUPERSET_ADMIN_USERNAME") or "admin"
    warehouse = str(serving_warehouse())
    with override_user(security_manager.find_user(username=username)):
        ids = [id_ for (id_,) in db.session.query(Dashboard.id).all()]
        exported = {name: content() for name, content in ExportDashboardsCommand(ids).run()}

    # Keep the file name an asset already has (Superset names files "<title>_<id>.yaml",
    # and ids differ between installs); new objects get Superset's name without the id.
    existing = {}
    for p in ASSETS_DIR.rglob("*.yaml"):
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        if "uuid" in data:
            existing[str(data["uuid"])] = p.relative_to(ASSETS_DIR)

    staged = {}
    for name, text in exported.items():
        data = yaml.safe_load(text) or {}
        if name == "metadata.yaml":
            # Only a timestamp changes from one export to the next: keep the file as it is.
            current = ASSETS_DIR / name
            staged[Path(name)] = current.read_text(encoding="utf-8") if current.exists() else text
            continue
        rel = existing.get(str(data.get("uuid")))
        if rel is None:
            stem, _, suffix = Path(name).stem.rpartition("_")
            rel = Path(name).with_name(f"{stem}.yaml") if stem and suffix.isdigit() else Path(name)
        if rel.parts[0] == "databases":
            uri = data.get("sqlalchemy_uri", "")
            if warehouse not in uri:
                sys.exit(f"{name}: URI {uri!r} does not use SERVING_WAREHOUSE={warehouse}; "
                         "cannot restore the placeholder")
            data["sqlalchemy_uri"] = uri.replace(warehouse, PLACEHOLDER)
        if rel.parts[0] == "dashboards":
            strip_chart_ids(data.get("metadata") or {})
        # Superset escapes every non-ASCII character ("D\xE9carbonation"): keep French readable.
        staged[rel] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    out = out.resolve()
    stale = [p for p in out.rglob("*.yaml") if p.relative_to(out) not in staged]
    for rel, text in staged.items():
        dst = out / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8")
    for p in stale:
        p.unlink()
        log(f"removed {p} (no longer in Superset)")
    log(f"exported {len(staged)} files to {out}; "
        "review with `git diff dashboards/assets` before committing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("render")
    setup = sub.add_parser("setup")
    setup.add_argument("--skip-migrations", action="store_true")
    sub.add_parser("import")
    export = sub.add_parser("export")
    export.add_argument("--out", type=Path, default=ASSETS_DIR,
                        help="folder to write to (default: dashboards/assets)")
    sub.add_parser("fingerprint")
    args = parser.parse_args()

    if args.command == "render":
        print(render())
        return
    if args.command == "fingerprint":
        print(setup_fingerprint())
        return

    app = superset_app()
    with app.app_context():
        if args.command == "setup":
            if not args.skip_migrations:
                migrate_and_init()
            username = ensure_admin()
            import_assets(username)
            superset_security.apply_security()
            STAMP_FILE.write_text(setup_fingerprint() + "\n", encoding="utf-8")
        elif args.command == "import":
            import_assets(os.environ.get("SUPERSET_ADMIN_USERNAME") or "admin")
            superset_security.apply_security()
        elif args.command == "export":
            export_assets(args.out)


if __name__ == "__main__":
    main()
