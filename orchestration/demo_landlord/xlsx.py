"""A minimal streaming XLSX writer: what a survey institute's spreadsheet holds (a notice sheet,
then the answers), written row by row with bounded memory and reproducible bytes.

openpyxl is not used for writing because it stamps the current time into the workbook and the
zip entries, so two runs would differ; here every zip entry carries the same fixed date.
Strings are inline strings, numbers plain values, dates Excel serial numbers with a date style.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAX_ROWS = 1_048_576  # rows of an Excel worksheet, header included
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LETTERS = [column_letter(i) for i in range(64)]


def _cell(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


class XlsxWriter:
    """One workbook: optional notice sheets written whole, then one streamed data sheet."""

    def __init__(self, path: Path, sheet: str, notes: dict[str, list[list[object]]] | None = None):
        self.path = Path(path)
        self.sheet = sheet
        self.notes = notes or {}
        self.rows = 0  # rows written to the data sheet, header included
        self._zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_DEFLATED)
        self._sheet_names = [*self.notes, sheet]
        for i, rows in enumerate(self.notes.values(), start=1):
            body = "".join(self._row_xml(r, values) for r, values in enumerate(rows, start=1))
            self._write_entry(f"xl/worksheets/sheet{i}.xml", self._sheet_xml(body))
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{len(self._sheet_names)}.xml", _FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._data = self._zip.open(info, "w", force_zip64=True)
        self._data.write((_XML + f'<worksheet xmlns="{_NS}"><sheetData>').encode())
        self._buffer: list[str] = []

    @staticmethod
    def _row_xml(number: int, values: list[object]) -> str:
        cells = []
        for letter, value in zip(_LETTERS, values):
            if value is None or value == "":
                continue
            if value.__class__ is str:
                text = escape(value)
                space = ' xml:space="preserve"' if text != text.strip() else ""
                cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{text}'
                             f'</t></is></c>')
            else:
                cells.append(_cell(f"{letter}{number}", value))
        return f'<row r="{number}">{"".join(cells)}</row>'

    @staticmethod
    def _sheet_xml(body: str) -> str:
        return _XML + f'<worksheet xmlns="{_NS}"><sheetData>{body}</sheetData></worksheet>'

    def _write_entry(self, name: str, text: str) -> None:
        info = zipfile.ZipInfo(name, _FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, text.encode("utf-8"))

    def append(self, values: list[object]) -> int:
        """Add a row to the data sheet; return its row number (the header is row 1)."""
        if self.rows >= MAX_ROWS:
            raise ValueError(f"{self.path.name}: a worksheet holds at most {MAX_ROWS:,} rows")
        self.rows += 1
        self._buffer.append(self._row_xml(self.rows, values))
        if len(self._buffer) >= 2_000:
            self._flush()
        return self.rows

    def _flush(self) -> None:
        if self._buffer:
            self._data.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()

    def close(self) -> None:
        self._flush()
        self._data.write(b"</sheetData></worksheet>")
        self._data.close()
        n = len(self._sheet_names)
        sheets = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(self._sheet_names, start=1))
        self._write_entry("[Content_Types].xml", _XML + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, n + 1))
            + "</Types>"))
        self._write_entry("_rels/.rels", _XML + (
            f'<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        self._write_entry("xl/workbook.xml", _XML + (
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}"><sheets>{sheets}</sheets></workbook>'))
        self._write_entry("xl/_rels/workbook.xml.rels", _XML + (
            f'<Relationships xmlns="{_PKG_REL_NS}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
            "</Relationships>"))
        self._write_entry("xl/styles.xml", _XML + (
            f'<styleSheet xmlns="{_NS}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '</cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" '
            'applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            '</cellStyles></styleSheet>'))
        self._zip.close()
