"""The Cable record: every field the parser finds in one cable, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """One numbered (or unnumbered) paragraph of the message body."""

    number: int | None
    text: str
    marking: str = ""  # "SBU", "C", "S//NF"... as written in the parentheses
    heading: str = ""  # an ALL-CAPS heading line that precedes the paragraph


@dataclass
class ClassifiedBy:
    """The `Classified By:` line: who classified the cable and under which reasons."""

    name: str = ""
    title: str = ""
    reasons: list[str] = field(default_factory=list)  # ["1.4 (b)", "1.4 (d)"]
    text: str = ""  # the line as written, markers removed


@dataclass
class Person:
    """A person named in a cable."""

    name: str  # canonical name, normal capitalisation: "Yevgeniy Zhovtis"
    slug: str  # URL-safe: "yevgeniy-zhovtis"
    mentions: list[str] = field(default_factory=list)  # surface strings as written
    roles: list[str] = field(default_factory=list)  # "Lawyer", "Chinese Ambassador"
    sources: list[str] = field(default_factory=list)  # tags, subject, classified_by, signer, body


@dataclass
class Cable:
    """A parsed cable. Fields the parser could not find stay empty and are named in warnings."""

    reference_id: str = ""  # canonical: "09ASTANA1182"
    created: str = ""  # ISO 8601 UTC minutes: "2009-07-14T09:57Z"
    released: str = ""  # ISO 8601, when the source gives it
    origin: str = ""  # "Embassy Astana"
    classification: str = ""  # "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "SECRET//NOFORN"...
    precedence: str = ""  # "IMMEDIATE", "PRIORITY", "ROUTINE"...
    recipients: list[str] = field(default_factory=list)
    info_recipients: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    subject: str = ""
    references: list[str] = field(default_factory=list)  # canonical reference ids
    other_references: list[str] = field(default_factory=list)
    summary: str = ""
    signers: list[str] = field(default_factory=list)
    classified_by: ClassifiedBy | None = None
    declassify_on: str = ""  # ISO date "2029-06-08", or as written ("X1", "N/A")
    sections: int = 1  # number of sections the cable was sent in
    partial: bool = False  # a "partial extract" record
    paragraphs: list[Paragraph] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    header: str = ""  # the routing header, as written
    body: str = ""  # message text, page-continuation lines removed, nothing else lost
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON-ready values; the raw routing header is left out (it is in the source text)."""
        data = _plain(self)
        del data["header"]
        return data


def _plain(value):
    """What dataclasses.asdict makes of a value, without its deep copy of every string: the
    records hold only strings, numbers, lists and records (asdict took a quarter of a
    millisecond a cable, as much as writing the cable's record)."""
    if isinstance(value, str | int | None):  # first: most values are strings
        return value
    if isinstance(value, list | tuple):
        return type(value)(map(_plain, value))
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value
