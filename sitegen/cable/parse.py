"""Cable text -> Cable: every field, each read by the small pure function of its module.

    parse_cable(text, reference_id=None) -> Cable   never raises; works on fragments
    apply_metadata(cable, metadata) -> Cable        what a source states overrides the text

The text is split where the message starts (the classification line,
`UNCLAS SECTION 01 OF 02 ASTANA 001182`): before it the routing header (precedence, DTG,
FM, TO, INFO), from it the message (caveats, E.O. line, TAGS, SUBJECT, REF, Classified By,
then the paragraphs and the signature). What cannot be found stays empty and is named in
`cable.warnings`.
"""

from __future__ import annotations

import re

from sitegen.cable import body as body_
from sitegen.cable import classification as cls
from sitegen.cable.dates import DTG, dtg_to_iso, parse_dateline
from sitegen.cable.header import Routing, read_routing, routing_dtg
from sitegen.cable.model import Cable, ClassifiedBy
from sitegen.cable.references import find_references_text, parse_references
from sitegen.cable.refid import (
    canonical_reference_id,
    guess_origin,
    make_reference_id,
    origin_from_fm,
    origin_from_station,
    split_reference_id,
    station_code,
    station_from_fm,
)
from sitegen.cable.subject import clean_subject, find_subject_text
from sitegen.cable.tags import find_tags_text, parse_tags

PARTIAL_NOTE = re.compile(r"This record is a partial extract of the original cable", re.I)
# Fields whose absence is worth a warning.
_EXPECTED = ("reference_id", "created", "origin", "classification", "tags", "subject")
# Lines that end the preamble (caveats, addressees) before the message's first field.
_PREAMBLE_END = re.compile(
    r"^[ \t]*(?:E\.?[ \t]?O\.?[ \t]*\d|TAGS\b|SUBJ|REF\b|CLASSIFIED[ \t]+BY|¶"
    r"|\(?\d{1,2}[ \t]*[.)])",
    re.I | re.M,
)
_DECL_YEAR = re.compile(r"\bDECL(?:ASSIFY)?(?:\s+ON)?\s*:?\s*\d{1,2}/\d{1,2}/(\d{4})", re.I)
_REPEATED = re.compile(r"\bFOLLOWING\s+([A-Z][A-Z ]*?)\s+0*(\d+)\s+(?:DATED|DTD)\s+", re.I)


def parse_cable(text: str, reference_id: str | None = None, *, find_people: bool = True) -> Cable:
    """Every field of one cable (or fragment of one) found in its text. Never raises.

    `find_people=False` skips the person finder (people.py), for callers that need only
    the other fields.
    """
    cable = Cable()
    try:
        read_cable(text, reference_id, cable, find_people)
    except Exception as error:  # a parser bug must cost one field, not the whole run
        cable.warnings.append(f"parser error, some fields may be missing: {error!r}")
    return cable


def read_cable(text: str, reference_id: str | None, cable: Cable, find_people: bool = True) -> None:
    """Fill `cable` from `text` (may raise on a parser bug; parse_cable guards it)."""
    text = normalise_text(text)
    start, line = _message_start(text)
    header, message = text[:start], text[start:]
    cable.header = header.strip("\n")
    cable.partial = PARTIAL_NOTE.search(header or text[:300]) is not None

    routing = read_routing(header)
    cable.precedence = routing.precedence
    cable.recipients = routing.recipients
    cable.info_recipients = routing.info_recipients
    cable.created = _created(header, message, line)

    cable.reference_id = _reference_id(reference_id, line, routing, cable, message)
    cable.origin = _origin(routing.fm, line, cable)
    cable.classification = _classification(text, header, message, line)
    cable.sections = line.sections if line else 1

    cable.tags = parse_tags(find_tags_text(message) or find_tags_text(text))
    cable.subject = clean_subject(find_subject_text(message) or find_subject_text(text))
    year = cable.reference_id[:2] if cable.reference_id[:2].isdigit() else ""
    cable.references, cable.other_references = parse_references(find_references_text(message), year)
    classified = cls.classified_by_text(message)
    if classified:
        name, title, reasons = cls.read_classified_by(classified)
        cable.classified_by = ClassifiedBy(name, title, reasons, classified)
    cable.declassify_on = cls.declassify_on(message) or cls.declassify_on(text)

    cable.body = body_.remove_page_lines(message).strip("\n")
    text_part = _after_preamble(cable.body)
    cable.summary = body_.summary(text_part)
    cable.signers = body_.signers(cable.body)
    cable.paragraphs = body_.paragraphs(_without_signature(text_part, cable.signers))

    for name in _EXPECTED:
        if not getattr(cable, name):
            cable.warnings.append(f"{name}: {_MISSING[name]}")
    if find_people:
        cable.persons = _persons(cable)


_MISSING = {
    "reference_id": "not found (no classification line with station and number)",
    "created": "not found (no date-time group or dateline)",
    "origin": "not found (no FM line, and the station is unknown)",
    "classification": "not found (no classification line)",
    "tags": "no TAGS line",
    "subject": "no SUBJECT line",
}


