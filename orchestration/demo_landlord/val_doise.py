"""Expand the real Val-d'Oise RPLS 2025 sample (13,776 building points, 132,028 dwellings) into
one file in the RPLS landlord layout, one line per dwelling (millésime 2025).

Real, from the sample (`reference/rpls-val-d-oise-2025/SOURCE.md`), exact per point:
- DEPCOM (`c`), LIBCOM (`cn`), address number / repetition index / street (`a`);
- TYPECONST (`t`: collectif C, individuel I, logement étudiant E);
- DPEENERGIE: the `dpe` counts per class; dwellings beyond their sum have no DPE
  (DPEDATE 01/1900, empty classes), so the file totals are exactly those of the sample;
- FINAN: the `fin` bucket counts, each mapped to a representative code of the financing
  period of the dwelling's CONSTRUCT (ts -> 10 PLAI; s -> 52 HLM/O before 1977, 12 PLA
  ordinaire until 1999, 13 PLUS after; i -> 53 ILM before 1977, 14 PLS after; a -> 99 before
  1977, 49 after);
- CONSTRUCT between `ymin` and `ymax` (both present whenever a point has 2+ dwellings).
Synthetic (the sample does not carry them): RPLS and landlord ids, the header's landlord (the
sample merges every landlord of the département), postal code (from the commune), apartment
number / floor / staircase, NBPIECE, SURFHAB, LOCAT = PATRIMOINE (= CONSTRUCT, except PLAI-
financed dwellings of buildings older than 1977: acquired and rehabilitated, ORIGINE 2), DROIT,
CONV, CUS, MODESURF, MODE / BAIL / REMLOCDATE, LOYERPRINC, DPEDATE, DPESERRE (GES class), QPV,
CONTINGENT, CUS segment; drawn by the same rules as the demo landlord, with a fixed seed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.communes import REPO_ROOT, Commune, load_communes
from orchestration.demo_landlord.dpe import CLASS_INDEX, dpe_month
from orchestration.demo_landlord.dwellings import DwellingExpander
from orchestration.demo_landlord.model import (
    NO_LABEL,
    Building,
    DpeState,
    Landlord,
    luhn_complete,
)
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.postal_codes import load_postal_codes
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.rpls_writer import RplsFileWriter, header_fields
from orchestration.demo_landlord.sampling import draw
from orchestration.demo_landlord.stock import HEATING_TABLE, energy_score

DEFAULT_SOURCE = (REPO_ROOT / "data" / "reference" / "rpls-val-d-oise-2025"
                  / "rpls_points.geojson.gz")
MILLESIME = 2025
TYPECONST = {"collectif": "C", "individuel": "I", "logement étudiant": "E"}
STREET_TYPES = {"RUE", "RUES", "AV", "AVENUE", "BD", "BOULEVARD", "ALL", "ALLEE", "ALLÉE",
                "CHE", "CHEMIN", "PL", "PLACE", "IMP", "IMPASSE", "SQ", "SQUARE", "RTE", "ROUTE",
                "CRS", "COURS", "QUAI", "RES", "RESIDENCE", "RÉSIDENCE", "SENTE", "VOIE",
                "PASSAGE", "PAS", "CITE", "CITÉ", "HAMEAU", "HAM", "PARC", "MAIL", "PROMENADE",
                "VILLA", "CLOS", "CHAUSSEE", "CHAUSSÉE", "ESPLANADE", "PARVIS", "RUELLE"}
_ADDRESS = re.compile(r"^(\d+)\s*(BIS|TER|QUATER|[A-Z])?\b\s*(.*)$", re.IGNORECASE)

LANDLORD = Landlord(
    ministry_number="095RPLS25",
    company_name="RPLS 2025 VAL-D'OISE - ENSEMBLE DES BAILLEURS (DONNEES SDES)",
    trade_name="Echantillon reel Val-d'Oise",
    address_lines=("DONNEES OUVERTES RPLS", "AGREGEES PAR LA DDT DU VAL-D'OISE", ""),
    postal_code="95000",
    commune_name="CERGY",
    siret=luhn_complete(luhn_complete("99909500") + "0001"),
    departements=("95",),
    main_epci="",
    main_epci_name="Val-d'Oise",
)


def split_address(address: str) -> tuple[str, str, str, str]:
    """'8B Rue RUE PAUL DOUMER' -> ('8', 'B', 'Rue', 'RUE PAUL DOUMER'), as far as it goes."""
    address = " ".join(address.replace(";", ",").split())
    numvoie = indrep = ""
    match = _ADDRESS.match(address)
    if match:
        numvoie, indrep, address = match.group(1), (match.group(2) or "").upper(), match.group(3)
    words = address.split(" ", 1)
    if len(words) == 2 and words[0].upper() in STREET_TYPES:
        return numvoie, indrep, words[0], words[1]
    return numvoie, indrep, "", address


def finan_code(bucket: str, construct: int) -> str:
    """Representative FINAN code of a `fin` bucket for the dwelling's construction period."""
    if bucket == "ts":
        return "10"
    if bucket == "s":
        return "52" if construct < 1977 else "12" if construct < 2000 else "13"
    if bucket == "i":
        return "53" if construct < 1977 else "14"
    return "99" if construct < 1977 else "49"


def _constructs(rng: Random, n: int, ymin: int, ymax: int) -> list[int]:
    years = [ymin, ymax][:n] + [rng.randint(ymin, ymax) for _ in range(n - 2)]
    rng.shuffle(years)
    return years


