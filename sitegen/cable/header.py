"""The routing header: precedence and date-time group, FM, TO and INFO lines.

    O 140957Z JUL 09
    FM AMEMBASSY ASTANA
    TO RUEHC/SECSTATE WASHDC IMMEDIATE 5797
    INFO RUCNCIS/CIS COLLECTIVE 1751
    RUEHBJ/AMEMBASSY BEIJING 1118

The line before FM gives the precedence (O = IMMEDIATE) and the DTG. Addressees carry a
routing indicator (`RUEHC/`), and may end with their own precedence and a serial number;
the parser keeps the addressee's name only ("SECSTATE WASHDC").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.cable.dates import DTG, dtg_to_iso

PRECEDENCES = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
_PRECEDENCE_WORDS = ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT IMMEDIATE")
# "O 140957Z JUL 09", "OO 140957Z JUL 09", "P R 281848Z DEC 66"
_PRECEDENCE_LINE = re.compile(r"^[ \t]*([ZOPR])(?:[ \t]?[ZOPR])?[ \t]+(?=\d{6}\s?Z)", re.M | re.I)
_FM = re.compile(r"^[ \t]*FM[ \t]+(\S.*?)[ \t]*$", re.M)
# "DE RUEHTA #1182/01 1950957": originating station's routing indicator, #serial/section
_DE = re.compile(r"^[ \t]*DE[ \t]+[A-Z]{4,8}[ \t]+#(\d{1,5})\b", re.M)
_ROUTING_INDICATOR = re.compile(r"^[A-Z0-9]{4,9}/")
_ADDRESSEE_TAIL = re.compile(
    r"(?:\s+(?:NIACT\s+)?(?:FLASH|IMMEDIATE|PRIORITY|ROUTINE))?(?:\s+\d{1,6})?\s*$"
)


@dataclass
class Routing:
    precedence: str = ""
    created: str = ""  # the DTG as ISO 8601
    fm: str = ""  # "AMEMBASSY ASTANA"
    serial: str = ""  # the DE line's message number, its last four digits: "1182"
    recipients: list[str] = field(default_factory=list)
    info_recipients: list[str] = field(default_factory=list)


def read_routing(header: str) -> Routing:
    """Precedence, DTG and addressees of a routing header ("" / [] for what it lacks)."""
    routing = Routing()
    line = _PRECEDENCE_LINE.search(header)
    if line:
        routing.precedence = PRECEDENCES[line.group(1).upper()]
    routing.created = routing_dtg(header)
    de = _DE.search(header)
    if de:
        routing.serial = de.group(1)
    fm = _FM.search(header)
    if fm:
        routing.fm = fm.group(1)
    routing.recipients, routing.info_recipients = _address_lists(header)
    if not routing.precedence and routing.recipients:
        routing.precedence = _addressee_precedence(header)
    return routing


def routing_dtg(header: str) -> str:
    """The DTG of the precedence line (`O 140957Z JUL 09`), else the first DTG on a line
    of its own (`041058Z Nov 05` above a partial extract), else any DTG in the header."""
    line = _PRECEDENCE_LINE.search(header)
    if line and (match := DTG.match(header, line.end())):
        if iso := dtg_to_iso(*match.groups()):
            return iso
    found = list(DTG.finditer(header))
    for match in [m for m in found if _alone(header, m)] + found:
        if iso := dtg_to_iso(*match.groups()):
            return iso
    return ""


def _alone(text: str, match: re.Match) -> bool:
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    end = len(text) if end < 0 else end
    return not text[start : match.start()].strip() and not text[match.end() : end].strip()


def _address_lists(header: str) -> tuple[list[str], list[str]]:
    lists: dict[str, list[str]] = {"TO": [], "INFO": []}
    current = None
    for raw in header.split("\n"):
        line = raw.strip()
        word, _, rest = line.partition(" ")
        if word in ("TO", "INFO"):
            current = word
            line = rest.strip()
        elif current is None or not line or _is_list_end(line):
            current = None if (current and (not line or _is_list_end(line))) else current
            continue
        if line:
            name = addressee(line)
            if name and name not in lists[current]:
                lists[current].append(name)
    return lists["TO"], lists["INFO"]


def _is_list_end(line: str) -> bool:
    return line in ("BT", "ZEN") or line.startswith(("FM ", "DE ", "ZNY", "ZNR", "VZCZC"))


def addressee(line: str) -> str:
    """`RUEHC/SECSTATE WASHDC IMMEDIATE 5797` -> "SECSTATE WASHDC"."""
    name = _ROUTING_INDICATOR.sub("", line.strip())
    name = _ADDRESSEE_TAIL.sub("", name)
    return " ".join(name.split())


def _addressee_precedence(header: str) -> str:
    to = re.search(r"^\s*TO\s+(.*)$", header, re.M)
    if to:
        for word in _PRECEDENCE_WORDS:
            if re.search(rf"\b{word}\b", to.group(1)):
                return word.split()[-1]
    return ""
