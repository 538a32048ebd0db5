"""The floor: DuckDB reading every source file of an inbox once into a table.

What any pipeline must at least do: read each file. CSV and RPLS files through read_csv (RPLS:
`;`, its 12-field landlord header line skipped, 64 positions, no column-name row), JSON Lines
through read_json, and the XLSX surveys through calamine (the pipeline's reader) into an Arrow table (DuckDB's excel
extension cannot be installed offline), each into a table of a scratch DuckDB file.
Run as a child process by run_bench.py so that its time and memory are measured alike:
    python -m tests.benchmarks.floor --inbox DIR --database FILE   (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import duckdb

from orchestration.lib.text_files import detect_encoding


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


CSV_OPTIONS = "all_varchar = true, strict_mode = false, null_padding = true, ignore_errors = true"


def utf8_copy(path: Path, scratch: Path) -> Path:
    """DuckDB reads UTF-8 and Latin-1 but not Windows-1252 (its encodings extension cannot
    be installed offline): such files are transcoded once to UTF-8, in blocks, in the floor."""
    if detect_encoding(path) != "cp1252":
        return path
    target = scratch / path.name
    with path.open(encoding="cp1252", errors="replace", newline="") as source, \
            target.open("w", encoding="utf-8", newline="") as out:
        while block := source.read(1 << 22):
            out.write(block)
    return target


def read_sql(path: Path, scratch: Path) -> str | None:
    """The SELECT reading one source file, or None when the floor reads it otherwise."""
    name = path.name.lower()
    if "rpls" in name and name.endswith((".csv", ".txt")):
        return (f"select * from read_csv({_q(utf8_copy(path, scratch))}, delim = ';', "
                f"header = false, skip = 1, quote = '', {CSV_OPTIONS})")
    if name.endswith(".csv"):
        return (f"select * from read_csv({_q(utf8_copy(path, scratch))}, header = true, "
                f"{CSV_OPTIONS})")
    if name.endswith(".jsonl"):
        return (f"select * from read_json({_q(path)}, format = 'newline_delimited', "
                "records = true, ignore_errors = true)")
    return None


def _xlsx_table(path: Path):
    """The survey sheet through calamine, the pipeline's XLSX reader, as text columns."""
    import pyarrow as pa
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    names = workbook.sheet_names
    sheet = workbook.get_sheet_by_name("reponses" if "reponses" in names else names[0])
    rows = iter(sheet.iter_rows())
    header = [str(h) for h in next(rows)]
    columns = [[] for _ in header]
    for row in rows:
        row = list(row) + [""] * (len(header) - len(row))  # trailing empty cells
        for column, value in zip(columns, row):
            column.append(None if value == "" else str(value))
    return pa.table(dict(zip(header, [pa.array(c, pa.string()) for c in columns])))


def source_files(inbox: Path) -> list[Path]:
    """The files the pipeline would read (the generator's defects manifest is not a source)."""
    return sorted(p for p in inbox.rglob("*") if p.is_file()
                  and p.suffix.lower() in (".csv", ".txt", ".jsonl", ".xlsx")
                  and "manifest" not in p.name)


def run_floor(inbox: Path, database: Path) -> dict:
    database.unlink(missing_ok=True)
    scratch = database.parent / "floor_utf8"
    scratch.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(str(database)) as conn:
        for number, path in enumerate(source_files(inbox)):
            table = f"f{number}"
            sql = read_sql(path, scratch)
            if sql is None:
                arrow_table = _xlsx_table(path)
                conn.register("_xlsx", arrow_table)
                conn.execute(f"create table {table} as select * from _xlsx")
                conn.unregister("_xlsx")
            else:
                conn.execute(f"create table {table} as {sql}")
            rows += conn.execute(f"select count(*) from {table}").fetchone()[0]
        conn.execute("checkpoint")
    shutil.rmtree(scratch)
    return {"seconds": time.perf_counter() - started, "rows": rows,
            "files": len(source_files(inbox)), "database_bytes": database.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", type=Path, required=True)
    parser.add_argument("--database", type=Path, required=True)
    args = parser.parse_args(argv)
    json.dump(run_floor(args.inbox, args.database), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
