"""Reference ids and the posts (stations) that send cables.

A reference id is the two-digit year, the sending station and the serial number:
`09ASTANA1182`. Cables write the station with spaces (`BUENOS AIRES 002481`) and the
number with leading zeros; the canonical form has neither. The station table
(`data/stations.tsv`) names each post as the Cablegate release does ("Embassy Astana").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_ID = re.compile(r"^\s*(\d{2})\s*([A-Z][A-Z '.-]*?)\s*0*(\d+)\s*$")


def canonical_reference_id(text: str) -> str:
    """`09astana001182`, `09 ASTANA 1182` -> `09ASTANA1182`; "" when it is not a reference id."""
    match = _ID.match(text.upper())
    if not match:
        return ""
    year, station, number = match.groups()
    return make_reference_id(year, station, number)


def make_reference_id(year: int | str, station: str, number: int | str) -> str:
    """(2009, "BUENOS AIRES", "002481") -> `09BUENOSAIRES2481`."""
    return f"{int(year) % 100:02d}{station_code(station)}{int(number)}"


def split_reference_id(reference_id: str) -> tuple[str, str, str] | None:
    """`09ASTANA1182` -> ("09", "ASTANA", "1182")."""
    match = re.fullmatch(r"(\d{2})([A-Z]+)(\d+)", reference_id)
    return match.groups() if match else None  # type: ignore[return-value]


def station_code(name: str) -> str:
    """The station as a reference id writes it: capitals, no spaces or punctuation."""
    return re.sub(r"[^A-Z]", "", name.upper())


def year_of(two_digits: int) -> int:
    """A two-digit year of the release (1966..2010): 66 -> 1966, 09 -> 2009."""
    return 1900 + two_digits if two_digits >= 50 else 2000 + two_digits


# --- the station table -------------------------------------------------------------------

# How an FM line's first word names the kind of post, for posts the table does not list.
_PREFIXES = {
    "AMEMBASSY": "Embassy",
    "AMCONSUL": "Consulate",
    "USMISSION": "Mission",
    "USINT": "US Interests Section",
    "USOFFICE": "US Office",
    "USLO": "US Liaison Office",
    "AMCONGEN": "Consulate",
}


@dataclass(frozen=True)
class Stations:
    by_code: dict[str, str]  # ASTANA -> Embassy Astana
    by_fm: dict[str, str]  # AMEMBASSY ASTANA -> Embassy Astana
    fm_code: dict[str, str]  # AMEMBASSY ASTANA -> ASTANA


@cache
def stations() -> Stations:
    text = resources.files("sitegen.cable").joinpath("data/stations.tsv").read_text("utf-8")
    by_code: dict[str, str] = {}
    by_fm: dict[str, str] = {}
    fm_code: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, origin, *rest = line.split("\t")
        by_code[code] = origin
        fm_lines = [f for f in (rest[0].split(";") if rest else []) if f]
        if not fm_lines:
            kind, _, place = origin.partition(" ")
            prefix = {"Embassy": "AMEMBASSY", "Consulate": "AMCONSUL"}[kind]
            fm_lines = [f"{prefix} {place.upper()}"]
        for fm in fm_lines:
            by_fm[_squash(fm)] = origin
            fm_code[_squash(fm)] = code
    return Stations(by_code, by_fm, fm_code)


def _squash(name: str) -> str:
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", name.upper()).split())


def origin_from_fm(fm: str) -> str:
    """`AMEMBASSY ASTANA` -> "Embassy Astana"; `SECSTATE WASHDC` -> "Secretary of State".

    Posts the table does not list are named by the FM line's prefix: `AMCONSUL X` is
    "Consulate X", an unknown prefix is kept as written (`USEU BRUSSELS` -> "USEU Brussels").
    """
    key = _squash(fm)
    if not key:
        return ""
    table = stations().by_fm
    if key in table:
        return table[key]
    first, _, place = key.partition(" ")
    if not place:
        return first
    return f"{_PREFIXES.get(first, first)} {_place_name(place)}"


def station_from_fm(fm: str) -> str:
    """`AMEMBASSY TEL AVIV` -> "TELAVIV"; `SECSTATE WASHDC` -> "STATE"."""
    key = _squash(fm)
    if key in stations().fm_code:
        return stations().fm_code[key]
    first, _, place = key.partition(" ")
    return station_code(place if first in _PREFIXES else key)


def origin_from_station(code: str) -> str:
    """`ASTANA` -> "Embassy Astana"; "" for a station the table does not list."""
    return stations().by_code.get(station_code(code), "")


def guess_origin(station: str) -> str:
    """A post missing from the table, named from the station as the header line writes it."""
    return f"Embassy {_place_name(station)}" if station.strip() else ""


def _place_name(place: str) -> str:
    """`PORT AU PRINCE` -> "Port Au Prince" (the release capitalises every word)."""
    return " ".join(word.title() for word in place.split())
