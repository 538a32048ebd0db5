"""At the default size the first millésime reproduces the calibration figures."""

from __future__ import annotations

from collections import Counter

import pytest

from orchestration.demo_landlord import calibration as cal
from tests.demo_landlord.demo_landlord_files import I, manifest, read_rpls


@pytest.fixture(scope="module")
def first_millesime(calibration_run) -> list[list[str]]:
    """Dwellings owned at 1/1/2024 (defective lines and exit lines left aside)."""
    skip = {int(e["line_number"]) for e in manifest(calibration_run / "defects_manifest.csv")
            if e["file"] == "rpls_2024.csv"}
    return [f for _, f in read_rpls(calibration_run / "rpls_2024.csv").decoded(skip)
            if f[I["sortiepatrim"]] == "9"]


def test_dpe_mix_is_the_val_doise_mix(first_millesime):
    labels = Counter(f[I["dpeenergie"]] for f in first_millesime)
    labelled = sum(n for c, n in labels.items() if c)
    for cls, share in zip(cal.DPE_CLASSES, cal.DPE_CLASS_SHARES):
        assert labels[cls] / labelled == pytest.approx(share, abs=0.003), cls


def test_about_twelve_percent_unlabelled(first_millesime):
    unlabelled = [f for f in first_millesime if not f[I["dpeenergie"]]]
    assert len(unlabelled) / len(first_millesime) == pytest.approx(0.12, abs=0.005)
    assert all(f[I["dpedate"]] == "01/1900" and not f[I["dpeserre"]] for f in unlabelled)


def test_some_dpe_predate_the_2021_method(first_millesime):
    dates = [f[I["dpedate"]] for f in first_millesime if f[I["dpeenergie"]]]
    old = sum((int(d[3:]), int(d[:2])) < (2021, 7) for d in dates)
    assert 0.15 < old / len(dates) < 0.40


def test_vacancy_and_occupancy_rates(first_millesime):
    modes = Counter(f[I["mode"]] for f in first_millesime)
    let_or_offered = modes["1"] + modes["2"]
    assert modes["2"] / let_or_offered == pytest.approx(cal.VACANCY_RATE, abs=0.004)
    assert modes["3"] / len(first_millesime) == pytest.approx(cal.TECHNICAL_VACANCY_RATE,
                                                              abs=0.005)
    assert 0 < modes["4"] and 0 < modes["5"]
    long = sum(1 for f in first_millesime if f[I["mode"]] == "2"
               and (int(f[I["remlocdate"]][3:]), int(f[I["remlocdate"]][:2])) <= (2023, 9))
    assert long / let_or_offered == pytest.approx(cal.LONG_VACANCY_RATE, abs=0.004)


def test_mobility(first_millesime):
    before = [f for f in first_millesime if f[I["mode"]] in ("1", "2")
              and int(f[I["locat"]]) < 2023]
    new_leases = sum(1 for f in before if f[I["bail"]].endswith("/2023"))
    assert new_leases / len(before) == pytest.approx(cal.MOBILITY_RATE, abs=0.01)


def test_stock_is_concentrated_around_bordeaux(first_millesime):
    communes = Counter(f[I["depcom"]] for f in first_millesime)
    assert communes.most_common(1)[0][0] == "33063"  # Bordeaux
    in_metropole = sum(f[I["libsegpatrim"]].startswith("Bordeaux Métropole")
                       for f in first_millesime)
    assert 0.6 < in_metropole / len(first_millesime) < 0.9
    assert all(f[I["depcom"]].startswith("33") for f in first_millesime)
    houses = sum(f[I["typeconst"]] == "I" for f in first_millesime)
    assert 0.12 < houses / len(first_millesime) < 0.18
    qpv = sum(f[I["qpv"]] == "1" for f in first_millesime)
    assert 0.05 < qpv / len(first_millesime) < 0.30


def test_buildings_have_realistic_sizes(first_millesime):
    sizes = Counter(f[I["immeuble"]] for f in first_millesime if f[I["typeconst"]] == "C")
    assert max(sizes.values()) <= 120
    assert sum(1 for n in sizes.values() if n >= 10) > 0.95 * len(sizes)
