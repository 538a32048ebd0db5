"""Volume and freshness of each contract source (warnings: they inform, they never block).

Warning, not blocking: a smaller delivery or a late one is worth telling the data officer, but
the data received is still right, so the publish goes on.
- volume: rows accepted from the latest file against the previous file of the same source and
  series (the contract's `volume_series`: a triennial survey against the previous triennial
  one); a change beyond ±50 % warns.
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


def volume_changes(conn: duckdb.DuckDBPyConnection,
                   source: str) -> list[tuple[str | None, int, int]]:
    """(group, previous, latest) rows accepted of the last two loaded files of each group.

    A group is one landlord's series: a landlord's file is compared with that landlord's
    previous one, never with another member's of a federation, and a series is what the
    contract's `volume_series` says a file holds (the survey kind): a triennial survey file is
    compared with the previous triennial one, never with a post-intervention file. The group
    is named by its series, prefixed with the landlord when several landlords sent files;
    None for a single landlord's source without series. Groups with a single file have nothing
    to compare and are left out.
    """
    rows = conn.execute(
        "select landlord_id, series, rows_accepted, row_number() over ("
        "partition by landlord_id, series order by loaded_at desc) as rank "
        "from raw.source_files where source = ? and status = 'loaded' qualify rank <= 2 "
        "order by landlord_id nulls first, series nulls first, rank desc",
        [source]).fetchall()
    several = len({landlord for landlord, *_ in rows}) > 1
    pairs: dict[str | None, list[int]] = {}
    for landlord, series, accepted, _ in rows:
        parts = [landlord if several else None, series]
        group = " ".join(p for p in parts if p) or None
        pairs.setdefault(group, []).append(accepted or 0)
    return [(group, counts[0], counts[1]) for group, counts in pairs.items()
            if len(counts) == 2]


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
                    description="Lignes acceptées du dernier fichier à ±50 % du précédent "
                    "fichier de la même série (même enquête, par exemple).")
    def _volume(warehouse: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            pairs = volume_changes(conn, contract.source) if _has_source_files(conn) else []
        if not pairs:
            return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                       description="moins de deux fichiers : rien à comparer")
        outside = [(series, previous, latest) for series, previous, latest in pairs
                   if not volume_ok(previous, latest)]
        shown = outside or pairs
        return dg.AssetCheckResult(
            passed=not outside, severity=dg.AssetCheckSeverity.WARN,
            description=" ; ".join(
                (f"{series} : " if series else "")
                + f"{latest} lignes acceptées contre {previous} au fichier précédent"
                for series, previous, latest in shown),
            metadata={"previous_rows": sum(p for _, p, _ in shown),
                      "latest_rows": sum(lt for _, _, lt in shown),
                      "unexpected_count": sum(abs(lt - p) for _, p, lt in outside)})

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
