"""The dbt seed `source_cadences`: each source's expected cadence, for the governance marts.

Generated from the source contracts (orchestration/contracts/*.yml) and the freshness
thresholds of the freshness checks (source_health.CADENCE_DAYS), so that the freshness mart
and the freshness check say the same thing. RPLS has no YAML contract (its layout is fixed by
decree, lib/rpls_layout.py): one deposit per millésime, yearly.
A unit test fails when the committed seed differs from what this writes. Regenerate with
`make generated` (this, the check catalogue and the KPI dictionary).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from orchestration.defs.quality.source_health import CADENCE_DAYS
from orchestration.lib.contracts import load_contracts

SEED_PATH = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds" / "source_cadences.csv"
RPLS = ("rpls", "Patrimoine (RPLS)", "yearly")
COLUMNS = ("source", "source_title", "cadence", "max_age_days")


def rows() -> list[tuple[str, str, str, int]]:
    sources = [RPLS] + [(c.source, c.title, c.cadence) for c in load_contracts().values()]
    return sorted((s, t, c, CADENCE_DAYS.get(c, 380)) for s, t, c in sources)


def render() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows())
    return out.getvalue()


if __name__ == "__main__":
    SEED_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SEED_PATH}")
