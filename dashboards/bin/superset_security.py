"""Superset roles, dashboard access, row-level security and user accounts for patrimoine-hlm.

Run with dashboards/.venv's python, through the bash scripts next to this file:

    superset_security.py apply                     roles + dashboard roles + RLS from security/roles.yaml
    superset_security.py user-add USER ROLE [--first-name ..] [--last-name ..] [--email ..]
    superset_security.py user-remove USER [USER ...]
    superset_security.py user-list

`apply` is called by superset-setup after the asset import. It is declarative: each role of
dashboards/security/roles.yaml is reset to exactly what the file says, so running it again
changes nothing, and removing a dashboard from a role takes it away. The landlord and
territorial roles come from the data: one per landlord of the serving warehouse
(marts.dim_landlord, else the landlords of marts.dim_organisation and
marts.fct_dwelling_snapshot) and one per (landlord, direction territoriale) of the
organisation dimension (marts.dim_organisation): direction codes are the landlord's own and
collide between the landlords of a federation warehouse.

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
    #: columns the clause reads: every dataset under the filter must have them all
    rls_columns: tuple[str, ...] = ()
    #: datasets (table names) granted without the filter (no rows of one landlord / direction)
    rls_exempt: frozenset[str] = frozenset()
    #: the policy section the role was expanded from ("roles", "landlord_roles", ...)
    kind: str = "roles"
    #: (dataset table name, extra clause) pairs: a further filter on that dataset only
    rls_dataset_clauses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Landlord:
    landlord_id: str
    landlord_name: str | None = None


@dataclass(frozen=True)
class Direction:
    landlord_id: str
    direction_code: str
    direction_name: str | None = None


#: policy sections expanded from the warehouse, and the records each one is expanded from
DATA_ROLE_SECTIONS = ("landlord_roles", "territorial_roles")


def serving_warehouse() -> Path:
    # same default as superset_assets.py and the pipeline (orchestration/settings.py)
    repo = DASHBOARDS_DIR.parent
    warehouse_dir = Path(os.environ.get("PATRIMOINE_WAREHOUSE_DIR") or repo / "data/warehouse")
    raw = os.environ.get("SERVING_WAREHOUSE") or str(warehouse_dir / "serving" / "warehouse.duckdb")
    return Path(raw).expanduser().resolve()


def _tables(conn) -> set[tuple[str, str]]:
    return set(conn.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = current_database() union all "
        "select schema_name, view_name from duckdb_views() "
        "where database_name = current_database() and not internal").fetchall())


def warehouse_landlords(warehouse: Path) -> list[Landlord]:
    """The landlords of the serving warehouse, [] without a warehouse.

    marts.dim_landlord (one row per landlord, with its name) when the warehouse has it;
    otherwise the landlords of the organisation dimension and of the dwelling snapshots (a
    warehouse published before dim_landlord existed), without a name."""
    import duckdb

    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = _tables(conn)
        if ("marts", "dim_landlord") in tables:
            rows = conn.execute(
                "select landlord_id, min(landlord_name) from marts.dim_landlord "
                "where landlord_id is not null group by 1 order by 1").fetchall()
            return [Landlord(i, n) for i, n in rows]
        sources = [f"select landlord_id from marts.{t}"
                   for t in ("dim_organisation", "fct_dwelling_snapshot")
                   if ("marts", t) in tables]
        if not sources:
            return []
        rows = conn.execute(
            f"select distinct landlord_id from ({' union all '.join(sources)}) "
            "where landlord_id is not null order by 1").fetchall()
        return [Landlord(i) for (i,) in rows]


def warehouse_directions(warehouse: Path) -> list[Direction]:
    """(landlord, direction) pairs of the organisation dimension, [] without a warehouse."""
    import duckdb

    if not warehouse.exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        try:
            rows = conn.execute(
                "select landlord_id, direction_code, min(direction_name) "
                "from marts.dim_organisation where direction_code is not null "
                "group by 1, 2 order by 1, 2"
            ).fetchall()
        except duckdb.CatalogException:  # published before the organisation dimension existed
            return []
    return [Direction(*row) for row in rows]


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def role_specs(policy: dict, landlords: list[Landlord],
               directions: list[Direction]) -> list[RoleSpec]:
    """Every role the policy asks for: fixed roles, then one per landlord (landlord_roles) and
    one per (landlord, direction) (territorial_roles), each restricted by a row-level
    security clause over its `row_level_security.columns`, e.g.
    ``landlord_id = '033HLM007' and direction_code = 'DT-BDX'``."""

    def dashboards(value) -> str | tuple[str, ...]:
        return "*" if value == "*" else tuple(value)

    specs = [RoleSpec(r["name"], dashboards(r["dashboards"])) for r in policy.get("roles", [])]
    names_of = {landlord.landlord_id: landlord.landlord_name for landlord in landlords}
    records = {
        "landlord_roles": [
            {"landlord_id": l.landlord_id, "landlord_name": l.landlord_name or l.landlord_id}
            for l in landlords],
        "territorial_roles": [
            {"landlord_id": d.landlord_id,
             "landlord_name": names_of.get(d.landlord_id) or d.landlord_id,
             "direction_code": d.direction_code,
             "direction_name": d.direction_name or d.direction_code}
            for d in directions],
    }
    for section in DATA_ROLE_SECTIONS:
        template = policy.get(section)
        if not template:
            continue
        rls = template["row_level_security"]
        columns = tuple(rls["columns"])
        exempt = frozenset(rls.get("exempt_datasets") or ())
        dataset_clauses = tuple(sorted((rls.get("dataset_clauses") or {}).items()))
        for record in records[section]:
            missing = [c for c in columns if not record.get(c)]
            if missing:
                sys.exit(f"{POLICY_FILE}: {section}: no value for {missing} in {record}")
            specs.append(RoleSpec(
                template["name"].format(**record),
                dashboards(template["dashboards"]),
                " and ".join(f"{c} = {sql_literal(record[c])}" for c in columns),
                columns,
                exempt,
                section,
                dataset_clauses,
            ))
    names = [s.name for s in specs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        sys.exit(f"{POLICY_FILE}: role names are not unique: {duplicates} (a role name "
                 "template must name every column of its row-level security clause)")
    return specs


def managed_prefixes(policy: dict) -> list[str]:
    """The fixed start of each data role name template ("Bailleur ", "Direction
    territoriale "): a role starting with it and no longer expanded is stale."""
    return [policy[s]["name"].split("{")[0] for s in DATA_ROLE_SECTIONS
            if policy.get(s) and policy[s]["name"].split("{")[0]]


def load_policy() -> dict:
    return yaml.safe_load(POLICY_FILE.read_text(encoding="utf-8"))


def security_fingerprint() -> str:
    """What the roles depend on: the policy file, the landlords and the directions in the
    warehouse."""
    digest = hashlib.sha256(POLICY_FILE.read_bytes())
    try:
        warehouse = serving_warehouse()
        digest.update(repr(warehouse_landlords(warehouse)).encode())
        digest.update(repr(warehouse_directions(warehouse)).encode())
    except Exception as exc:  # noqa: BLE001 - a warehouse being replaced: set-up will tell
        digest.update(type(exc).__name__.encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Inside Superset (application context)
# --------------------------------------------------------------------------------------------
def _apply_dataset_clauses(db, RowLevelSecurityFilter, spec: RoleSpec, role,
                           datasets: list) -> None:
    """The role's further filters on single datasets (`dataset_clauses` in roles.yaml), one
    Superset RLS filter each, named after the role and the table; filters of a clause no longer
    in the policy, or of a dataset the role no longer reads, are deleted."""
    from superset.utils.core import RowLevelSecurityFilterType

    prefix = f"RLS {spec.name} · "
    wanted = {}
    for table, clause in spec.rls_dataset_clauses:
        tables = [ds for ds in datasets if ds.table_name == table]
        if tables:
            wanted[prefix + table] = (clause, tables)
    existing = db.session.query(RowLevelSecurityFilter).filter(
        RowLevelSecurityFilter.name.startswith(prefix)).all()
    for rls in existing:
        if rls.name not in wanted:
            db.session.delete(rls)
    by_name = {rls.name: rls for rls in existing}
    for name, (clause, tables) in wanted.items():
        rls = by_name.get(name)
        if rls is None:
            rls = RowLevelSecurityFilter(name=name)
            db.session.add(rls)
        rls.description = RLS_DESCRIPTION
        rls.filter_type = RowLevelSecurityFilterType.REGULAR.value
        rls.clause = clause
        rls.group_key = None
        rls.roles = [role]
        rls.tables = tables


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
    landlords = warehouse_landlords(warehouse)
    directions = warehouse_directions(warehouse)
    if policy.get("landlord_roles") and not landlords:
        log(f"warning: no landlord in {warehouse} (marts.dim_landlord, marts.dim_organisation): "
            "no landlord role; run superset-setup again after the next publish")
    if policy.get("territorial_roles") and not directions:
        log(f"warning: no direction territoriale in {warehouse} (marts.dim_organisation): "
            "no territorial role; run superset-setup again after the next publish")
    specs = role_specs(policy, landlords, directions)
    all_dashboards = db.session.query(Dashboard).all()
    by_slug = {d.slug: d for d in all_dashboards}
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
        # Exempt: datasets with no rows of one landlord or direction (the publication date,
        # the federation's aggregates by territory), declared in roles.yaml.
        restricted = [ds for ds in datasets if ds.table_name not in spec.rls_exempt]
        unfiltered = [ds.table_name for ds in restricted
                      if not set(spec.rls_columns)
                      <= mart_columns.get((ds.schema, ds.table_name), set())]
        if unfiltered:
            sys.exit(f"role {spec.name!r}: datasets without column(s) "
                     f"{list(spec.rls_columns)} in {warehouse}: {unfiltered}; add them to the "
                     "mart, exempt the dataset in roles.yaml or do not grant it")
        if rls is None:
            rls = RowLevelSecurityFilter(name=name)
            db.session.add(rls)
        rls.description = RLS_DESCRIPTION
        rls.filter_type = RowLevelSecurityFilterType.REGULAR.value
        rls.clause = spec.rls_clause
        rls.group_key = None
        rls.roles = [role]
        rls.tables = restricted
        _apply_dataset_clauses(db, RowLevelSecurityFilter, spec, role, datasets)

    # Roles of landlords or directions that left the data (or named by an older template) are
    # kept, since users may hold them, but emptied: base role only, no dataset, no dashboard.
    # Their row-level security clause was written for another warehouse (a direction code
    # alone reads every landlord's direction of that code once a second landlord joins).
    managed = {s.name for s in specs}
    prefixes = managed_prefixes(policy)
    stale = sorted(r.name for r in security_manager.get_all_roles()
                   if r.name not in managed and any(r.name.startswith(p) for p in prefixes))
    for name in stale:
        security_manager.copy_role(policy["base_role"], name, merge=False)

    # Dashboard roles (DASHBOARD_RBAC): exactly the roles granted above.
    for dashboard in all_dashboards:
        others = [r for r in dashboard.roles if r.name not in managed and r.name not in stale]
        dashboard.roles = others + granted[dashboard.id]
    db.session.commit()

    if stale:
        log(f"warning: roles no longer in the warehouse, kept without any access (give their "
            f"users one of the roles above): {stale}")
    by_kind = {k: sum(1 for s in specs if s.kind == k) for k in DATA_ROLE_SECTIONS}
    log(f"roles applied: {', '.join(s.name for s in specs)} "
        f"({by_kind['landlord_roles']} landlord roles, {by_kind['territorial_roles']} "
        "territorial roles, each with row-level security)")


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
    # A user who opened a dashboard with native filters owns entries of Superset's metastore
    # cache (filter states, key_value): they stay, without an owner, so the user can go.
    from superset.key_value.models import KeyValueEntry

    ids = [user.id for user in users]
    for column in (KeyValueEntry.created_by_fk, KeyValueEntry.changed_by_fk):
        db.session.query(KeyValueEntry).filter(column.in_(ids)).update(
            {column: None}, synchronize_session=False)
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
