"""Volume and freshness of each contract source (warnings: they inform, they never block).

Warning, not blocking: a smaller delivery or a late one is worth telling the data officer, but
the data received is still right, so the publish goes on.
- volume: rows accepted from the latest file against the previous file of the same source;
  a change beyond ±50 % warns.
- freshness: the latest file loaded against the contract cadence (daily 2 days, monthly 35
  days, yearly 380 days). A source that never sent a file is reported by its ingestion asset,
  not here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from orchestration.lib.contracts import Contract

MAX_VOLUME_CHANGE = 0.5
CADENCE_DAYS = {"daily": 2, "weekly": 9, "monthly": 35, "quarterly": 100, "yearly": 380}


def volume_change(conn: duckdb.DuckDBPyConnection, source: str) -> tuple[int, int] | None:
    """(previous, latest) rows accepted of the last two loaded files, None if fewer."""
    rows = conn.execute(
        "select rows_accepted from raw.source_files where source = ? and status = 'loaded' "
        "order by loaded_at desc limit 2", [source]).fetchall()
    return None if len(rows) < 2 else (rows[1][0] or 0, rows[0][0] or 0)


def volume_ok(previous: int, latest: int) -> bool:
    if previous == 0:  # nothing to compare with
        return True
    return abs(latest - previous) / previous <= MAX_VOLUME_CHANGE


def last_load(conn: duckdb.DuckDBPyConnection, source: str) -> datetime | None:
    return conn.execute("select max(loaded_at) from raw.source_files where source = ? "
                        "and status = 'loaded'", [source]).fetchone()[0]


def _has_source_files(conn) -> bool:
    return conn.execute("select count(*) from information_schema.tables where "
                        "table_schema = 'raw' and table_name = 'source_files'").fetchone()[0] > 0


def build_source_health_checks(contract: Contract) -> list[dg.AssetChecksDefinition]:
    key = dg.AssetKey(["raw", contract.source])
    max_age = timedelta(days=CADENCE_DAYS.get(contract.cadence, 380))

    @dg.asset_check(asset=key, name="volume_change", blocking=False,
                    description="Lignes acceptées du dernier fichier à ±50 % du précédent.")
    def _volume(warehouse: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            pair = volume_change(conn, contract.source) if _has_source_files(conn) else None
        if pair is None:
            return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                       description="moins de deux fichiers : rien à comparer")
        previous, latest = pair
        ok = volume_ok(previous, latest)
        return dg.AssetCheckResult(
            passed=ok, severity=dg.AssetCheckSeverity.WARN,
            description=f"{latest} lignes acceptées contre {previous} au fichier précédent",
            metadata={"previous_rows": previous, "latest_rows": latest,
                      "unexpected_count": 0 if ok else abs(latest - previous)})

    @dg.asset_check(asset=key, name="freshness", blocking=False,
                    description=f"Dernier fichier reçu depuis moins de {max_age.days} jours "
                    f"(cadence {contract.cadence}).")
    def _freshness(warehouse: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            last = last_load(conn, contract.source) if _has_source_files(conn) else None
        if last is None:
            return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                       description="aucun fichier reçu (voir l'ingestion)")
        age = datetime.now() - last
        return dg.AssetCheckResult(
            passed=age <= max_age, severity=dg.AssetCheckSeverity.WARN,
            description=f"dernier fichier chargé le {last:%Y-%m-%d %H:%M} "
            f"({age.days} jour(s), cadence {contract.cadence})",
            metadata={"age_days": age.days, "max_age_days": max_age.days})

    return [_volume, _freshness]
