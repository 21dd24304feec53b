"""The classification line and the cable's classification.

The message starts with a line naming the classification, the section and the cable's
station and serial number: `UNCLAS SECTION 01 OF 02 ASTANA 001182`,
`C O N F I D E N T I A L ASTANA 000982`, `S e c r e t berlin 000643`. Teleprinters
spaced the letters out; some copies lost or doubled one (`E C R E T`, `UUNCLAS`).

The release's classification is one of six values. Caveat lines between the
classification line and the TAGS line refine it: `NOFORN` (not for foreign nationals)
and, for unclassified cables, `SENSITIVE` / `SBU` (the "for official use only" value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNCLASSIFIED = "UNCLASSIFIED"
FOUO = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
CONFIDENTIAL = "CONFIDENTIAL"
SECRET = "SECRET"
NOFORN = "//NOFORN"
VALUES = (
    UNCLASSIFIED, FOUO, CONFIDENTIAL, CONFIDENTIAL + NOFORN, SECRET, SECRET + NOFORN,
)  # fmt: skip

# Marking as written (letters only) -> base level. Longer markings are tried first.
_MARKINGS = {
    "LIMITEDOFFICIALUSE": FOUO,
    "UNCLASSIFIED": UNCLASSIFIED,
    "CONFIDENTIAL": CONFIDENTIAL,
    "TOPSECRET": SECRET,
    "UNCLAS": UNCLASSIFIED,
    "SECRET": SECRET,
}
# The routing header's ZNY/ZNR line repeats the level as five letters: ZNY CCCCC ZZH.
_ZNY = re.compile(r"^\s*ZN[YR]\s+([UECS])\1{4}\b", re.M)
_ZNY_LEVEL = {"U": UNCLASSIFIED, "E": UNCLASSIFIED, "C": CONFIDENTIAL, "S": SECRET}

# After the marking: optional section count, then the station and serial number.
_REST = re.compile(
    r"\s*(?:/+\s*[A-Z]+\s*)?"  # SECRET//NOFORN written on the line
    r"(?:(?:E\s?F\s?T\s?O|NOFORN|SENSITIVE|SBU|NODIS|EXDIS|LIMDIS|STADIS)\s+)*"  # caveats first
    r"(?:SECTION\s+(?P<section>\d+)\s+OF\s+(?P<sections>\d+)\s+)?"
    r"(?P<station>[A-Z][A-Z .'()-]*?)\s+(?P<number>\d{1,8})"
    r"(?P<rest>(?:\s+[A-Z][A-Z/ ]*)?)\s*$"
)


def _spelling_variants(marking: str) -> set[str]:
    """The marking, with one letter dropped, with one letter doubled."""
    dropped = {marking[:i] + marking[i + 1 :] for i in range(len(marking))}
    doubled = {marking[:i] + marking[i] + marking[i:] for i in range(len(marking))}
    return {marking} | dropped | doubled


# Lines that may start with a marking, found in one pass over the text: the first three
# letters of a marking (or of a misspelling read_marking accepts), spaced out or not.
_PREFIXES = sorted({v[:3] for m in _MARKINGS for v in _spelling_variants(m)})
MARKING_CANDIDATE = re.compile(
    r"^[ \t]*(?:" + "|".join("[ \t]?".join(p) for p in _PREFIXES) + ")",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class ClassificationLine:
    """`C O N F I D E N T I A L SECTION 01 OF 02 PRETORIA 001173`, read."""

    level: str  # UNCLASSIFIED, FOUO, CONFIDENTIAL, SECRET (no caveat yet)
    station: str = ""  # "PRETORIA", "BUENOS AIRES", as written (upper case)
    number: str = ""  # "001173"
    sections: int = 1
    caveats: str = ""  # words after the number or the marking: "NOFORN"


def read_marking(line: str) -> tuple[str, int] | None:
    """The classification level a line starts with and where its marking ends.

    Letters may be spaced out, and one may be missing or doubled; the marking must end
    at a word boundary ("SECRETARY" is no marking).
    """
    upper = line.upper()
    letters, ends = [], []
    for index, char in enumerate(upper):
        if "A" <= char <= "Z":
            letters.append(char)
            ends.append(index + 1)
            if len(letters) > 20:
                break
        elif char not in " \t":
            break
    if not letters:
        return None
    written = "".join(letters)
    for fuzzy in (False, True):
        for marking, level in _MARKINGS.items():
            for size in _sizes(marking, fuzzy):
                if size > len(written) or not _close(written[:size], marking, fuzzy):
                    continue
                end = ends[size - 1]
                if end == len(upper) or not upper[end].isalpha():
                    return level, end
    return None


def _sizes(marking: str, fuzzy: bool) -> tuple[int, ...]:
    n = len(marking)
    return (n,) if not fuzzy else (n + 1, n - 1)


def _close(written: str, marking: str, fuzzy: bool) -> bool:
    """Equal, or (fuzzy) one letter dropped or doubled: `ECRET`, `UUNCLAS`, `CCONFIDENTIAL`."""
    if not fuzzy:
        return written == marking
    if len(marking) < 6:
        return False
    if len(written) == len(marking) + 1:
        return any(written[:i] + written[i + 1 :] == marking for i in range(len(written)))
    return any(marking[:i] + marking[i + 1 :] == written for i in range(len(marking)))


def read_classification_line(line: str) -> ClassificationLine | None:
    """A message's first line: marking, then (section count,) station and serial number.

    A marking alone on its line (`CONFIDENTIAL`, `SECRET//NOFORN`) gives no station.
    """
    found = read_marking(line)
    if not found:
        return None
    level, end = found
    rest = line[end:].upper().replace("\t", " ")
    if not rest.strip() or re.fullmatch(r"\s*/+\s*[A-Z/ ]*", rest):
        return ClassificationLine(level, caveats=rest.replace("/", " ").strip())
    match = _REST.match(rest)
    if not match:
        return None
    station = " ".join(match["station"].split())
    return ClassificationLine(
        level=level,
        station=station,
        number=match["number"],
        sections=int(match["sections"] or 1),
        caveats=(rest.split(station, 1)[0] + match["rest"]).replace("/", " ").strip(),
    )


def routing_level(header: str) -> str:
    """The level repeated in the routing header's `ZNY CCCCC ZZH` line, or ""."""
    match = _ZNY.search(header)
    return _ZNY_LEVEL[match.group(1)] if match else ""


