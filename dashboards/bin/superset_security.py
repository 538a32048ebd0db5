"""Superset roles, dashboard access, row-level security and user accounts for patrimoine-hlm.

Run with dashboards/.venv's python, through the bash scripts next to this file:

    superset_security.py apply                     roles + dashboard roles + RLS from security/roles.yaml
    superset_security.py user-add USER ROLE [--first-name ..] [--last-name ..] [--email ..]
    superset_security.py user-remove USER [USER ...]
    superset_security.py user-list

`apply` is called by superset-setup after the asset import. It is declarative: each role of
dashboards/security/roles.yaml is reset to exactly what the file says, so running it again
changes nothing, and removing a dashboard from a role takes it away. The territorial roles come
from the data: one per direction territoriale of the serving warehouse's organisation dimension
(marts.dim_organisation), since each landlord has its own directions.

Everything goes through Superset's own security manager and models (roles copied from Gamma,
`datasource_access` permissions, Dashboard.roles for DASHBOARD_RBAC, RowLevelSecurityFilter):
no SQL written into Superset's metadata by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

DASHBOARDS_DIR = Path(__file__).resolve().parents[1]
POLICY_FILE = DASHBOARDS_DIR / "security" / "roles.yaml"
STATE_DIR = Path(
    os.environ.get("PATRIMOINE_STATE_DIR") or DASHBOARDS_DIR.parent / ".local"
).resolve()
SECRETS_DIR = STATE_DIR / "secrets"
#: generated passwords of the accounts made by `superset-user add` (mode 600, one file each)
USER_SECRETS_DIR = SECRETS_DIR / "users"
RLS_DESCRIPTION = "Managed by dashboards/bin/superset-setup from dashboards/security/roles.yaml"


def log(msg: str) -> None:
    print(f"[superset] {msg}", flush=True)


# --------------------------------------------------------------------------------------------
# The policy (no Superset import needed)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoleSpec:
    name: str
    dashboards: str | tuple[str, ...]  # "*" or slugs
    rls_clause: str | None = None


def serving_warehouse() -> Path:
    # same default as superset_assets.py and the pipeline (orchestration/settings.py)
    repo = DASHBOARDS_DIR.parent
    warehouse_dir = Path(os.environ.get("PATRIMOINE_WAREHOUSE_DIR") or repo / "data/warehouse")
    raw = os.environ.get("SERVING_WAREHOUSE") or str(warehouse_dir / "serving" / "warehouse.duckdb")
    return Path(raw).expanduser().resolve()


def warehouse_directions(warehouse: Path) -> list[tuple[str, str]]:
    """(direction_code, direction_name) of the organisation dimension, [] without a warehouse."""
    import duckdb

    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        try:
            return conn.execute(
                "select direction_code, min(direction_name) from marts.dim_organisation "
                "where direction_code is not null group by 1 order by 1"
            ).fetchall()
        except duckdb.CatalogException:  # published before the organisation dimension existed
            return []


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def role_specs(policy: dict, directions: list[tuple[str, str]]) -> list[RoleSpec]:
    """Every role the policy asks for, territorial ones expanded from the directions."""

    def dashboards(value) -> str | tuple[str, ...]:
        return "*" if value == "*" else tuple(value)

    specs = [RoleSpec(r["name"], dashboards(r["dashboards"])) for r in policy.get("roles", [])]
    territorial = policy.get("territorial_roles")
    if territorial:
        column = territorial["row_level_security"]["column"]
        for code, name in directions:
            specs.append(RoleSpec(
                territorial["name"].format(direction_code=code, direction_name=name),
                dashboards(territorial["dashboards"]),
                f"{column} = {sql_literal(code)}",
            ))
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        sys.exit(f"{POLICY_FILE}: role names are not unique: {names}")
    return specs


def load_policy() -> dict:
    return yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))


def security_fingerprint() -> str:
    """What the roles depend on: the policy file and the directions in the warehouse."""
    digest = hashlib.sha256(POLICY_FILE.read_bytes())
    try:
        digest.update(repr(warehouse_directions(serving_warehouse())).encode())
    except Exception as exc:  # noqa: BLE001 - a warehouse being replaced: set-up will tell
        digest.update(type(exc).__name__.encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Inside Superset (application context)
# --------------------------------------------------------------------------------------------
def apply_security() -> None:
    """Create/reset the roles, grant dashboards (DASHBOARD_RBAC) and set the RLS filters."""
    from superset.connectors.sqla.models import RowLevelSecurityFilter
    from superset.extensions import db, security_manager
    from superset.models.dashboard import Dashboard
    from superset.utils.core import RowLevelSecurityFilterType

    # The asset import links charts to dashboards with plain inserts: reload every object so
    # that each dashboard's charts (and so its datasets) are the ones just imported.
    db.session.expire_all()
    policy = load_policy()
    warehouse = serving_warehouse()
    directions = warehouse_directions(warehouse)
    if not directions:
        log(f"warning: no direction territoriale in {warehouse} (marts.dim_organisation): "
            "no territorial role; run superset-setup again after the next publish")
    specs = role_specs(policy, directions)
    all_dashboards = db.session.query(Dashboard).all()
    by_slug = {d.slug: d for d in all_dashboards}
    rls_policy = (policy.get("territorial_roles") or {}).get("row_level_security", {})
    rls_column = rls_policy.get("column")
    # Datasets with no territorial rows (the publication date): the same for every role.
    rls_exempt = set(rls_policy.get("exempt_datasets") or ())
    mart_columns = warehouse_columns(warehouse)

    granted: dict[int, list] = {d.id: [] for d in all_dashboards}
    for spec in specs:
        if spec.dashboards == "*":
            dashboards = all_dashboards
        else:
            missing = [s for s in spec.dashboards if s not in by_slug]
            if missing:
                sys.exit(f"{POLICY_FILE}: role {spec.name!r}: no dashboard with slug {missing}")
            dashboards = [by_slug[s] for s in spec.dashboards]
        datasets = sorted({ds for d in dashboards for ds in d.datasources},
                          key=lambda ds: ds.table_name)

        # The role = the base role's permissions + read access to its dashboards' datasets.
        security_manager.copy_role(policy["base_role"], spec.name, merge=False)
        role = security_manager.find_role(spec.name)
        for dataset in datasets:
            pvm = security_manager.add_permission_view_menu("datasource_access", dataset.perm)
            security_manager.add_permission_role(role, pvm)
        for dashboard in dashboards:
            granted[dashboard.id].append(role)

        # Row-level security on every dataset the role can read; refuse a dataset whose
        # table has no such column (the role would otherwise see every territory).
        name = f"RLS {spec.name}"
        rls = db.session.query(RowLevelSecurityFilter).filter_by(name=name).one_or_none()
        if spec.rls_clause is None:
            if rls is not None:
                db.session.delete(rls)
            continue
        restricted = [ds for ds in datasets if ds.table_name not in rls_exempt]
        unfiltered = [ds.table_name for ds in restricted
                      if rls_column not in mart_columns.get((ds.schema, ds.table_name), set())]
        if unfiltered:
            sys.exit(f"role {spec.name!r}: datasets without column {rls_column!r} in "
                     f"{warehouse}: {unfiltered}; add it to the mart or do not grant them")
        if rls is None:
            rls = RowLevelSecurityFilter(name=name)
            db.session.add(rls)
        rls.description = RLS_DESCRIPTION
        rls.filter_type = RowLevelSecurityFilterType.REGULAR.value
        rls.clause = spec.rls_clause
        rls.group_key = None
        rls.roles = [role]
        rls.tables = restricted

    # Dashboard roles (DASHBOARD_RBAC): exactly the roles granted above.
    managed = {s.name for s in specs}
    for dashboard in all_dashboards:
        others = [r for r in dashboard.roles if r.name not in managed]
        dashboard.roles = others + granted[dashboard.id]
    db.session.commit()

    # Roles of directions that left the data are kept (users may hold them) but reported.
    prefix = (policy.get("territorial_roles") or {}).get("name", "").split("{")[0]
    stale = [r.name for r in security_manager.get_all_roles()
             if prefix and r.name.startswith(prefix) and r.name not in managed]
    if stale:
        log(f"warning: roles of directions no longer in the warehouse (kept): {stale}")
    rls_roles = sum(1 for s in specs if s.rls_clause)
    log(f"roles applied: {', '.join(s.name for s in specs)} "
        f"({rls_roles} with row-level security on {rls_column})")


def warehouse_columns(warehouse: Path) -> dict[tuple[str, str], set[str]]:
    import duckdb

    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute(
            "select schema_name, table_name, column_name from duckdb_columns() "
            "where database_name = current_database()"
        ).fetchall()
    columns: dict[tuple[str, str], set[str]] = {}
    for schema, table, column in rows:
        columns.setdefault((schema, table), set()).add(column)
    return columns


def write_secret(path: Path, value: str) -> None:
    """Write a secret readable by its owner only (directory 700, file 600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    os.replace(tmp, path)


def add_user(username: str, role_name: str, first_name: str, last_name: str,
             email: str | None) -> None:
    """Create a user with one role; the password comes from SUPERSET_USER_PASSWORD or is
    generated into secrets/users/<username> (mode 600), never printed: terminals and logs
    keep what is printed."""
    from superset.extensions import db, security_manager

    role = security_manager.find_role(role_name)
    if role is None:
        roles = sorted(r.name for r in security_manager.get_all_roles())
        sys.exit(f"no role {role_name!r}; roles: {', '.join(roles)}")
    if security_manager.find_user(username=username) is not None:
        sys.exit(f"user {username!r} already exists")
    password = os.environ.get("SUPERSET_USER_PASSWORD") or secrets.token_urlsafe(18)
    secret = USER_SECRETS_DIR / username
    user = security_manager.add_user(
        username=username, first_name=first_name, last_name=last_name,
        email=email or f"{username}@patrimoine.invalid", role=role, password=password,
    )
    if not user:
        sys.exit(f"could not create user {username!r}")
    db.session.commit()
    if not os.environ.get("SUPERSET_USER_PASSWORD"):
        write_secret(secret, password)
    if os.environ.get("SUPERSET_USER_PASSWORD"):
        log(f"user {username!r} created with role {role_name!r}, "
            "password from SUPERSET_USER_PASSWORD")
    else:
        log(f"user {username!r} created with role {role_name!r}; password in {secret} "
            "(mode 600): hand it to the user, then delete the file")


def remove_users(usernames: list[str]) -> None:
    from superset.extensions import db, security_manager

    users = [security_manager.find_user(username=name) for name in usernames]
    unknown = [name for name, user in zip(usernames, users) if user is None]
    if unknown:
        sys.exit(f"no user {unknown}")
    admins = [u.username for u in users if any(r.name == "Admin" for r in u.roles)]
    if admins:
        sys.exit(f"{admins} are administrators: remove them in Superset's UI")
    for user in users:
        db.session.delete(user)
    db.session.commit()
    for name in usernames:
        (USER_SECRETS_DIR / name).unlink(missing_ok=True)
    log(f"removed: {', '.join(usernames)}")


def list_users() -> None:
    from superset.extensions import security_manager

    for user in sorted(security_manager.get_all_users(), key=lambda u: u.username):
        roles = ", ".join(sorted(r.name for r in user.roles))
        print(f"{user.username}\t{roles}\t{'actif' if user.active else 'inactif'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("apply")
    add = sub.add_parser("user-add")
    add.add_argument("username")
    add.add_argument("role")
    add.add_argument("--first-name", default="Utilisateur")
    add.add_argument("--last-name", default="Patrimoine")
    add.add_argument("--email")
    remove = sub.add_parser("user-remove")
    remove.add_argument("username", nargs="+")
    sub.add_parser("user-list")
    sub.add_parser("fingerprint")
    args = parser.parse_args()
    if args.command == "fingerprint":
        print(security_fingerprint())
        return

    from superset.app import create_app

    with create_app().app_context():
        if args.command == "apply":
            apply_security()
        elif args.command == "user-add":
            add_user(args.username, args.role, args.first_name, args.last_name, args.email)
        elif args.command == "user-remove":
            remove_users(args.username)
        elif args.command == "user-list":
            list_users()


if __name__ == "__main__":
    main()
