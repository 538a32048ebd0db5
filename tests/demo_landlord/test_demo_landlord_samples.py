"""`data/samples/` is exactly what its documented command writes, one small file per contract,
and its README lists every file with its defects."""

from __future__ import annotations

import shlex
import zipfile
from pathlib import Path

import pytest

from orchestration.demo_landlord.cli import parse_args
from orchestration.demo_landlord.communes import REPO_ROOT
from orchestration.demo_landlord.generator import generate
from orchestration.demo_landlord.samples import SAMPLES_COMMAND
from tests.demo_landlord.source_readers import CONTRACTS, manifest_entries, source_files

SAMPLES = REPO_ROOT / "data" / "samples"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    args = shlex.split(SAMPLES_COMMAND)
    args = args[args.index("orchestration.demo_landlord") + 1:]
    out = tmp_path_factory.mktemp("samples")
    args[args.index("--out") + 1] = str(out)
    generate(parse_args(args), progress=None)
    return out


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _content(path: Path):
    """Bytes; a workbook's zip members (their compressed bytes depend on the zlib build)."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return {name: z.read(name) for name in sorted(z.namelist())}
    return path.read_bytes()


def test_committed_samples_are_what_the_command_writes(regenerated):
    assert _files(SAMPLES) == _files(regenerated)
    for name in _files(regenerated):
        assert _content(SAMPLES / name) == _content(regenerated / name), name


def test_one_small_file_per_contract(regenerated):
    files = source_files(regenerated)
    assert set(files) == set(CONTRACTS)
    for source, paths in files.items():
        assert len(paths) == (2 if source == "satisfaction" else 1), source
        for path in paths:
            assert path.parent.name == source
            if path.suffix != ".xlsx":
                assert 5 <= len(path.read_bytes().splitlines()) <= 600, path.name
    assert len(list((regenerated / "rpls").glob("rpls_*.csv"))) == 3


def test_readme_lists_every_file_and_defect(regenerated):
    readme = (regenerated / "README.md").read_text(encoding="utf-8")
    assert SAMPLES_COMMAND in readme
    for name in _files(regenerated):
        if name not in ("README.md", "defects_manifest.csv"):
            assert f"`{name}`" in readme, name
    for e in manifest_entries(regenerated):
        assert f" {e['line_number']}: {e['defect_class']}" in readme