def normalise_text(text: str) -> str:
    """Line ends as \\n, no NUL bytes (broken copies have both)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _message_start(text: str) -> tuple[int, cls.ClassificationLine | None]:
    """Where the message starts, and its classification line (None when there is none).

    Without a classification line the message starts after the routing header: at the
    first blank line after the FM line, or at the top when there is no FM line.
    """
    for candidate in cls.MARKING_CANDIDATE.finditer(text, 0, 40000):
        start = candidate.start()
        end = text.find("\n", start)
        line = cls.read_classification_line(text[start : end if end >= 0 else len(text)])
        if line and line.station:
            return start, line
    fm = re.search(r"^[ \t]*FM[ \t]+\S.*$", text[:20000], re.M)
    if not fm:
        return 0, None
    blank = re.compile(r"\n[ \t]*\n").search(text, fm.end())
    return (blank.end() if blank else len(text)), None


def _created(header: str, message: str, line: cls.ClassificationLine | None) -> str:
    """The DTG of the routing header, else a dateline near the top, else any DTG there.

    A cable that repeats another under the same reference id (`FOLLOWING STATE 127892
    DATED 150910Z DEC 09 ... IS BEING REPEATED`) keeps the original's date, as the
    release does.
    """
    top = message[:3000]
    if line and ("DATED" in top or "DTD" in top or "dated" in top):
        for match in _REPEATED.finditer(top):
            station, number = match.groups()
            same_station = station.upper().split()[-1:] == line.station.split()[-1:]
            if same_station and int(number) == int(line.number):
                dtg = DTG.match(top, match.end())
                if dtg and (iso := dtg_to_iso(*dtg.groups())):
                    return iso
    created = routing_dtg(header) or parse_dateline(header)
    if created:
        return created
    end = _PREAMBLE_END.search(top)
    preamble = top[: end.start()] if end else top
    return parse_dateline(preamble) or routing_dtg(preamble)


def _reference_id(given: str | None, line, routing: Routing, cable: Cable, message: str) -> str:
    """The given id, else year + station + number of the classification line.

    The routing header names the cable too: the FM post and the DE line's serial (its last
    four digits). When both disagree with the classification line, that line belongs to
    another cable's text (the mirror pairs some headers with the wrong message), and the
    routing header wins; without a classification line it is the only source.
    """
    if given:
        canonical = canonical_reference_id(str(given))
        if canonical:
            return canonical
        cable.warnings.append(f"reference_id: {given!r} is not a reference id; read from the text")
    station, number = (line.station, line.number) if line and line.number else ("", "")
    if routing.fm and routing.serial:
        fm_station = station_from_fm(routing.fm)
        if not number or (
            station_code(station) != fm_station and int(number) % 10000 != int(routing.serial)
        ):
            if number:
                cable.warnings.append(
                    f"reference_id: the message is headed {station} {number}, the routing "
                    f"header {routing.fm} #{routing.serial}; the routing header is used"
                )
            station, number = fm_station, routing.serial
    if not number:
        return ""
    if cable.created:
        return make_reference_id(cable.created[:4], station, number)
    year = _year_from_declassification(message)
    if year:
        cable.warnings.append(
            "reference_id: the text carries no date; the year is taken from the "
            "declassification date (10 years before it, the E.O. 12958 default)"
        )
        return make_reference_id(year, station, number)
    return ""


def _year_from_declassification(message: str) -> int:
    match = _DECL_YEAR.search(message[:4000])
    if not match:
        return 0
    for years in (10, 20, 25):
        year = int(match.group(1)) - years
        if 1966 <= year <= 2010:
            return year
    return 0


def _origin(fm: str, line, cable: Cable) -> str:
    if fm:
        return origin_from_fm(fm)
    parts = split_reference_id(cable.reference_id)
    station = parts[1] if parts else (line.station if line else "")
    if not station:
        return ""
    origin = origin_from_station(station)
    if not origin and line:
        origin = guess_origin(line.station)
        cable.warnings.append(
            f"origin: station {line.station!r} is not in the station table; guessed"
        )
    return origin


def _classification(text: str, header: str, message: str, line) -> str:
    level = line.level if line else ""
    caveats = set(re.findall(r"[A-Z]+", line.caveats)) if line else set()
    if not level:
        for candidate in cls.MARKING_CANDIDATE.finditer(text, 0, 4000):
            end = text.find("\n", candidate.start())
            alone = cls.read_classification_line(
                text[candidate.start() : end if end >= 0 else None]
            )
            if alone and not alone.station:
                level = alone.level
                caveats |= set(re.findall(r"[A-Z]+", alone.caveats))
                break
    level = level or cls.routing_level(header or text[:3000])
    if not level:
        return ""
    for raw in _preamble_lines(message):
        caveats |= cls.caveat_words(raw)
    caveats |= cls.subject_caveats(find_subject_text(message))
    return cls.classification(level, caveats)


_FIRST_PARAGRAPH = re.compile(r"^[ \t]*¶?[ \t]*1[ \t]*[.)]", re.M)


def _preamble(message: str) -> str:
    """The message up to its first numbered paragraph (all of it when there is none)."""
    first = _FIRST_PARAGRAPH.search(message)
    return message[: first.start()] if first else message[:6000]


def _preamble_lines(message: str) -> list[str]:
    """The message's lines after the classification line, before its first field."""
    lines = message.split("\n")[1:40]
    result = []
    for raw in lines:
        if _PREAMBLE_END.match(raw):
            break
        result.append(raw)
    return result


