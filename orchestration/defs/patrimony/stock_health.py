"""Volume and freshness of the RPLS millésimes (warnings: they inform, they never block).

The contract sources get these from `quality/source_health.py`, by file and load date; RPLS is
judged by millésime instead, because that is how it is produced:
- volume: a landlord's stock moves by a few percent a year (deliveries, sales, demolitions);
  a millésime declaring more than ±10 % dwellings than the previous one is more often a partial
  extract or a merger than a real change, and is worth a look before the KPIs move.
- freshness: millésime N (state at 1 January N) must be sent before 1 March N (arrêté du
  5 janvier 2010); from 1 March, a landlord whose latest millésime is older is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from orchestration.defs.patrimony import loader
from orchestration.defs.patrimony.assets import RPLS_KEY

MAX_STOCK_CHANGE = 0.10
DEADLINE_MONTH_DAY = (3, 1)  # millésime N is due before 1 March N


@dataclass(frozen=True)
class MillesimeStock:
    landlord_id: str
    millesime: int
    dwellings: int  # lines read from the file (accepted + quarantined): what the landlord sent


def millesime_stocks(conn: duckdb.DuckDBPyConnection) -> list[MillesimeStock]:
    """Dwelling lines per landlord and millésime, from the latest loaded file of each."""
    rows = conn.execute(
        """
        select landlord_id, cast(period as integer) as millesime, rows_read
        from raw.source_files
        where source = ? and status = 'loaded' and period is not null
        qualify row_number() over (
            partition by landlord_id, period order by loaded_at desc) = 1
        order by landlord_id, millesime
        """, [loader.SOURCE]).fetchall()
    return [MillesimeStock(r[0] or "", r[1], r[2] or 0) for r in rows]


def stock_changes(stocks: list[MillesimeStock]) -> list[tuple[MillesimeStock, MillesimeStock]]:
    """(previous, latest) millésime of each landlord that sent at least two."""
    by_landlord: dict[str, list[MillesimeStock]] = {}
    for s in stocks:
        by_landlord.setdefault(s.landlord_id, []).append(s)
    return [(ms[-2], ms[-1]) for ms in (sorted(v, key=lambda s: s.millesime)
                                        for v in by_landlord.values()) if len(ms) >= 2]


def change_ok(previous: int, latest: int) -> bool:
    return previous == 0 or abs(latest - previous) / previous <= MAX_STOCK_CHANGE


def expected_millesime(today: date) -> int:
    """The latest millésime a landlord must have sent by `today`."""
    return today.year if (today.month, today.day) >= DEADLINE_MONTH_DAY else today.year - 1


def late_landlords(stocks: list[MillesimeStock], today: date) -> dict[str, int]:
    """landlord → latest millésime received, for the landlords behind the expected one."""
    latest: dict[str, int] = {}
    for s in stocks:
        latest[s.landlord_id] = max(latest.get(s.landlord_id, s.millesime), s.millesime)
    expected = expected_millesime(today)
    return {landlord: m for landlord, m in sorted(latest.items()) if m < expected}


def _has_source_files(conn: duckdb.DuckDBPyConnection) -> bool:
    return conn.execute("select count(*) from information_schema.tables where "
                        "table_schema = 'raw' and table_name = 'source_files'").fetchone()[0] > 0


def _stocks(warehouse: DuckDBResource) -> list[MillesimeStock]:
    with warehouse.get_connection() as conn:
        return millesime_stocks(conn) if _has_source_files(conn) else []


@dg.asset_check(asset=RPLS_KEY, name="rpls_stock_change", blocking=False,
                description="Logements déclarés au dernier millésime RPLS à ±10 % du millésime "
                "précédent, par bailleur.")
def rpls_stock_change(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    pairs = stock_changes(_stocks(warehouse))
    problems = [f"{latest.landlord_id} : {latest.dwellings} logements au millésime "
                f"{latest.millesime} contre {previous.dwellings} en {previous.millesime}"
                for previous, latest in pairs if not change_ok(previous.dwellings,
                                                               latest.dwellings)]
    return dg.AssetCheckResult(
        passed=not problems, severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(problems) or (
            f"{len(pairs)} bailleur(s) : parc stable à ±10 % d'un millésime à l'autre"
            if pairs else "moins de deux millésimes : rien à comparer"),
        metadata={"landlords_compared": len(pairs), "problems": problems,
                  "unexpected_count": len(problems)})


@dg.asset_check(asset=RPLS_KEY, name="rpls_millesime_freshness", blocking=False,
                description="Le millésime RPLS de l'année (état au 1er janvier) est reçu à "
                "partir du 1er mars, pour chaque bailleur.")
def rpls_millesime_freshness(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    stocks = _stocks(warehouse)
    today = date.today()
    late = late_landlords(stocks, today)
    expected = expected_millesime(today)
    return dg.AssetCheckResult(
        passed=not late, severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(f"{landlord} : dernier millésime reçu {m}, {expected} attendu "
                              f"avant le 1er mars {expected}" for landlord, m in late.items())
        or (f"millésime {expected} reçu" if stocks else "aucun fichier RPLS reçu"),
        metadata={"expected_millesime": expected, "late_landlords": list(late),
                  "unexpected_count": len(late)})
