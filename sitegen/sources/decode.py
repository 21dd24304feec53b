"""Turning the bytes of an input file into text, and saying what had to be repaired.

Cables reach us as UTF-8 in the release, but files edited by hand or exported by other
tools may be Windows-1252 or Latin-1, carry stray NUL bytes or CRLF line ends. None of
that may stop a run: we decode what we can and describe the repair in a warning.
"""

from __future__ import annotations

import codecs

_ERROR_HANDLER = "sitegen-cp1252"


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects one by one as Windows-1252 (a superset of Latin-1's
    printable range), so a file mixing valid UTF-8 with a few legacy bytes keeps both."""
    bad = error.object[error.start : error.end]
    try:
        return bad.decode("cp1252"), error.end
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in Windows-1252
        return "".join(_one_cp1252(byte) for byte in bad), error.end


def _one_cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return "\ufffd"


codecs.register_error(_ERROR_HANDLER, _cp1252_fallback)


def decode_bytes(data: bytes, first_line: int = 1) -> tuple[str, list[str]]:
    """Return the text of `data` and warnings ("line 3: ...") for every repair made.

    `first_line` is the line number of the first byte, for data cut from a larger file.
    Line ends become "\\n"; that is normalisation, not a repair, so it is not reported.
    """
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + first_line
        text = data.decode("utf-8", errors=_ERROR_HANDLER)
        warnings.append(
            f"line {line}: bytes that are not valid UTF-8 (first at byte {error.start}) "
            "were read as Windows-1252"
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + first_line
        warnings.append(f"line {line}: removed {text.count(chr(0))} NUL byte(s)")
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings
