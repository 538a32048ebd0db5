"""Decoding landlord text files as they really come: UTF-8 with or without BOM, Windows-1252
(Latin-1 in practice: the same for printable text, but 0x80-0x9F are € ‚ … œ in Windows-1252
and invisible controls in Latin-1), UTF-16 or UTF-32 announced by their BOM.

The encoding is decided for the whole file, read once in chunks: a file that decodes as UTF-8
is UTF-8; so is one with at least as many valid multi-byte UTF-8 characters as invalid bytes
(Windows-1252 text almost never forms a valid sequence by chance, while a UTF-8 export may hold
a few damaged lines): those lines are reported as broken rather than guessed at (silently
"fixing" them would invent characters). Any other file is Windows-1252. A file of control bytes is not text at
all: it is set aside as a whole, never read line by line.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

UTF8_BOM = codecs.BOM_UTF8
#: longest first, UTF-32 LE starts with UTF-16 LE's BOM
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))
CHUNK_BYTES = 1 << 20
#: C0 controls that no text file holds (tab, LF, VT, FF and CR are text), and DEL
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL_BYTES)
#: the five bytes Windows-1252 leaves undefined
CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_NOT_UNDEFINED = bytes(b for b in range(256) if b not in CP1252_UNDEFINED)
#: share of control bytes above which a file is binary (text has none; random bytes ~11 %)
BINARY_CONTROL_SHARE = 0.01
#: undecodable bytes come back as lone surrogates (errors="surrogateescape")
UNDECODABLE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class TextEncoding:
    """What a whole file's bytes say of it, decided in one pass (`inspect_text`)."""

    name: str  # Python codec: utf-8, cp1252, utf-16-le, utf-16-be, utf-32-le, utf-32-be
    bom: int = 0  # bytes of byte-order mark to skip
    undecodable: int = 0  # bytes that do not decode in `name`: their lines are broken
    nul: int = 0  # NUL bytes (or characters): their lines are broken
    blank: bool = False  # nothing but whitespace (and a BOM): an empty file
    problem: str | None = None  # why the file is not text (set aside as a whole)

    @property
    def clean(self) -> bool:
        """Every line decodes: no line needs checking for undecodable bytes."""
        return not self.undecodable and not self.nul


def inspect_text(path: Path) -> TextEncoding:
    """Decide the encoding of the whole file, reading it once in chunks (any file size)."""
    with path.open("rb") as f:
        start = f.read(4)
        bom, name = next(((len(b), n) for b, n in BOMS if start.startswith(b)), (0, None))
        f.seek(bom)
        if name is not None and name != "utf-8":
            return _inspect_wide(f, name, bom)
        return _inspect_bytes(f, bom)


def _inspect_wide(f, name: str, bom: int) -> TextEncoding:
    """UTF-16/32 announced by a BOM: the whole file must decode, strictly."""
    decoder = codecs.getincrementaldecoder(name)("strict")
    blank, nul, offset = True, 0, bom
    try:
        while chunk := f.read(CHUNK_BYTES):
            text = decoder.decode(chunk)
            blank = blank and not text.strip()
            nul += text.count("\x00")
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        label = name.upper().replace("-LE", " little-endian").replace("-BE", " big-endian")
        return TextEncoding(name, bom, problem=(
            f"encodage {label} (annoncé par son BOM) invalide vers l'octet "
            f"{offset + error.start} : {error.reason}"))
    return TextEncoding(name, bom, nul=nul, blank=blank)


def _inspect_bytes(f, bom: int) -> TextEncoding:
    """UTF-8 or Windows-1252, counting over the whole file what each encoding makes of it."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    size = control = nul = undefined = invalid = non_ascii = 0
    blank = True
    while chunk := f.read(CHUNK_BYTES):
        size += len(chunk)
        control += len(chunk.translate(None, _NOT_CONTROL))
        nul += chunk.count(b"\x00")
        blank = blank and not chunk.strip()
        if chunk.isascii() and not decoder.getstate()[0]:
            continue
        undefined += len(chunk.translate(None, _NOT_UNDEFINED))
        text = decoder.decode(chunk)
        bad = text.count("\ufffd")
        invalid += bad
        non_ascii += len(text) - len(text.encode("ascii", "ignore")) - bad
    bad = decoder.decode(b"", final=True).count("\ufffd")
    invalid += bad
    if control > max(1, size * BINARY_CONTROL_SHARE):
        hint = " (des octets nuls : de l'UTF-16 sans BOM ?)" if nul * 4 > size else ""
        return TextEncoding("cp1252", bom, problem=(
            f"fichier binaire, pas un fichier texte : {control} octets de contrôle sur {size}"
            f"{hint} ; attendu du texte en UTF-8, Windows-1252 ou UTF-16 avec BOM"))
    if bom or non_ascii >= invalid:
        return TextEncoding("utf-8", bom, undecodable=invalid, nul=nul, blank=blank)
    return TextEncoding("cp1252", bom, undecodable=undefined, nul=nul, blank=blank)


def detect_encoding(path: Path) -> str:
    """The Python codec of the whole file (see `inspect_text`)."""
    return inspect_text(path).name


def open_text(path: Path, encoding: TextEncoding, newline: str | None = "") -> io.TextIOWrapper:
    """The file as decoded text after its BOM; undecodable bytes come back as lone surrogates
    (`UNDECODABLE`) so that their lines can be reported, never dropped."""
    raw = path.open("rb")
    raw.seek(encoding.bom)
    errors = "surrogateescape" if encoding.name in ("utf-8", "cp1252") else "strict"
    return io.TextIOWrapper(raw, encoding=encoding.name, errors=errors, newline=newline)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based physical line number in the file
    text: str | None  # None when the line cannot be decoded in the file's encoding
    raw: bytes


def iter_lines(path: Path, encoding: TextEncoding | str | None = None) -> Iterator[Line]:
    """Yield every non-empty physical line, decoded, with its number; streams any file size."""
    if not isinstance(encoding, TextEncoding):
        encoding = inspect_text(path) if encoding is None else _named(path, encoding)
    if encoding.name in ("utf-8", "cp1252"):
        yield from _iter_byte_lines(path, encoding)
        return
    with open_text(path, encoding, newline="\n") as f:
        for number, text in enumerate(f, start=1):
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            yield Line(number, None if "\x00" in text else text, text.encode(encoding.name))


def _iter_byte_lines(path: Path, encoding: TextEncoding) -> Iterator[Line]:
    """One- or variable-byte encodings: split on LF bytes, decode each line on its own."""
    with path.open("rb") as f:
        f.seek(encoding.bom)
        for number, raw in enumerate(f, start=1):
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                text = raw.decode(encoding.name)
            except UnicodeDecodeError:
                text = None
            if text is not None and encoding.nul and "\x00" in text:
                text = None
            yield Line(number, text, raw)


def _named(path: Path, name: str) -> TextEncoding:
    """An encoding given by name: its BOM still skipped, every line still checked."""
    with path.open("rb") as f:
        start = f.read(4)
    bom = next((len(b) for b, n in BOMS if n == name and start.startswith(b)), 0)
    return TextEncoding(_codec(name), bom, nul=1)


@lru_cache(maxsize=16)
def _codec(name: str) -> str:
    return codecs.lookup(name).name