def point_building(serial: int, first_unit: int, props: dict, rng: Random) -> Building:
    """One point of the sample as a building whose dwellings carry the real values."""
    n = props["n"]
    code = props["c"]
    ymin, ymax = props["ymin"], props["ymax"]
    typeconst = TYPECONST[props["t"]]
    classes = [CLASS_INDEX[c] for c, k in sorted(props.get("dpe", {}).items()) for _ in range(k)]
    classes += [NO_LABEL] * (n - len(classes))
    rng.shuffle(classes)
    constructs = _constructs(rng, n, ymin, ymax)
    buckets = [b for b, k in sorted(props["fin"].items()) for _ in range(k)]
    rng.shuffle(buckets)
    finans = [finan_code(b, y) for b, y in zip(buckets, constructs)]
    # a very social financing on an old building means it was bought and rehabilitated:
    # first let as social housing when the PLA-I existed (1990 on)
    locats = [rng.randint(max(1990, y), MILLESIME - 1) if f == "10" and y < 1977 else y
              for f, y in zip(finans, constructs)]
    numvoie, indrep, typvoie, nomvoie = split_address(props.get("a") or "")
    heating = draw(rng, HEATING_TABLE)
    if typeconst == "I" and heating in ("gaz_collectif", "reseau_chaleur"):
        heating = "gaz_individuel"
    first_let = month_index(ymin, rng.randint(1, 12))
    labelled = any(c != NO_LABEL for c in classes)
    dpe_date = (dpe_month(rng, month_index(ymax, 1) - 3, month_index(MILLESIME - 1, 12),
                          cal.OLD_METHOD_DPE_SHARE) if labelled else -1)
    commune = _communes().get(code) or Commune(
        code, props["cn"], "95", "", 0, load_postal_codes().get(code, ("",))[0])
    big_commune = commune.population >= cal.QPV_MIN_POPULATION
    qpv_prob = (cal.QPV_PROB_OLD_ESTATE if typeconst == "C" and big_commune
                and 1955 <= ymin <= 1985 else
                cal.QPV_PROB_OTHER_COLLECTIVE if typeconst == "C" and big_commune
                else cal.QPV_PROB_OTHER)
    per_floor = rng.choice((2, 3, 4, 4, 5, 6))
    period = 0 if ymin < 1977 else 1 if ymin < 2000 else 2
    return Building(
        serial=serial,
        commune=commune,
        typeconst=typeconst,
        n_units=n,
        construct=ymin,
        locat=ymin,
        patrimoine=ymin,
        origine="1",
        droit="1",
        finan="",
        mixed_financing=False,
        conv_draw=rng.random(),
        heating=heating,
        qpv=rng.random() < qpv_prob,
        numvoie=numvoie,
        indrep=indrep,
        typvoie=typvoie,
        nomvoie=nomvoie,
        residence="",
        units_per_floor=per_floor,
        units_per_stair=per_floor * rng.randint(3, 10),
        segment_code=f"{period + 1:02d}",
        segment_label=f"Val-d'Oise - {('avant 1977', '1977-1999', 'depuis 2000')[period]}",
        score=energy_score(rng, ymin, typeconst, heating),
        first_let_month=first_let,
        first_unit_serial=first_unit,
        n_millesimes=1,
        dpe=[DpeState(bytes(classes), dpe_date)],
        house_numbering=False,
        unit_construct=constructs,
        unit_locat=locats,
        unit_finan=finans,
    )


@lru_cache(maxsize=1)
def _communes() -> dict[str, Commune]:
    return {c.code: c for c in load_communes(("95",))}


def load_features(source: Path) -> list[dict]:
    """The GeoJSON features, from the plain or gzip-compressed file."""
    raw = source.read_bytes()
    if source.suffix == ".gz":
        raw = gzip.decompress(raw)
    return json.loads(raw.decode("utf-8"))["features"]


def expand(source: Path, out: Path, seed: int = MILLESIME) -> dict[str, int]:
    """Write the file; return its DPE totals (class letter or '' -> dwellings)."""
    features = load_features(source)
    total = sum(f["properties"]["n"] for f in features)
    expander = DwellingExpander(seed, (MILLESIME,), main_epci="")
    rng = Random(f"val-doise:{seed}")
    totals: Counter[str] = Counter()
    comment = ("Expansion du RPLS 2025 ouvert du Val-d'Oise (SDES, Licence Ouverte), "
               "champs synthétiques : voir val_doise.py")
    first_unit = 0
    with RplsFileWriter(out, header_fields(LANDLORD, MILLESIME, total, comment), total) as writer:
        for serial, feature in enumerate(features, start=1):
            building = point_building(serial, first_unit, feature["properties"], rng)
            first_unit += building.n_units
            for _, row in expander.rows(building):
                totals[row[I["dpeenergie"]]] += 1
                writer.write(row)
    return dict(totals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.demo_landlord.val_doise",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output file")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="rpls_points.geojson (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=MILLESIME)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    totals = expand(args.source, args.out, args.seed)
    labels = " · ".join(f"{c} {totals.get(c, 0):,}" for c in cal.DPE_CLASSES)
    print(f"{args.out}: {sum(totals.values()):,} dwelling lines, DPE {labels} · no label "
          f"{totals.get('', 0):,} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
