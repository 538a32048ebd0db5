"""The demo federation: one sub-folder per landlord with a valid bailleur.yml naming the landlord
of its RPLS files, two regions, distinct ministry numbers, internal ids that collide between
landlords, manifests outside the inbox, same arguments same bytes."""

from __future__ import annotations

import csv
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.demo_landlord.communes import DEPARTEMENTS_PATH, REPO_ROOT
from orchestration.demo_landlord.defects import MANIFEST_NAME
from orchestration.demo_landlord.federation import generate_federation
from orchestration.lib.landlords import DECLARATION, landlord_of_file, read_declaration
from orchestration.lib.rpls_reader import header_landlord

DWELLINGS = 150
LANDLORDS = 3


def _cli(out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration.demo_landlord.federation", "--out", str(out),
         "--landlords", str(LANDLORDS), "--dwellings", str(DWELLINGS), *args],
        cwd=REPO_ROOT, env={**os.environ, "PYTHONHASHSEED": "1"}, capture_output=True,
        text=True, check=True)


@pytest.fixture(scope="module")
def federation(tmp_path_factory) -> Path:
    """The inbox of a small federation, defects on, generated in process."""
    inbox = tmp_path_factory.mktemp("federation") / "inbox"
    generate_federation(inbox, LANDLORDS, DWELLINGS, progress=None)
    return inbox


def _members(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.is_dir())


def _rpls_lines(folder: Path) -> list[list[str]]:
    lines = []
    for path in sorted(folder.glob("rpls_*.csv")):
        text = path.read_text(encoding="utf-8", errors="replace")  # a broken-encoding defect
        lines += [line.split(";") for line in text.splitlines()[1:]]
    return lines


def _csv_column(path: Path, column: str) -> set[str]:
    with path.open(encoding="cp1252", newline="") as f:
        return {row[column] for row in csv.DictReader(f, delimiter=";") if row[column]}


def _ticket_ids(path: Path) -> set[str]:
    ids = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            ids.add(json.loads(line)["ticket_id"])
        except (ValueError, KeyError, TypeError):  # the injected defects
            pass
    return ids - {None}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_folder_declares_the_landlord_of_its_rpls_files(federation):
    members = _members(federation)
    assert len(members) == LANDLORDS
    known = {m.name for m in members}
    for folder in members:
        landlord = read_declaration(folder / DECLARATION)
        assert landlord.landlord_id == folder.name
        assert landlord.name and landlord.name.startswith("Demo Habitat ")
        rpls = sorted(folder.glob("rpls_*.csv"))
        assert len(rpls) == 3
        assert {header_landlord(path) for path in rpls} == {landlord.landlord_id}
        # the pipeline gives the folder's other files to that landlord
        owner = landlord_of_file(folder / "baux_2026.csv", federation, known)
        assert (owner.landlord_id, owner.declared, owner.problem) == \
            (landlord.landlord_id, True, None)
    assert len(known) == LANDLORDS  # distinct ministry numbers


def test_two_regions_are_covered(federation):
    with DEPARTEMENTS_PATH.open(encoding="utf-8", newline="") as f:
        region = {row["code"]: row["region"] for row in csv.DictReader(f)}
    regions = {}
    for folder in _members(federation):
        departements = {line[3][:2] for line in _rpls_lines(folder)}
        regions[folder.name] = {region[d] for d in departements if d in region}
        assert len(regions[folder.name]) == 1, regions  # a landlord of one region
    assert set().union(*regions.values()) == {"75", "27"}  # Nouvelle-Aquitaine, BFC


def test_internal_ids_collide_between_landlords(federation):
    members = _members(federation)
    rpls = {m.name: _rpls_lines(m) for m in members}
    leases = {m.name: _csv_column(m / "baux_2026.csv", "Lease ID") for m in members}
    tickets = {m.name: _ticket_ids(m / "tickets_2025-12.jsonl") for m in members}
    for a, b in itertools.combinations(sorted(rpls), 2):
        dwellings = ({line[1] for line in rpls[a]}, {line[1] for line in rpls[b]})
        buildings = ({line[17] for line in rpls[a]}, {line[17] for line in rpls[b]})
        assert dwellings[0] & dwellings[1], (a, b)  # RPLS position 2, the landlord's own id
        assert buildings[0] & buildings[1], (a, b)  # position 18
        assert leases[a] & leases[b], (a, b)
        assert tickets[a] & tickets[b], (a, b)
        # the RPLS ids of the national directory (position 1) do not
        assert not {line[0] for line in rpls[a]} & {line[0] for line in rpls[b]}


def test_defects_manifests_are_outside_the_inbox(federation):
    assert not list(federation.rglob(MANIFEST_NAME))
    manifests = federation.parent / "defects_manifests"
    assert sorted(p.parent.name for p in manifests.glob(f"*/{MANIFEST_NAME}")) == \
        [m.name for m in _members(federation)]
    with pytest.raises(ValueError, match="outside the inbox"):
        generate_federation(federation, LANDLORDS, DWELLINGS, manifests=federation / "m",
                            progress=None)


def test_same_arguments_same_bytes(federation, tmp_path):
    """The command line, run twice in other folders, writes the in-process run's bytes."""
    runs = []
    for name in ("one", "two"):
        inbox, manifests = tmp_path / name / "inbox", tmp_path / name / "manifests"
        result = _cli(inbox, "--manifests", str(manifests))
        assert result.stdout.count("HLM") >= LANDLORDS and "2 regions" in result.stdout
        runs.append((_tree(inbox), _tree(manifests)))
    assert runs[0] == runs[1]
    assert runs[0][0] == _tree(federation)
    assert runs[0][1] == _tree(federation.parent / "defects_manifests")