# Caveat lines between the classification line and the TAGS line.
_CAVEAT_WORDS = {
    "NOFORN", "SIPDIS", "SENSITIVE", "SBU", "NODIS", "EXDIS", "LIMDIS", "STADIS", "CHEROKEE",
    "ORCON", "PROPIN", "REL", "EFTO", "NOCONTRACT", "CORRECTED", "COPY", "BUT", "UNCLASSIFIED",
    "FOR", "OFFICIAL", "USE", "ONLY", "FOUO", "CAPTION", "NF", "DISTRIBUTION",
}  # fmt: skip


def caveat_words(line: str) -> set[str]:
    """The caveat words of a line made only of caveats (`SIPDIS NOFORN`), else an empty set."""
    words = re.findall(r"[A-Z]+", line.upper())
    if not words or not set(words) <= _CAVEAT_WORDS:
        return set()
    return set(words)


# The subject's portion marking: "SUBJECT: (C/NF) ...". (Paragraph markings do not count:
# the release keeps cables whose caveat lines lack NOFORN at the bare level, even when some
# paragraphs are marked S/NF.)
_NOFORN_MARKING = re.compile(r"^\s*\((?:S|C|TS)\s*/+\s*(?:NF|NOFORN)\)")


def subject_caveats(subject: str) -> set[str]:
    """{"NOFORN"} when the subject as written is marked NOFORN, else an empty set."""
    return {"NOFORN"} if _NOFORN_MARKING.match(subject) else set()


def classification(level: str, caveats: set[str]) -> str:
    """A level and the caveats found -> one of VALUES."""
    if level == UNCLASSIFIED and caveats & {"SENSITIVE", "SBU", "FOUO", "OFFICIAL"}:
        return FOUO
    if level in (CONFIDENTIAL, SECRET) and caveats & {"NOFORN", "NF"}:
        return level + NOFORN
    return level


# --- who classified it, and until when --------------------------------------------------

CLASSIFIED_BY_LINE = re.compile(r"^[ \t]*CLASSIFIED[ \t]+BY\b[ \t]*:?[ \t]*(.*)$", re.I | re.M)
_EO_LINE = re.compile(
    r"^[ \t]*(?:DEPT\s+FOR\s+\S+\s+)?E\.?[ \t]?O\.?[ \t]*\d{5}\b[ \t]*:?(.*)$", re.I | re.M
)
# Where the reasons start: "for reasons", "Reason:", "per 1.5", "by reasons", a copy's
# broken "reaso ns" / "Rea sons", or the section number itself.
_REASONS = re.compile(
    r"(?:\b(?:for\s+|by\s+)?rea\s?so\s?ns?\b|\bper\b|\bunder\b|\bE\.?O\.?\b|\b1\s?\.?[45]\b"
    r"|\bderived\b)",
    re.I,
)
_REASON_NUMBER = re.compile(r"\b(1\.?[45])\b")
_REASON_LETTERS = re.compile(r"\(?\b([A-Ha-h])\b\)?")
_PARAGRAPH_AFTER = re.compile(r"\s\(?\d{1,2}\.\s*\(\w+\).*$|\s1\.\s*\(\w.*$")


