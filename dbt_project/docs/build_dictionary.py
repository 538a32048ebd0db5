"""Render the French data dictionary of the KPIs (dictionnaire_des_indicateurs.md) from dbt.

Business definitions live once, in the dbt project: the description of each kpi_* mart and of
each of its columns (definition and formula), its tests and lineage, and the indicators seed
(CUS and internal indicators). This script only renders them, with the GX suite guarding each
mart, for governance officers. Run it after changing a KPI's description:

    uv run --frozen python dbt_project/docs/build_dictionary.py

tests/quality/test_data_dictionary.py fails when the committed file is stale.
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
from pathlib import Path

DBT_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = DBT_DIR.parent
OUTPUT = DBT_DIR / "docs" / "dictionnaire_des_indicateurs.md"
INDICATORS = DBT_DIR / "seeds" / "indicators.csv"
NUMERIC = ("bigint", "integer", "double", "decimal", "numeric", "float", "hugeint")
#: columns that locate a row (territory, organisation) rather than measure something
DIMENSIONS = re.compile(
    r"^((region|departement|epci|commune|direction|agence|territory)_(code|name|level)"
    r"|year|millesime)$")
#: unit by column name first, then (for non-integer columns) by description; meta.unite wins
UNITS_BY_NAME = (
    (r"_(share|rate)$", "part (0 à 1, affichée en %)"),
    (r"kwh_m2$", "kWhEP/m²/an"),
    (r"kgco2e_m2$", "kgCO2e/m²/an"),
    (r"tco2e", "tCO2e/an"),
    (r"_kwh$", "kWhEP/an"),
    (r"_kgco2e$", "kgCO2e/an"),
    (r"per_m2$", "€/m²"),
    (r"(cost|eur)_per_dwelling|per_dwelling_(concerned|eur)$", "€ par logement"),
    (r"_eur$", "€"),
    (r"_m2$", "m²"),
    (r"_hours$", "heures"),
    (r"_days$", "jours"),
)
UNITS_BY_DESCRIPTION = (
    (r"sur 10", "note de 0 à 10"),
    (r"par ascenseur", "nombre par ascenseur et par an"),
    (r"\(€", "€"),
)
SEVERITY = {"error": "bloquant", "warn": "avertissement"}


def parse_manifest():
    """The dbt manifest, parsed afresh (descriptions, tests, lineage) with dbt's own parser."""
    from dbt.cli.main import dbtRunner

    with tempfile.TemporaryDirectory() as target:
        result = dbtRunner().invoke([
            "parse", "--quiet", "--no-partial-parse", "--project-dir", str(DBT_DIR),
            "--profiles-dir", str(DBT_DIR), "--target-path", target])
    if not result.success:
        raise SystemExit(f"dbt parse failed: {result.exception}")
    return result.result


def _one_line(text: str) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def _tests(manifest, node) -> list:
    return sorted((t for t in manifest.nodes.values()
                   if t.resource_type == "test" and getattr(t, "attached_node", None)
                   == node.unique_id), key=lambda t: t.name)


def grain(manifest, node) -> list[str]:
    """The columns of the mart's unique key: the grain its YAML declares (config: meta: grain,
    checked by the unique_grain test), else the columns of its uniqueness test."""
    if node.config.meta.get("grain"):
        return list(node.config.meta["grain"])
    for test in _tests(manifest, node):
        meta = test.test_metadata
        if meta and meta.name == "unique_combination_of_columns":
            return list(meta.kwargs["columns"])
        if meta and meta.name == "unique":
            return [test.column_name]
    return []


def sources_of(manifest, node) -> list[str]:
    """Raw sources and reference seeds the mart is computed from (dbt lineage)."""
    found, todo, seen = set(), list(node.depends_on.nodes), set()
    while todo:
        uid = todo.pop()
        if uid in seen:
            continue
        seen.add(uid)
        if uid.startswith("source."):
            source = manifest.sources[uid]
            if source.source_name == "raw":
                found.add(f"raw.{source.name}")
        elif uid.startswith("seed."):
            found.add(f"reference.{manifest.nodes[uid].name}")
        elif uid in manifest.nodes:
            todo.extend(manifest.nodes[uid].depends_on.nodes)
    return sorted(found)


def unit(name: str, column) -> str:
    if column.meta.get("unite"):
        return column.meta["unite"]
    for pattern, label in UNITS_BY_NAME:
        if re.search(pattern, name):
            return label
    if (column.data_type or "").lower() in ("bigint", "integer", "hugeint"):
        return "nombre"
    for pattern, label in UNITS_BY_DESCRIPTION:
        if re.search(pattern, column.description or ""):
            return label
    return "—"


def french_name(column) -> str:
    """meta.nom, else the description up to its formula or explanation."""
    if column.meta.get("nom"):
        return column.meta["nom"]
    text = _one_line(column.description)
    return re.split(r" \(| : | = |\. ", text.rstrip("."), maxsplit=1)[0]


def measures(node, key: list[str]) -> list[tuple[str, object]]:
    return [(name, c) for name, c in node.columns.items()
            if name not in key and not DIMENSIONS.match(name)
            and (c.data_type or "").lower().startswith(NUMERIC)]


