"""The REF line: the cables (and other documents) a cable answers or cites.

    REF: A. 08 STATE 12345 B. MOSCOW 123
    REFS: A) USNATO 561  B) USNATO 464  C) VILNIUS 569

A cited cable is `[YY] STATION NUMBER`; without a year it is one of the same year as the
citing cable (`REF: ASTANA 0678` in a 2009 cable is `09ASTANA678`). `SECSTATE` cites are
State's. Items that cite no cable (`B. EMBASSY PARIS DAILY REPORT FOR OCTOBER 28`) are
other references.
"""

from __future__ import annotations

import re

from sitegen.cable.refid import make_reference_id, station_code, stations

# The label, then a colon, or (without one) what a citation starts with: an item marker,
# a year or a station and number in capitals ("REF STATE 1234"; not "Reference to his").
REF_LINE = re.compile(
    r"^[ \t]*REF(?:S|ERENCES?|TEL)?\b"
    r"(?:[ \t]*:|[ \t]+(?=(?-i:\(?[A-Z][.)]|\d|[A-Z]{3,}[A-Z ]*\d)))[ \t]*(.*)$",
    re.I | re.M,
)
_NEXT_FIELD = re.compile(r"\s*\bCLASSIFIED\s+BY\b.*$", re.I)
# An item marker: "A.", "(B)", "C)", "A:" at a line start or after spacing.
_ITEM = re.compile(r"(?:^|(?<=\s))\(?([A-Z])(?:\.|\)|:)\s*(?:\([A-Z]\)\s*)?(?=\S)")
_ITEM_LINE = re.compile(r"^[ \t]*\(?[A-Z](?:\.|\)|:)[ \t]*\S")
_STOP = re.compile(
    r"^[ \t]*(?:CLASSIFIED\s+BY|\(?\d{1,2}\s*[.)]|¶|SUMMARY|E\.\s?O\.|TAGS|SUBJECT|-{3,})", re.I
)
_PAGE = re.compile(r"^[ \t]*[A-Z][A-Z .'-]* \d{8} +\d{3}(?:\.\d)? OF \d{3}[ \t]*$")
# Words and numbers of a citation; "01/11/06" and "1.4" stay one token (no cable numbers).
_WORD = re.compile(r"[A-Z]+|\d+(?:[/:.-]\d+)*")


def find_references_text(text: str) -> str:
    """The text of the first REF line and the lines that continue it, or "".

    Give it the message's preamble (before the first paragraph): "Reference to his
    statements" in a paragraph is no REF line.
    """
    match = REF_LINE.search(text)
    if not match:
        return ""
    parts = [match.group(1)]
    blank = False
    for line in text[match.end() :].split("\n")[1:12]:
        if not line.strip():
            blank = True
            continue
        if _STOP.match(line) or _PAGE.match(line):
            if _PAGE.match(line):
                continue
            break
        if blank and not _ITEM_LINE.match(line):
            break
        parts.append(line.strip())
        blank = False
    joined = " ".join(p.strip() for p in parts if p.strip())
    return _NEXT_FIELD.sub("", joined)  # a copy that ran the next field onto the list


def parse_references(text: str, year: str) -> tuple[list[str], list[str]]:
    """(cited reference ids, other references) of a REF text; `year` is the citing cable's
    two-digit year ("" when unknown: citations without a year are then skipped)."""
    text = REF_LINE.sub(r"\1", text, count=1)
    items = _split_items(text)
    cited: list[str] = []
    others: list[str] = []
    for item in items:
        found = cited_ids(item, year)
        if found:
            cited += [f for f in found if f not in cited]
        elif item.strip(" .;,") and item.strip(" .;,").upper() not in ("NONE", "REF"):
            others.append(" ".join(item.split()).strip(" ;,"))
    return cited, others


def _split_items(text: str) -> list[str]:
    """Items by their markers, which run A, B, C...: "A. A. BRASILIA 1206" has one item,
    and the "U." of "U.S. EMBASSY" is no marker."""
    starts: list[tuple[int, int]] = []  # (marker start, text start)
    expected = "A"
    for match in _ITEM.finditer(text):
        if match.group(1) == expected:
            starts.append((match.start(), match.end()))
            expected = chr(ord(expected) + 1)
    if not starts:
        return [text]
    items = [text[: starts[0][0]]] if text[: starts[0][0]].strip() else []
    for (_, begin), (end, _) in zip(starts, [*starts[1:], (len(text), len(text))], strict=True):
        items.append(text[begin:end])
    return items


def cited_ids(text: str, year: str) -> list[str]:
    """Reference ids cited in `text`: `08 STATE 12345`, `MOSCOW 123`, `RIO DE JANEIRO 32`.

    Each number is read with the words before it: the longest run of them that names a
    station, and a two-digit year before that run when there is one.
    """
    found: list[str] = []
    tokens = _WORD.findall(text.upper())
    for index, token in enumerate(tokens):
        if not token.isdigit() or len(token) > 7:
            continue
        words = []
        for word in reversed(tokens[max(0, index - 4) : index]):
            if not word.isalpha():
                break
            words.insert(0, word)
        station = _known_station(words)
        if not station:
            continue
        before = index - _station_size(words, station) - 1
        cited_year = tokens[before] if before >= 0 else ""
        when = cited_year if re.fullmatch(r"\d{2}", cited_year) else year
        if when:
            found.append(make_reference_id(when, station, token))
    return list(dict.fromkeys(found))


def _station_size(words: list[str], station: str) -> int:
    for size in range(1, len(words) + 1):
        code = station_code("".join(words[-size:]))
        if code == station or (code == "SECSTATE" and station == "STATE"):
            return size
    return 0


def _known_station(words: list[str]) -> str:
    """The longest run of final words that names a station: ["AND", "PREVIOUS", "MOSCOW"]
    -> "MOSCOW"; SECSTATE cites are STATE's."""
    codes = stations().by_code
    for size in range(len(words), 0, -1):
        code = station_code("".join(words[-size:]))
        if code == "SECSTATE":
            return "STATE"
        if code in codes:
            return code
    return ""
