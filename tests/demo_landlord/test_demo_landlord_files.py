"""The files follow the RPLS landlord layout, are reproducible, and hold exactly the defects
their manifest lists."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from orchestration.demo_landlord.communes import REPO_ROOT, unknown_commune_code
from orchestration.demo_landlord.generator import GeneratorConfig, generate
from tests.demo_landlord.demo_landlord_files import (
    MILLESIMES,
    SMALL,
    I,
    header_problems,
    line_problems,
    manifest,
    read_rpls,
)


def _cli(out: Path, *args: str, hash_seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "orchestration.demo_landlord", "--out", str(out), *args],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)


def test_the_defects_manifest_can_be_kept_out_of_the_inbox(tmp_path):
    """`make demo` writes the answer key beside the inbox: in it, every pipeline run (and the
    inbox sensor) would report it as a file of no known source."""
    inbox, key = tmp_path / "inbox", tmp_path / "key" / "defects_manifest.csv"
    _cli(inbox, "--dwellings", "300", "--no-sources", "--manifest", str(key))
    assert "defects_manifest.csv" not in {p.name for p in inbox.iterdir()}
    entries = manifest(key)
    assert entries and {e["file"] for e in entries} <= {p.name for p in inbox.iterdir()}


def test_same_seed_and_arguments_give_the_same_bytes(tmp_path):
    runs = [tmp_path / "a", tmp_path / "b"]
    for out, hash_seed in zip(runs, ("1", "2")):  # different str hashing in each process
        _cli(out, "--dwellings", "1500", "--seed", "3", hash_seed=hash_seed)
    names = sorted(p.name for p in runs[0].iterdir())
    assert names == sorted(p.name for p in runs[1].iterdir())
    assert {"defects_manifest.csv", "rpls_2024.csv", "rpls_2025.csv", "rpls_2026.csv",
            "dpe_2013-2025.csv", "tickets_2025-12.jsonl", "enquete_satisfaction_2025.xlsx",
            "organisation.csv"} <= set(names)
    assert len(names) == 4 + 37  # RPLS, manifest, and every source (12 + 12 monthly files)
    for name in names:  # every file, spreadsheets included
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name


def test_another_seed_gives_another_landlord(tmp_path, small_run):
    generate(GeneratorConfig(out=tmp_path, dwellings=SMALL, seed=8), progress=None)
    assert (tmp_path / "rpls_2024.csv").read_bytes() != (small_run / "rpls_2024.csv").read_bytes()


def test_cli_prints_progress_and_a_summary(tmp_path):
    result = _cli(tmp_path, "--dwellings", "500", "--millesimes", "2025,2026", "--no-defects",
                  "--no-sources")
    assert "% of dwellings written" in result.stdout
    assert "2 files" in result.stdout and "peak RSS" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "defects_manifest.csv", "rpls_2025.csv", "rpls_2026.csv"]


def test_header_line_counts_every_dwelling_line(small_run):
    for year in MILLESIMES:
        f = read_rpls(small_run / f"rpls_{year}.csv")
        assert header_problems(f.header, year, len(f.lines)) == []
    first = read_rpls(small_run / f"rpls_{MILLESIMES[0]}.csv")
    duplicates = sum(1 for e in manifest(small_run / "defects_manifest.csv")
                     if e["file"] == first.path.name and e["defect_class"] == "duplicate_rpls_id")
    assert len(first.lines) == SMALL + duplicates  # --dwellings = lines of the first millésime


def test_every_line_outside_the_manifest_is_valid(small_run):
    listed = Counter()
    for e in manifest(small_run / "defects_manifest.csv"):
        listed[(e["file"], int(e["line_number"]))] += 1
    assert max(listed.values()) == 1  # one defect per line
    for year in MILLESIMES:
        f = read_rpls(small_run / f"rpls_{year}.csv")
        skip = {n for (name, n) in listed if name == f.path.name}
        ids = Counter()
        for number, fields in f.decoded(skip):
            assert len(fields) == 64, (f.path.name, number)
            assert line_problems(fields, year) == [], (f.path.name, number, fields)
            ids[fields[I["rpls_id"]]] += 1
        assert max(ids.values()) == 1


def test_manifest_lists_real_defects_of_every_class(small_run):
    entries = manifest(small_run / "defects_manifest.csv")
    classes = Counter(e["defect_class"] for e in entries)
    assert set(classes) == {"unknown_commune", "impossible_date", "duplicate_rpls_id",
                            "invalid_dpe_label", "broken_encoding", "truncated_line"}
    total_lines = sum(len(read_rpls(small_run / f"rpls_{y}.csv").lines) for y in MILLESIMES)
    assert 0.0015 <= len(entries) / total_lines <= 0.003
    files = {y: read_rpls(small_run / f"rpls_{y}.csv") for y in MILLESIMES}
    for e in entries:
        year = int(e["file"][5:9])
        f = files[year]
        number = int(e["line_number"])
        raw = dict(f.lines)[number]
        cls, column, value = e["defect_class"], e["column"], e["raw_value"]
        if cls == "broken_encoding":
            try:
                raw.decode("utf-8")
                raise AssertionError(f"line {number} is valid UTF-8")
            except UnicodeDecodeError:
                pass
            fields = raw.decode("latin-1").split(";")
            assert fields[I[column]].encode("latin-1").decode("ascii", "backslashreplace") \
                == value
            assert "\\x" in value
            continue
        fields = raw.decode("utf-8").split(";")
        if cls == "truncated_line":
            assert number == f.lines[-1][0] and not f.ends_with_newline
            assert len(fields) == int(value) < 64
            continue
        assert fields[I[column]] == value, e
        assert line_problems(fields, year) != [] or cls == "duplicate_rpls_id"
        if cls == "unknown_commune":
            assert value == unknown_commune_code("33") == "33999"
        elif cls == "impossible_date":
            assert column in ("bail", "dpedate") and value[:2] in ("00", "13")
        elif cls == "invalid_dpe_label":
            assert value not in set("ABCDEFG")
        elif cls == "duplicate_rpls_id":
            earlier = [n for n, other in f.lines
                       if n < number and other.startswith(value.encode() + b";")]
            assert len(earlier) == 1
            assert line_problems(fields, year) == []  # valid alone, a duplicate in the file


def test_without_defects_every_line_is_valid(clean_run):
    assert manifest(clean_run / "defects_manifest.csv") == []
    for year in MILLESIMES:
        f = read_rpls(clean_run / f"rpls_{year}.csv")
        assert f.ends_with_newline
        assert header_problems(f.header, year, len(f.lines)) == []
        for number, fields in f.decoded():
            assert line_problems(fields, year) == [], (year, number)


def test_latin1_files_encode_accents_as_single_bytes(tmp_path):
    generate(GeneratorConfig(out=tmp_path, dwellings=1000, seed=5, encoding="latin-1"),
             progress=None)
    data = (tmp_path / "rpls_2024.csv").read_bytes()
    assert "é".encode("latin-1") in data and "é".encode() not in data
    classes = {e["defect_class"] for e in manifest(tmp_path / "defects_manifest.csv")}
    assert "broken_encoding" not in classes and "unknown_commune" in classes
    f = read_rpls(tmp_path / "rpls_2025.csv", encoding="latin-1")
    skip = {int(e["line_number"]) for e in manifest(tmp_path / "defects_manifest.csv")
            if e["file"] == "rpls_2025.csv"}
    for number, fields in f.decoded(skip, encoding="latin-1"):
        assert line_problems(fields, 2025) == [], number
