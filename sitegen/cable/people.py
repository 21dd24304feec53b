"""Persons named in a cable: who they are, how the cable writes them, and where.

Sources, all read: person tags (`CLINTON, HILLARY`), the `Classified By:` line, the routing
lines that address people ("NSC FOR HADLEY"), the subject, the message and the signature.
`mentions.py` finds the name-like words and the evidence for each; this module decides which
mentions are persons and groups the mentions of one person:

1. a mention with evidence of its own (a title, a given name, initials, an address line...)
   that is a full name starts or joins a person with the same surname and given name;
2. a surname with a title ("President Nazarbayev") or in a signature joins the nearest person
   of that surname named in full, or stands alone as a surname-only person;
3. a bare surname ("Zhovtis asserted") only ever joins a person already found.

Two people who share a surname stay two people; a surname joins the nearest of them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from sitegen.cable import mentions as m
from sitegen.cable.glossary import glossary
from sitegen.cable.model import Cable, Person
from sitegen.cable.names import (
    display_case,
    display_name,
    from_tag,
    given_key,
    name_parts,
    part_key,
    slugify,
)

SOURCES = ("tags", "subject", "classified_by", "signer", "body")
_STRONG = (m.TITLE, m.ADDRESS, m.GIVEN, m.INITIALS, m.PARTICLE, m.CAPITALISED, m.BARE)
# Evidence that a word run elsewhere named an organisation or a place outweighs.
_VETOED = (m.GIVEN, m.INITIALS, m.PARTICLE, m.CAPITALISED, m.BARE)


@dataclass(slots=True)
class Sighting:
    """One mention of a name, with where it was found."""

    words: tuple[str, ...]
    surface: str  # as written in the cable
    order: float  # reading order across the cable's parts
    source: str
    evidence: str
    role: str = ""
    title_kind: str = ""
    flat: bool = False
    # parts and keys, worked out when first asked for (grouping asks again and again; many
    # sightings are never asked)
    _names: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def parts(self) -> tuple[str, ...]:
        """The meaningful parts of the name: no particles, no initials."""
        names = self._names
        if names is None:
            names = self._names = _parts_and_keys(self.words)
        return names[0]

    @property
    def keys(self) -> tuple[str, ...]:
        """The spelling keys of the parts."""
        names = self._names
        if names is None:
            names = self._names = _parts_and_keys(self.words)
        return names[1]


_ORDER = attrgetter("order")


@lru_cache(maxsize=65536)
def _parts_and_keys(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parts and spelling keys of a name, worked out once per process: a cable repeats its
    names, and the corpus its famous ones."""
    parts = tuple(name_parts(" ".join(words)))
    return parts, tuple(map(part_key, parts))


class _Draft:
    """A person being assembled from sightings; `best` is the fullest form of the name seen,
    one written in mixed case preferred."""

    def __init__(self, sighting: Sighting) -> None:
        self.sightings = [sighting]
        self.best = sighting

    def add(self, sighting: Sighting) -> None:
        self.sightings.append(sighting)
        if (len(sighting.parts), not sighting.flat) > (len(self.best.parts), not self.best.flat):
            self.best = sighting

    @property
    def parts(self) -> tuple[str, ...]:
        return self.best.parts

    @property
    def keys(self) -> tuple[str, ...]:
        return self.best.keys


def find_persons(cable: Cable) -> list[Person]:
    """Every person the cable names, in order of first sighting."""
    sightings, blocked = collect_sightings(cable)
    drafts = group_sightings(sightings, blocked)
    return [_person(draft) for draft in drafts]


# --- sightings ------------------------------------------------------------------------------