def classified_by_text(text: str) -> str:
    """The `Classified By:` line and its continuation line, markers removed, or ""."""
    match = CLASSIFIED_BY_LINE.search(text)
    if not match:
        return ""
    parts = [match.group(1)]
    following = text[match.end() :].split("\n")[1:2]
    if (
        following
        and following[0].strip()
        and not re.match(r"\s*(?:¶|\(?\d{1,2}\s*[.)])", following[0])
    ):
        if not re.search(r"\b1\.?[45]\b.*\b[a-hA-H]\b", parts[0]) or parts[0].rstrip().endswith(
            ("and", "AND", "(", ",")
        ):
            parts.append(following[0])
    line = " ".join(" ".join(parts).split())
    line = _PARAGRAPH_AFTER.sub("", line)  # a copy that ran paragraph 1 onto this line
    return re.sub(r"^classified\s+by\s*:?\s*", "", line, flags=re.I).strip()


def read_classified_by(line: str) -> tuple[str, str, list[str]]:
    """`Ambassador Richard E. Hoagland, 1.4 (b), (d)` -> ("Richard E. Hoagland",
    "Ambassador", ["1.4 (b)", "1.4 (d)"]). Name and title stay "" when not told apart."""
    cut = _REASONS.search(line)
    who = (line[: cut.start()] if cut else line).strip(" ,;:.-")
    reasons = reasons_of(line[cut.start() :] if cut else "")
    name, title = split_name_title(who)
    return name, title, reasons


def reasons_of(text: str) -> list[str]:
    """`reasons 1.4 (b) and (d)` -> ["1.4 (b)", "1.4 (d)"]; `1.5 (B,D)` -> the same with 1.5."""
    number = _REASON_NUMBER.search(text)
    if not number:
        return []
    section = (
        number.group(1) if "." in number.group(1) else f"{number.group(1)[0]}.{number.group(1)[1]}"
    )
    rest = text[number.end() :]
    letters = []
    for match in _REASON_LETTERS.finditer(rest.replace("/", " ").replace(",", " ")):
        letter = match.group(1).lower()
        if letter not in letters:
            letters.append(letter)
    return [f"{section} ({letter})" for letter in letters] or [section]


def split_name_title(who: str) -> tuple[str, str]:
    """`Gene A. Cretz, Ambassador` or `Ambassador Gene A. Cretz` -> (name, title)."""
    from sitegen.cable.lexicon import lexicon  # the word tables load once, on first use

    titles = lexicon().title_words
    if "," in who:
        first, rest = (part.strip() for part in who.split(",", 1))
        if _name_like(first, titles):
            return first, rest.split(",")[0].strip(" .;")
    words = who.split()
    split = 0  # the title is the longest run of title words (and connectors) in front
    for index, word in enumerate(words):
        key = word.lower().strip(".,;:").replace("’", "'")
        acronym = len(key) <= 5 and word.isupper() and not who.isupper()
        if key in _TITLE_CONNECTORS:
            continue
        if len(key) < 2 or not (key in titles or key in _TITLE_WORDS or "/" in word or acronym):
            break
        split = index + 1
    name = " ".join(words[split:]).strip(" ,;.")
    title = " ".join(words[:split]).strip(" ,;")
    if name and not _name_like(name, titles):
        return "", who
    return name, title


# Words inside titles that are no title by themselves ("Deputy Chief of Mission"), and
# title words the person finder's table lacks ("Charge d'Affaires, a.i.").
_TITLE_CONNECTORS = {"of", "for", "the", "and", "-"}
_TITLE_WORDS = {"d'affaires", "a.i", "ai", "unit", "section", "interagency", "provincial", "min"}


def _name_like(text: str, titles: frozenset[str]) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(
        (w[:1].isupper() or w[:2].lower() in ("d'", "de", "da", "va", "di", "el", "al"))
        and w.lower().strip(".,") not in titles
        for w in words
    )


def declassify_on(text: str) -> str:
    """From `E.O. 12958: DECL: 06/08/2029` -> "2029-06-08"; `E.O. 12958: N/A` -> "N/A";
    other values as written ("X1", "OADR"); "" without an E.O. line."""
    from sitegen.cable.dates import numeric_date

    match = _EO_LINE.search(text)
    if not match:
        return ""
    value = match.group(1).strip()
    decl = re.match(r"DECL(?:ASSIFY)?(?:\s+ON)?\s*:?\s*(.*)", value, re.I)
    if decl:
        value = decl.group(1).strip()
    value = re.split(r"\s{2,}|\s(?=TAGS\b)", value)[0].strip(" .")
    date = numeric_date(value) if re.match(r"\d{1,2}/\d{1,2}/\d{2,4}", value) else ""
    return date or value
