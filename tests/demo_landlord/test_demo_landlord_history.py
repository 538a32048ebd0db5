"""History across millésimes: ids are stable, renovations improve labels, sold and demolished
dwellings show their exit once then disappear, new buildings arrive, leases turn over."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from tests.demo_landlord.demo_landlord_files import MILLESIMES, I, read_rpls


@pytest.fixture(scope="module")
def by_year(clean_run) -> dict[int, dict[str, list[str]]]:
    """millésime -> RPLS id -> fields (run without defects)."""
    return {year: {fields[I["rpls_id"]]: fields
                   for _, fields in read_rpls(clean_run / f"rpls_{year}.csv").decoded()}
            for year in MILLESIMES}


def test_dwellings_keep_their_id_and_structure(by_year):
    first, second = by_year[2024], by_year[2025]
    kept = [k for k in first if k in second]
    assert len(kept) > 0.98 * len(first)
    for k in kept:
        for name in ("ident_int", "immeuble", "depcom", "nbpiece", "surfhab", "construct",
                     "finan", "typeconst", "contingent"):
            assert first[k][I[name]] == second[k][I[name]], (k, name)


def test_renovated_dwellings_move_to_a_better_class(by_year):
    for before, after in itertools.pairwise(MILLESIMES):
        improved = [k for k, f in by_year[before].items() if k in by_year[after]
                    and f[I["dpeenergie"]] in ("E", "F", "G")
                    and by_year[after][k][I["dpeenergie"]] < f[I["dpeenergie"]]]
        assert improved, before
        for k in improved:
            new = by_year[after][k]
            assert new[I["dpedate"]].endswith(f"/{after - 1}")  # DPE after the works
        # and no label gets worse without a reason
        worse = [k for k, f in by_year[before].items() if k in by_year[after]
                 and f[I["dpeenergie"]] and by_year[after][k][I["dpeenergie"]] > f[I["dpeenergie"]]]
        assert worse == []


def test_a_sold_dwelling_shows_its_sale_once_then_disappears(by_year):
    y1, y2, y3 = MILLESIMES
    sold = [k for k, f in by_year[y2].items() if f[I["sortiepatrim"]] in ("1", "2", "3")]
    assert sold
    for k in sold:
        line = by_year[y2][k]
        assert line[I["mode"]] == "9" and line[I["loyerprinc"]] == "9999"
        assert by_year[y1][k][I["sortiepatrim"]] == "9"  # owned the year before
        assert k not in by_year[y3]
    assert {by_year[y2][k][I["sortiepatrim"]] for k in sold} <= {"1", "3"}


def test_a_demolished_building_leaves_after_one_exit_line(by_year):
    for before, year in itertools.pairwise(MILLESIMES):
        demolished = {f[I["immeuble"]] for f in by_year[year].values()
                      if f[I["sortiepatrim"]] == "4"}
        assert demolished, year
        for building in demolished:
            lines = [f for f in by_year[year].values() if f[I["immeuble"]] == building]
            assert all(f[I["sortiepatrim"]] == "4" and f[I["mode"]] == "9" for f in lines)
            emptied = [f for f in by_year[before].values() if f[I["immeuble"]] == building]
            assert sum(f[I["mode"]] == "3" for f in emptied) > len(emptied) / 2  # rehousing
            if year != MILLESIMES[-1]:
                after = by_year[MILLESIMES[MILLESIMES.index(year) + 1]]
                assert not any(f[I["immeuble"]] == building for f in after.values())


def test_new_buildings_are_recent_and_well_labelled(by_year):
    for before, year in itertools.pairwise(MILLESIMES):
        new = [f for k, f in by_year[year].items() if k not in by_year[before]]
        assert len(new) > 0.005 * len(by_year[before])
        assert {f[I["construct"]] for f in new} == {str(year - 1)}
        assert {f[I["dpeenergie"]] for f in new} <= {"A", "B", "C"}
        known = {f[I["immeuble"]] for f in by_year[before].values()}
        assert all(f[I["immeuble"]] not in known for f in new)


def test_leases_turn_over_between_millesimes(by_year):
    for before, year in itertools.pairwise(MILLESIMES):
        let_both = [k for k, f in by_year[before].items() if f[I["mode"]] == "1"
                    and k in by_year[year] and by_year[year][k][I["mode"]] == "1"]
        changed = [k for k in let_both
                   if by_year[year][k][I["bail"]] != by_year[before][k][I["bail"]]]
        share = len(changed) / len(let_both)
        assert 0.04 < share < 0.12, share
        for k in changed:
            assert by_year[year][k][I["bail"]].endswith(f"/{year - 1}")


def test_rents_follow_the_yearly_revaluation(by_year):
    ratios = Counter()
    for k, f in by_year[2024].items():
        g = by_year[2025].get(k)
        if g and f[I["mode"]] == g[I["mode"]] == "1" and f[I["dpeenergie"]] not in ("F", "G"):
            ratios[round(int(g[I["loyerprinc"]]) / int(f[I["loyerprinc"]]), 2)] += 1
    assert ratios.most_common(1)[0][0] in (1.03, 1.04)  # +3.26 % at 1/1/2025