def check_lines(manifest, node, suites) -> list[str]:
    lines = []
    if node.contract.enforced:
        lines.append("contrat dbt appliqué (types et colonnes non nulles), bloquant : la "
                     "construction échoue s'il est rompu")
    for test in _tests(manifest, node):
        meta = test.test_metadata
        what = meta.name if meta else test.name
        column = f" sur `{test.column_name}`" if test.column_name else ""
        if meta and meta.name == "unique_combination_of_columns":
            column = f" sur ({', '.join(meta.kwargs['columns'])})"
        if meta and meta.name == "unique_grain":
            column = f" sur le grain ({', '.join(grain(manifest, node))})"
        severity = SEVERITY.get(str(test.config.severity).lower(), str(test.config.severity))
        lines.append(f"test dbt `{what}`{column}, {severity}")
    for spec in suites:
        lines.append(f"suite Great Expectations `gx_{spec.name}`, "
                     f"{'bloquant' if spec.blocking else 'avertissement'} : "
                     f"{_one_line(spec.description)}")
    return lines


def render_mart(manifest, node, suites) -> list[str]:
    key = grain(manifest, node)
    out = [f"## `{node.name}`", "", _one_line(node.description), "",
           f"- **Table** : `{node.schema}.{node.name}` (entrepôt publié, lu par Superset)",
           f"- **Grain** : une ligne par {' × '.join(f'`{k}`' for k in key) or '—'}",
           f"- **Sources** : {', '.join(f'`{s}`' for s in sources_of(manifest, node))}",
           "- **Contrôles** :"]
    out += [f"  - {line}" for line in check_lines(manifest, node, suites)]
    out += ["", "| indicateur | colonne | définition et formule | unité |", "|---|---|---|---|"]
    for name, column in measures(node, key):
        out.append(f"| {french_name(column)} | `{name}` | {_one_line(column.description)} | "
                   f"{unit(name, column)} |")
    return out + [""]


def render_indicators() -> list[str]:
    with INDICATORS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = ["## Indicateurs de la CUS et objectifs internes (`kpi_commitments`)", "",
           ("Source : `dbt_project/seeds/indicators.csv` (table `marts.dim_indicator`). La valeur "
           "réalisée de chaque engagement est dans `marts.kpi_commitments.realised_value` "
           "(numérateur `numerator`, dénominateur `denominator`), comparée à `target` selon le "
           "type de cible (plancher : réalisé ≥ cible ; plafond : réalisé ≤ cible). Libellé "
           "non vérifié = formulation officielle à confirmer (voir la définition)."), "",
           ("| code | indicateur | famille | définition et formule | unité | échelle légale | "
           "cible | libellé vérifié |"), "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        verified = "oui" if r["is_verified"].strip().lower() == "true" else "non"
        out.append(f"| `{r['indicator_code']}` | {_one_line(r['label'])} | "
                   f"{_one_line(r['family'])} | {_one_line(r['definition'])} | {r['unit']} | "
                   f"{r['legal_scale']} | {r['default_target_type']} | {verified} |")
    return out + [""]


def render(manifest) -> str:
    sys.path.insert(0, str(REPO_ROOT))
    from orchestration.defs.quality.gx_checks import all_specs

    specs = all_specs()
    marts = sorted((n for n in manifest.nodes.values()
                    if n.resource_type == "model" and n.name.startswith("kpi_")),
                   key=lambda n: n.name)
    out = [
        "# Dictionnaire des indicateurs",
        "",
        ("<!-- Généré par dbt_project/docs/build_dictionary.py à partir du projet dbt : ne pas "
        "modifier à la main. -->"),
        "",
        ("Chaque indicateur affiché dans les tableaux de bord, avec sa définition et sa formule, "
        "son unité, sa table et sa colonne, son grain, les sources dont il est calculé et les "
        "contrôles qui bloquent sa publication. Les définitions sont celles des descriptions "
        "du projet dbt (une seule source) ; la documentation dbt (http://localhost:8090/dbt/ "
        "après `make demo`) montre aussi le SQL et le lignage complet. Une part est toujours "
        "livrée avec son numérateur et son dénominateur : pour agréger plusieurs lignes, "
        "sommer les numérateurs et les dénominateurs, jamais les parts."),
        "",
        ("Contrôles bloquants : s'ils échouent, rien n'est publié et les tableaux de bord "
        "gardent les dernières données bonnes. Avertissements : signalés sans bloquer. "
        "Liste complète des contrôles : `expectations/README.md`."),
        "",
        "Sommaire : " + ", ".join(f"[`{n.name}`](#{n.name})" for n in marts)
        + ", [indicateurs CUS et internes](#indicateurs-de-la-cus-et-objectifs-internes-kpi_commitments).",
        "",
    ]
    for node in marts:
        suites = [s for s in specs if s.table == f"marts.{node.name}"]
        out += render_mart(manifest, node, suites)
    out += render_indicators()
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    OUTPUT.write_text(render(parse_manifest()), encoding="utf-8")
    print(f"written {OUTPUT.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