def collect_sightings(cable: Cable) -> tuple[list[Sighting], set[tuple[str, ...]]]:
    """Every mention in every part of the cable, in reading order, and the blocked word runs."""
    sightings: list[Sighting] = []
    blocked: set[tuple[str, ...]] = set()

    hints = m.CaseHints(cable.body)

    def add(scan: m.Scan, text: str, base: float, source: str) -> None:
        blocked.update(scan.blocked)
        for mention in scan.mentions:
            sightings.append(_sighting(mention, text, base, source))

    for i, tag in enumerate(cable.tags):
        if _person_tag(tag):
            words = tuple(from_tag(tag).split())
            sightings.append(Sighting(words, tag, -4 + i / 1000, "tags", m.ADDRESS))
    body = cable.body
    preamble_end = _preamble_end(body)
    # the message first: its mixed-case lines tell the acronyms of the lines in capitals
    add(m.scan_text(body, preamble_end, hints=hints, lone_words=False), body, 0, "body")
    if cable.subject:
        add(m.scan_text(cable.subject, hints=hints), cable.subject, -3, "subject")
    sightings.extend(_classifier(cable))
    for start, end in _address_lines(body, preamble_end):
        add(m.scan_text(body, start, end, address=True, hints=hints), body, 0, "body")
    for i, signer in enumerate(cable.signers):
        if _looks_like_signature(signer):
            words = tuple(dict.fromkeys(signer.split()))  # "KUBISKE KUBISKE" is one name
            sightings.append(Sighting(words, signer, len(body) + 1 + i, "signer", m.ADDRESS))
    sightings.extend(_lone_surnames(body, preamble_end, sightings))
    sightings.sort(key=_ORDER)
    return sightings, blocked


def _lone_surnames(body: str, start: int, sightings: list[Sighting]) -> list[Sighting]:
    """The surnames, written alone, of the people found ("Zhovtis asserted"): one regular
    expression for all of them, rather than a look at every capitalised word."""
    forms: set[str] = set()
    for sighting in sightings:
        if sighting.evidence in _STRONG:
            forms.update(_surname_forms(sighting.words))
    forms.discard("")
    taken = sorted((s.order, s.order + len(s.surface)) for s in sightings if s.source == "body")
    # str.find is much faster here than one regular expression per cable; in the body in
    # lower case one look finds a name in every case ("Zhovtis", "ZHOVTIS")
    lowered = _lower_body(body)
    found = []
    for key in {form.lower() for form in forms} if lowered else forms:
        position = (lowered or body).find(key, start)
        while position >= 0:
            end = position + len(key)
            form = body[position:end]
            if form in forms and _word_bounds(body, position, end) and not _inside(taken, position):
                found.append(Sighting((form,), form, position, "body", m.NONE))
            position = (lowered or body).find(key, end)
    return found


def _lower_body(body: str) -> str:
    """The body in lower case, if its letters keep their places ("İ" lowers to two)."""
    lowered = body.lower()
    return lowered if len(lowered) == len(body) else ""


@lru_cache(maxsize=65536)
def _surname_forms(words: tuple[str, ...]) -> tuple[str, ...]:
    """The written forms of every part of a name that may be its surname (not the first)."""
    parts = _parts_and_keys(words)[0]
    return tuple(form for part in parts[1:] or parts for form in _written_forms(part))


@lru_cache(maxsize=65536)
def _written_forms(part: str) -> tuple[str, ...]:
    """How a cable may write a surname alone: as found, in capitals, capitalised, without
    a glued particle ("Maliki" of "al-Maliki")."""
    bare = _GLUED.sub("", part)
    return part, part.upper(), display_case(part), bare, bare.upper()