def _after_preamble(message: str) -> str:
    """The message from its first paragraph on: past TAGS, SUBJECT, REF and Classified By
    (labels looked for before paragraph 1 only: "SUBJECT TO..." may start a line of text)."""
    first = _FIRST_PARAGRAPH.search(message)
    limit = first.start() if first else min(len(message), 6000)
    last = -1
    for match in _FIELD_LABEL.finditer(message, 0, limit):
        last = match.start()
    if last < 0:
        return message
    line_end = message.find("\n", last)
    run_on = _RUN_ON_PARAGRAPH.search(message, last, line_end if line_end >= 0 else len(message))
    if run_on:  # "Classified By: ... 1.4 (b), (d) 1. (C) Summary: ..." in a flattened copy
        return message[run_on.start(1) :]
    field_end = _FIELD_END.search(message, last)
    if field_end is None:
        return message[limit:]
    return message[min(field_end.end(), limit) :]


_FIELD_LABEL = re.compile(
    r"^[ \t]*(?:TAGS\b|SUBJ|REF(?:S|ERENCES?|TEL)?\b|CLASSIFIED[ \t]+BY|E\.?[ \t]?O\.?[ \t]*\d)",
    re.I | re.M,
)
_RUN_ON_PARAGRAPH = re.compile(r"\s(1\s?\.\s?\([A-Z/ ]{1,10}\))")
_FIELD_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*¶?[ \t]*\d{1,2}[ \t]*\.)")


def _without_signature(text: str, signers: list[str]) -> str:
    if not signers:
        return text
    stripped = text.rstrip()
    if stripped.endswith(signers[0]):
        return stripped[: -len(signers[0])].rstrip(" .")
    return text


def _persons(cable: Cable) -> list:
    from sitegen.cable.people import find_persons

    try:
        return find_persons(cable)
    except Exception as error:  # the person finder must not cost the cable its other fields
        cable.warnings.append(f"persons: not read ({error!r})")
        return []


# --- what a source states ----------------------------------------------------------------


def apply_metadata(cable: Cable, metadata: dict) -> Cable:
    """Source values (front matter, the WikiLeaks table, cables.csv columns) override the
    parsed ones, normalised to the Cable's forms. Keys are Cable field names; unknown keys
    are ignored here (the readers report them)."""
    for key, value in metadata.items():
        if value is None or value == "" or value == []:
            continue
        normalise = _NORMALISE.get(key)
        if normalise is None and not hasattr(cable, key):
            continue
        new = normalise(value) if normalise else value
        if new in ("", None):
            cable.warnings.append(
                f"{key}: source value {value!r} not understood; kept the parsed one"
            )
            continue
        if key == "created" and _same_hour(new, cable.created):
            continue  # the mirror's minutes are wrong (they repeat the hour): keep the DTG's
        setattr(cable, key, new)
        if key in _EXPECTED:
            cable.warnings = [w for w in cable.warnings if not w.startswith(f"{key}: ")]
    return cable


def _same_hour(stated: str, parsed: str) -> bool:
    """True when two ISO times ("2009-06-08T10:10Z") agree to the hour."""
    return bool(parsed) and stated[:13] == parsed[:13]


def _stated_classification(value: object) -> str:
    text = " ".join(str(value).upper().replace("/", " / ").split())
    level = cls.read_marking(text)
    if not level:
        return ""
    rest = set(re.findall(r"[A-Z]+", text[level[1] :]))
    return cls.classification(level[0], rest)


def _stated_created(value: object) -> str:
    from sitegen.sources.metadata import source_datetime

    try:
        return source_datetime(value)
    except ValueError:
        return ""


def _stated_tags(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    tags: list[str] = []
    for item in items:
        text = str(item).strip()
        # a list item is one tag ("CLINTON, HILLARY"); a string is a TAGS line
        found = [text.upper()] if isinstance(value, list) and "," in text else parse_tags(text)
        tags += [t for t in found if t not in tags]
    return tags


def _stated_references(value: object) -> list[str]:
    items = value if isinstance(value, list) else str(value).replace(",", " ").split()
    ids = [canonical_reference_id(str(item)) for item in items]
    return list(dict.fromkeys(i for i in ids if i))


_NORMALISE = {
    "reference_id": lambda v: canonical_reference_id(str(v)),
    "created": _stated_created,
    "released": _stated_created,
    "classification": _stated_classification,
    "origin": lambda v: " ".join(str(v).split()),
    "tags": _stated_tags,
    "references": _stated_references,
    "precedence": lambda v: str(v).strip().upper(),
    "subject": clean_subject,
}
