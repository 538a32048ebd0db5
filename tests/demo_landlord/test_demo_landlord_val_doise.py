"""The real Val-d'Oise sample, expanded to one line per dwelling, keeps its real figures."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from orchestration.demo_landlord.val_doise import (
    DEFAULT_SOURCE,
    expand,
    load_features,
    split_address,
)
from tests.demo_landlord.demo_landlord_files import I, header_problems, line_problems, read_rpls

TOTALS = {"A": 1_784, "B": 12_739, "C": 45_715, "D": 44_507, "E": 13_589, "F": 3_040,
          "G": 530, "": 10_124}
BUCKET = {"10": "ts", "52": "s", "12": "s", "13": "s", "53": "i", "14": "i", "99": "a", "49": "a"}


@pytest.fixture(scope="module")
def expanded(tmp_path_factory):
    out = tmp_path_factory.mktemp("val_doise") / "rpls_val_doise_2025.csv"
    totals = expand(DEFAULT_SOURCE, out)
    return totals, read_rpls(out)


def test_dpe_totals_are_exactly_the_sample_totals(expanded):
    totals, f = expanded
    assert totals == TOTALS
    counted = Counter(fields[I["dpeenergie"]] for _, fields in f.decoded())
    assert counted == TOTALS
    assert len(f.lines) == 132_028
    assert header_problems(f.header, 2025, 132_028) == []


def test_lines_are_valid_and_keep_each_point(expanded):
    _, f = expanded
    points = load_features(DEFAULT_SOURCE)
    groups = defaultdict(list)
    for number, fields in f.decoded():
        assert line_problems(fields, 2025) == [], (number, fields)
        groups[fields[I["immeuble"]]].append(fields)
    assert len(groups) == len(points)
    for serial, point in enumerate(points, start=1):
        p, lines = point["properties"], groups[f"B{serial:06d}"]
        assert len(lines) == p["n"]
        assert {x[I["depcom"]] for x in lines} == {p["c"]}
        assert Counter(x[I["dpeenergie"]] for x in lines if x[I["dpeenergie"]]) \
            == Counter(p.get("dpe", {}))
        assert Counter(BUCKET[x[I["finan"]]] for x in lines) == Counter(p["fin"])
        years = [int(x[I["construct"]]) for x in lines]
        assert (min(years), max(years)) == (p["ymin"], p["ymax"])
        assert {x[I["typeconst"]] for x in lines} == {
            {"collectif": "C", "individuel": "I", "logement étudiant": "E"}[p["t"]]}


def test_addresses_are_split_into_number_and_street():
    assert split_address("8B Rue RUE PAUL DOUMER") == ("8", "B", "Rue", "RUE PAUL DOUMER")
    assert split_address("14 RUE DU DOCTEUR ALBERT SCHWEITZ") == (
        "14", "", "RUE", "DU DOCTEUR ALBERT SCHWEITZ")
    assert split_address("7 BOURCERON") == ("7", "", "", "BOURCERON")
    assert split_address("1 ALL LES PINS") == ("1", "", "ALL", "LES PINS")
