"""Render the list of every quality check, blocking or warning and why (expectations/README.md).

Rendered from what actually runs: the asset checks of the Dagster code location, the
expectations of each GX suite, and the dbt tests of the manifest Dagster loads. This module
renders what it is given; the entry point that reads the code location is
orchestration/check_catalog.py (expectations/ imports nothing of orchestration above lib/).
Run it after adding or changing a check:

    uv run --frozen python -m orchestration.check_catalog

tests/quality/test_check_catalog.py fails when the committed file is stale.
"""

from __future__ import annotations

import collections
import json
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTPUT = REPO_ROOT / "expectations" / "README.md"
HEADER = Path(__file__).with_name("README.header.md")


#: why each family of checks blocks or warns (GX suites: their module docstring)
WHY = {
    "reconciliation": "A line lost between the file and the warehouse makes every count "
    "wrong: lines read must equal lines accepted + quarantined, file by file.",
    "rpls_reconciliation": "Same as reconciliation, plus the RPLS header's dwelling count "
    "(field 11): an incomplete RPLS file would under-count the whole stock.",
    "no_file_set_aside": "The other files are loaded and right; the file set aside is named "
    "with its reason and waits for a corrected version, so publishing the rest is safe.",
    "rpls_no_file_set_aside": "As no_file_set_aside, for RPLS files.",
    "volume_change": "A jump against the previous file may be real (a new agency, a merger, a "
    "catch-up): a person judges, the publish goes on.",
    "freshness": "Late data is still right as of its date; the dashboards show « Données au » "
    "and the quality dashboard lists late sources.",
    "rpls_stock_change": "A stock moves by a few percent a year; beyond ±10 % against the "
    "previous millésime it is more often a partial extract than real, but a merger is real: a "
    "person judges, the publish goes on.",
    "rpls_millesime_freshness": "Millésime N is due before 1 March N; until it comes the "
    "dashboards show the previous millésime, which is right as of its date.",
    "no_direct_identifier": "GDPR: a tenant's e-mail, phone, IBAN or name must never be "
    "published, whatever else is right.",
}


def _why_check(name: str) -> str:
    if name.startswith("gx_"):
        return "see the suite below"
    if name not in WHY:
        raise KeyError(f"check {name!r} has no written reason in expectations/catalog.py WHY")
    return WHY[name]


def _severity(blocking: bool) -> str:
    return "**blocking**" if blocking else "warning"


def _cell(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _why(spec) -> str:
    """Why the suite blocks or warns: its module's docstring (the rationale lives with it)."""
    from expectations.suites import (
        dpe_label_consistency,
        kpi_dpe_by_territory,
        kpi_federation,
        kpi_marts,
        rpls_dwellings,
        sources,
    )

    module = {"raw_rpls_dwellings": rpls_dwellings, "dpe_label_consistency": dpe_label_consistency,
              "kpi_dpe_by_territory": kpi_dpe_by_territory,
              **{s.name: kpi_federation for s in kpi_federation.specs()}}.get(spec.name)
    if module is None:
        module = sources if spec.table.startswith("raw.") else kpi_marts
    return textwrap.dedent(module.__doc__ or "").strip()


def _expectation(config) -> str:
    kwargs = config.kwargs
    target = kwargs.get("column") or ", ".join(
        str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs) or ", ".join(
        kwargs.get("column_list") or [])
    extra = ""
    if "mostly" in kwargs and kwargs["mostly"] != 1:
        extra = f" (at least {kwargs['mostly']:.0%} of rows)"
    if getattr(config, "row_condition", None) is not None:
        extra += f" where {config.row_condition}"
    return f"`{config.type}`" + (f" on `{target}`" if target else "") + extra


def gx_section(specs) -> list[str]:
    out = ["## Great Expectations suites", "",
           ("Each suite is the Dagster asset check `gx_<suite>` on the table it guards; its "
           "results are in the Data Docs (http://localhost:8090/gx/) and in "
           "`quality.check_results`."), ""]
    whys: dict[str, list[str]] = collections.defaultdict(list)
    for spec in specs:
        whys[_why(spec)].append(spec.name)
    for spec in specs:
        suite = spec.build()
        out += [f"### `gx_{spec.name}` — `{spec.table}` — {_severity(spec.blocking)}", "",
                f"{_cell(spec.description)}", ""]
        out += [f"- {_expectation(e.configuration)}" for e in suite.expectations]
        out.append("")
    out += ["### Why blocking or warning", ""]
    for why, names in whys.items():
        out += [f"**{', '.join(f'`gx_{n}`' for n in names)}** :", "", why, ""]
    return out


def checks_section(check_specs) -> list[str]:
    out = ["## Every check but the dbt tests", "",
           "| check | guarded asset | severity | what it checks | why this severity |",
           "|---|---|---|---|---|"]
    for spec in sorted(check_specs, key=lambda s: (s.asset_key.to_user_string(), s.name)):
        out.append(f"| `{spec.name}` | `{spec.asset_key.to_user_string()}` | "
                   f"{_severity(spec.blocking)} | {_cell(spec.description)} | "
                   f"{_why_check(spec.name)} |")
    return out + [""]


def dbt_section(manifest_path: Path) -> list[str]:
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test"]
    by_model: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    severities = collections.Counter()
    for test in tests:
        model = (test.get("attached_node") or "?").split(".")[-1]
        kind = (test.get("test_metadata") or {}).get("name") or "test SQL"
        by_model[model][kind] += 1
        config = test["config"]
        severities[(config["severity"].lower(), config["warn_if"], config["error_if"])] += 1
    out = ["## dbt tests", "",
           f"{len(tests)} dbt tests, each the Dagster asset check of its model; "
           + "; ".join(f"{n} of severity `{sev}` (warn if {warn}, fail if {err})"
                       for (sev, warn, err), n in sorted(severities.items())) + ".",
           "",
           ("Blocking: `dbt build` skips the models downstream of a failing test and the step "
           "fails, so nothing is published. Why: they are the rules every figure on a dashboard "
           "relies on (unique keys, required values, allowed codes, links to the dimensions, "
           "formulas checked by the SQL tests and unit tests); a wrong figure must not reach "
           "the dashboards. Tolerable gaps (orphan references within the `max_unmatched_*` "
           "vars) are counted in the models and fail their test only past the threshold."), "",
           ("The key of each KPI mart is its grain, declared once in its YAML (`config: meta: "
           "grain`): the dbt test `unique_grain` reads it from the model (it fails at compile "
           "time on a model without one), its GX suite reads it from the dbt manifest "
           "(`expectations/grain.py`), and tests/superset/test_filters_follow_grain.py checks "
           "that the dashboards' filters target it."), "",
           "| model | tests |", "|---|---|"]
    for model in sorted(by_model):
        counts = ", ".join(f"{kind} ×{n}" if n > 1 else kind
                           for kind, n in sorted(by_model[model].items()))
        out.append(f"| `{model}` | {counts} |")
    return out + [""]


def render(check_specs, gx_specs, manifest_path: Path) -> str:
    """The whole file: the asset checks (dbt tests left to their own section), the GX suites
    and the dbt tests of the manifest."""
    out = [HEADER.read_text(encoding="utf-8").rstrip(), ""]
    out += checks_section(check_specs)
    out += gx_section(gx_specs)
    out += dbt_section(manifest_path)
    return "\n".join(out).rstrip() + "\n"
