"""The RPLS landlord file layout (arrêté du 5 janvier 2010 as amended, art. 3, table 2).

The file has no column-name row: line 1 is a single landlord header line, then one
`;`-separated line of exactly 64 positions per dwelling. The layout is declared once, in the
source's contract (orchestration/contracts/rpls.yml: `header` and `columns`, in position
order); this module gives it to the reader and the loader. Positions marked `verified`
(the default) are the ones whose meaning and codes the arrêté and its official code lists
settle; the names of the others follow a reading of the arrêté's annex (a copy that may predate
later amendments) and are carried through as raw text, not interpreted downstream.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from orchestration.lib.contracts import CONTRACTS_DIR

CONTRACT_PATH = CONTRACTS_DIR / "rpls.yml"


@dataclass(frozen=True)
class Field:
    position: int
    name: str
    label: str
    verified: bool = True


def _fields(entries: list[dict], label_key: str) -> tuple[Field, ...]:
    return tuple(Field(position, e["name"], e[label_key], bool(e.get("verified", True)))
                 for position, e in enumerate(entries, start=1))


_SPEC = yaml.safe_load(CONTRACT_PATH.read_text(encoding="utf-8"))
SEPARATOR: str = _SPEC["separator"]
HEADER_FIELDS: tuple[Field, ...] = _fields(_SPEC["header"], "label")
DWELLING_FIELDS: tuple[Field, ...] = _fields(_SPEC["columns"], "description")
HEADER_FIELD_COUNT = len(HEADER_FIELDS)
DWELLING_FIELD_COUNT = len(DWELLING_FIELDS)

DWELLING_COLUMNS: tuple[str, ...] = tuple(f.name for f in DWELLING_FIELDS)
HEADER_COLUMNS: tuple[str, ...] = tuple(f.name for f in HEADER_FIELDS)
#: code lists declared on their position (`codes`): the loader's rules and the GX suite
#: both check against them (data/reference/codes/rpls_code_lists.csv, arrêté art. 3)
CODES: dict[str, tuple[str, ...]] = {c["name"]: tuple(str(v) for v in c["codes"])
                                     for c in _SPEC["columns"] if c.get("codes")}
FINAN_CODES = CODES["finan"]
#: what the loader adds to each dwelling line of raw.rpls_dwellings (the GX suite reads it too)
LINEAGE_COLUMNS = (
    "_landlord_id varchar", "_millesime integer", "_file_name varchar", "_file_sha256 varchar",
    "_line_number bigint", "_loaded_at timestamp", "_run_id varchar",
)
