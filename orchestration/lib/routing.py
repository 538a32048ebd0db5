"""Which source a file in the inbox belongs to: the one rule, for every source of the registry.

By name first (each contract's `file_patterns`, RPLS included), by header when names collide:
`pannes_ascenseurs_2026.csv` matches both the breakdowns (`*pannes*`) and the elevator
inventory (`*ascenseurs*`) patterns: the file goes to the contract whose required columns are
all in its header line. A fixed-layout source (RPLS) has no column-name row to compare: its
name wins over a tabular pattern, as its files always did. The inbox sensor, the ingestion
assets (`find_files`) and the run summary all ask here.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.contracts import Contract, load_registry
from orchestration.lib.export_mappings import MAPPINGS_DIR, mapped_source
from orchestration.lib.tabular_reader import normalise_name
from orchestration.lib.text_files import detect_encoding


def header_names(path: Path) -> set[str]:
    """Normalised names of a delimited file's first line (empty set if unreadable)."""
    try:
        with path.open("rb") as f:
            first = f.readline()
        text = first.decode(detect_encoding(path), errors="replace").lstrip("\ufeff")
    except OSError:
        return set()
    separator = max([";", ",", "\t"], key=text.count)
    return {normalise_name(name.strip('"')) for name in text.split(separator)}


def source_of(path: Path, contracts: dict[str, Contract], inbox: Path | None = None
              ) -> str | None:
    """The source a file belongs to, or None when no contract's file pattern matches it.

    With `inbox`, a landlord's export named by a mapping of its folders (lib/export_mappings.py)
    goes to that mapping's source first, whatever the contracts' patterns say."""
    if inbox is not None:
        mapped = mapped_source(path, inbox)
        if mapped in contracts:
            return mapped
    candidates = [c for c in contracts.values() if c.matches(path)]
    fixed = [c for c in candidates if c.fixed_layout]
    if fixed:
        return fixed[0].source
    if len(candidates) <= 1:
        return candidates[0].source if candidates else None
    names = header_names(path)
    fitting = [c for c in candidates
               if all(col.name in names for col in c.columns if col.required)]
    return (fitting or candidates)[0].source


def find_files(inbox: Path, contract: Contract,
               contracts: dict[str, Contract] | None = None) -> list[Path]:
    """The inbox files of this source (sub-folders included), the landlords' mapped exports
    too, judged against every source of the registry (`contracts`, default all of them)."""
    if not inbox.is_dir():
        return []
    contracts = load_registry() if contracts is None else contracts
    return sorted(p for p in inbox.rglob("*")
                  if p.is_file() and p.parent.name != MAPPINGS_DIR
                  and source_of(p, contracts, inbox) == contract.source)