def _word_bounds(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-'’") and not (after.isalnum() or after == "-")


_GLUED = re.compile(r"^(?:al|el|ad|as|ash|az|bin|ibn|abu)-", re.IGNORECASE)


def _inside(spans: list[tuple[float, float]], position: int) -> bool:
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _sighting(mention: m.Mention, text: str, base: float, source: str) -> Sighting:
    order = base + mention.start if base == 0 else base + mention.start / 100000
    return Sighting(
        words=mention.words,
        surface=" ".join(text[mention.start : mention.end].split()),
        order=order,
        source=source,
        evidence=mention.evidence,
        role=mention.role,
        title_kind=mention.title_kind,
        flat=mention.flat,
    )


_CLASSIFIED_LINE = re.compile(r"^\s*Classified\s+By\b:?(.*(?:\n(?![ \t]*\n).*)?)", re.I | re.M)


def _classifier(cable: Cable) -> list[Sighting]:
    """The person in the `Classified By:` line: the first full name found there."""
    classified = cable.classified_by
    texts = (
        [classified.text, " ".join(filter(None, (classified.title, classified.name)))]
        if (classified)
        else []
    )
    if not any(texts):
        match = _CLASSIFIED_LINE.search(cable.body, 0, 3000)
        texts = [match.group(1)] if match else []
    for text in texts:
        if not text:
            continue
        scan = m.scan_text(text, address=True)
        strong = [x for x in scan.mentions if x.evidence in _STRONG]
        # "Ecopol Counselor Mike Hammer": a full name beats a lone word before it
        full = [x for x in strong if len(x.words) > 1]
        if full or strong:
            return [_sighting((full or strong)[0], text, -2, "classified_by")]
    return []


def _person_tag(tag: str) -> bool:
    """`CLINTON, HILLARY`; not two TAGS codes the parser ran together (`XR, XS`)."""
    parts = [p.strip(" .") for p in tag.split(",")]
    if len(parts) != 2 or not all(parts):
        return False
    codes = glossary()
    return not all(p in codes or not _VOWEL.search(p.lower()) for p in parts)


_VOWEL = re.compile(r"[aeiouy]")


def _looks_like_signature(signer: str) -> bool:
    words = signer.split()
    return 0 < len(words) <= 4 and all(w.replace("-", "").replace("'", "").isalpha() for w in words)


_PREAMBLE_MARK = re.compile(
    r"\s*(?:E\.\s?O\.?\s|EO\s|TAGS\b|SUBJECT\b|SUBJ\b|REFS?\b|CLASSIFIED\s+BY\b)", re.I
)


def _preamble_end(body: str) -> int:
    """Where the message starts: after the paragraph holding the last TAGS/SUBJECT/REF/
    Classified By line among the first lines (those lines are read on their own)."""
    end = 0
    in_mark = False
    for number, match in enumerate(_LINE.finditer(body)):
        line = match.group().strip()
        if _PREAMBLE_MARK.match(line):
            in_mark = True
        elif in_mark and (not line or _PARAGRAPH_START.match(line)):
            end, in_mark = match.start(), False
        if number > 40:
            break
    return len(body) if in_mark and end == 0 else max(end, 0)


_LINE = re.compile(r"[^\n]*\n?")
_PARAGRAPH_START = re.compile(r"(?:¶\s*)?\d{1,2}\s*\.\s|\([A-Z/]{1,6}\)\s")


_ADDRESSEE = re.compile(r"(?:.*?\bFOR\b|.*?\bPASS TO\b|\s*S/[A-Z]+\b)", re.IGNORECASE)
# An addressee that is a post, not a person: "PASS TO AMCONSUL RECIFE".
_POST = re.compile(r"\s*(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USDEL|USLO|AIT)\b", re.I)


def _address_lines(body: str, preamble_end: int):
    """(start, end) of the addressees in routing lines: "NSC FOR HADLEY", "S/CT MARC NORMAN"."""
    pos = 0
    while pos < preamble_end:
        line_end = body.find("\n", pos, preamble_end)
        line_end = preamble_end if line_end < 0 else line_end
        if _PREAMBLE_MARK.match(body, pos, line_end):
            break
        match = _ADDRESSEE.match(body, pos, line_end)
        if match and not _POST.match(body, match.end(), line_end):
            yield match.end(), line_end
        pos = line_end + 1


# --- grouping -------------------------------------------------------------------------------


def group_sightings(sightings: list[Sighting], blocked: set[tuple[str, ...]]) -> list[_Draft]:
    """Persons from sightings: full names first, then titled surnames, then bare surnames."""
    drafts: list[_Draft] = []
    strong = [s for s in sightings if _is_strong(s, blocked)]
    strong_ids = set(map(id, strong))
    lone = {part_key(s.words[0]) for s in sightings if len(s.words) == 1}
    by_last: dict[str, list[_Draft]] = {}  # full names by surname: the only ones to compare
    for sighting in strong:
        if len(sighting.parts) >= 2:
            _join_full_name(sighting, drafts, by_last.setdefault(sighting.keys[-1], []))
    by_surname: dict[str, list[_Draft]] = {}  # people by any part but the first
    for draft in drafts:
        for key in dict.fromkeys(draft.keys[1:]):
            by_surname.setdefault(key, []).append(draft)
    for sighting in strong:
        if len(sighting.parts) == 1:
            new = _join_surname(sighting, by_surname.get(sighting.keys[0], []), lone, create=True)
            if new:
                drafts.append(new)
                by_surname.setdefault(sighting.keys[0], []).append(new)
    for sighting in sightings:  # bare surnames: only those of someone already found
        last = part_key(sighting.words[-1]) if sighting.words else ""
        if last in by_surname and sighting.keys and id(sighting) not in strong_ids:
            _join_surname(sighting, by_surname.get(sighting.keys[-1], []), lone, create=False)
    drafts.sort(key=lambda d: min(map(_ORDER, d.sightings)))
    return drafts


def _is_strong(sighting: Sighting, blocked: set[tuple[str, ...]]) -> bool:
    if sighting.evidence not in _STRONG:
        return False
    if sighting.evidence in _VETOED and tuple([w.lower() for w in sighting.words]) in blocked:
        return False
    return True


def _join_full_name(sighting: Sighting, drafts: list[_Draft], same_surname: list[_Draft]) -> None:
    for draft in same_surname:
        if _same_full_name(sighting.parts, draft.parts):
            draft.add(sighting)
            return
    draft = _Draft(sighting)
    drafts.append(draft)
    same_surname.append(draft)


def _same_full_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same surname and given name (spelling aside), or one name the tail of the other."""
    if len(b) < 2:
        return False
    if part_key(a[-1]) == part_key(b[-1]) and given_key(a[0]) == given_key(b[0]):
        return True
    shorter, longer = sorted((a, b), key=len)
    tail = longer[len(longer) - len(shorter) :]
    return [part_key(p) for p in shorter] == [part_key(p) for p in tail]


def _join_surname(
    sighting: Sighting, drafts: list[_Draft], lone: set[str] | frozenset[str], create: bool
) -> _Draft | None:
    """Attach a surname (or a name's tail) to the nearest person it can belong to; or, with
    `create`, return a new person for it."""
    lone_here = lone if sighting.evidence == m.TITLE else _NONE
    candidates = [d for d in drafts if _may_be(sighting, d, lone_here)]
    if candidates:
        _nearest(candidates, sighting.order).add(sighting)
        return None
    return _Draft(sighting) if create else None


_NONE: frozenset[str] = frozenset()


def _may_be(sighting: Sighting, draft: _Draft, lone: set[str]) -> bool:
    """Can this (short) name refer to the person named draft_parts?

    A surname is any part but the first ("Martinez" of "Jose Manuel Martinez Morales"). When
    the cable calls that person by a middle part ("Mr. Martinez"), a titled last part alone is
    someone else's: "President Morales" is not Mr. Martinez Morales. `lone` holds the names
    the cable uses alone.
    """
    keys, draft_keys = sighting.keys, draft.keys
    if len(keys) == 1 and len(draft_keys) == 1:
        return keys == draft_keys
    if len(keys) == 1:
        if keys[0] == draft_keys[-1] and len(draft_keys) >= 3:
            return not any(k in lone for k in draft_keys[1:-1])
        return keys[0] in draft_keys[1:]
    return _same_full_name(sighting.parts, draft.parts)


def _nearest(drafts: list[_Draft], order: float) -> _Draft:
    """The person last seen before `order`, else the first seen after it."""
    if len(drafts) == 1:  # the usual case: only one person has that surname
        return drafts[0]

    def distance(draft: _Draft) -> tuple[int, float]:
        before = [s.order for s in draft.sightings if s.order <= order]
        if before:
            return (0, order - max(before))
        return (1, min(map(_ORDER, draft.sightings)) - order)

    return min(drafts, key=distance)


# --- output ---------------------------------------------------------------------------------


def _person(draft: _Draft) -> Person:
    name = _canonical(draft.best)
    mentions: list[str] = []
    roles: list[str] = []
    sources: set[str] = set()
    for sighting in sorted(draft.sightings, key=_ORDER):
        if sighting.surface not in mentions:
            mentions.append(sighting.surface)
        if sighting.role and sighting.title_kind != "honorific" and sighting.role not in roles:
            roles.append(sighting.role)
        sources.add(sighting.source)
    return Person(
        name=name,
        slug=slugify(name),
        mentions=mentions,
        roles=roles,
        sources=[s for s in SOURCES if s in sources],
    )


def _canonical(sighting: Sighting) -> str:
    """The name as written (initials keep their dots), in normal capitalisation."""
    if sighting.source == "tags":
        return " ".join(sighting.words)
    return display_name(" ".join(sighting.surface.split()))
