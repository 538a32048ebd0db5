"""The README of `data/samples/`, written by the samples layout itself so that it always tells
the truth about the files beside it: each file, its contract, its rows and its defects.
"""

from __future__ import annotations

from collections import defaultdict

SAMPLES_COMMAND = ("uv run python -m orchestration.demo_landlord --out data/samples "
                   "--dwellings 300 --seed 7 --layout samples")
CONTRACT_TITLES = {
    "rpls": "RPLS (landlord layout, arrêté du 5 janvier 2010; loader `orchestration/defs/"
            "patrimony`)",
}


def write_samples_readme(config, summary, manifest) -> None:
    by_file = defaultdict(list)
    for e in sorted(manifest, key=lambda e: (e.file, e.line_number)):
        by_file[e.file].append(e)
    rpls = [(p.relative_to(config.out).as_posix(), n) for p, n in summary.files]
    lines = [
        "# Samples of every landlord source",
        "",
        "Small files of the demo landlord (`orchestration/demo_landlord/`): the same fictional",
        "landlord in every source, so ids match across files (dwelling ids are RPLS position 2,",
        "building ids position 18). One folder per source contract",
        "(`orchestration/contracts/<source>.yml`), plus the RPLS millésimes. Each file keeps a",
        "few known defects; `defects_manifest.csv` lists them (file, line as the loader counts",
        "it: CSV physical line with the header as line 1, JSON Lines line, XLSX row with the",
        "header as row 1), and the loader quarantines exactly those lines.",
        "",
        "Regenerate them (the tests check that the committed files are exactly what this writes):",
        "",
        "```",
        SAMPLES_COMMAND,
        "```",
        "",
        "Personal-data columns (`nom`, `prenom`, `telephone`, `email`, `declarant_nom`,",
        "`verbatim`...) are deliberately present in the raw exports, as real exports have them,",
        "with obviously fake values (EXEMPLE-like surnames, phone numbers reserved for fiction,",
        "example.org addresses): the loader drops them.",
        "",
        "| file | contract | format | rows | defects |",
        "|---|---|---|---:|---|",
    ]
    entries = [(name, "rpls", None, n) for name, n in rpls] + \
        [(f.relative, f.source, f, f.rows) for f in summary.source_files]
    for name, source, f, rows in entries:
        counts: dict[str, int] = defaultdict(int)
        for e in by_file[name]:
            counts[e.defect_class] += 1
        defects = ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "none"
        contract = (CONTRACT_TITLES["rpls"] if source == "rpls"
                    else f"`orchestration/contracts/{source}.yml`")
        fmt = ("RPLS landlord file (no column names), `;`, UTF-8" if f is None
               else f.format_note)
        lines.append(f"| `{name}` | {contract} | {fmt} | {rows} | {defects} |")
    lines += ["", "## Defects, line by line", ""]
    for name, *_ in entries:
        if not by_file[name]:
            continue
        lines.append(f"`{name}`")
        lines.append("")
        for e in by_file[name]:
            detail = f"`{e.column}` = `{e.raw_value}`" if e.column else \
                f"raw value `{e.raw_value}`"
            where = "row" if name.endswith(".xlsx") else "line"
            lines.append(f"- {where} {e.line_number}: {e.defect_class} ({detail})")
        lines.append("")
    (config.out / "README.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
