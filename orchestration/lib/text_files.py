"""Decoding landlord text files as they really come: UTF-8 with or without BOM, or Latin-1.

A whole file that never decodes as UTF-8 but has non-ASCII bytes is Latin-1 (Windows-1252 in
practice). A UTF-8 file with a few undecodable lines keeps its encoding, and those lines are
reported as broken rather than guessed at: silently "fixing" them would invent characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Line:
    number: int  # 1-based physical line number in the file
    text: str | None  # None when the line cannot be decoded in the file's encoding
    raw: bytes


def detect_encoding(path: Path) -> str:
    """Return "utf-8" or "cp1252" from the file content: BOM, then the first non-ASCII lines.

    Stops at the first line holding valid multi-byte UTF-8; a pure-ASCII file is read to the end
    (a line-by-line scan, well under a second for a million lines).
    """
    saw_invalid = False
    with path.open("rb") as f:
        for number, raw in enumerate(f):
            if number == 0 and raw.startswith(UTF8_BOM):
                return "utf-8"
            if raw.isascii():
                continue
            try:
                raw.decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                saw_invalid = True
    return "cp1252" if saw_invalid else "utf-8"


def iter_lines(path: Path, encoding: str | None = None) -> Iterator[Line]:
    """Yield every non-empty physical line, decoded, with its number; streams any file size."""
    encoding = encoding or detect_encoding(path)
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and raw.startswith(UTF8_BOM):
                raw = raw[len(UTF8_BOM):]
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                text = None
            yield Line(number, text, raw)
