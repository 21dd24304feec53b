"""Dates as cables write them, turned into ISO 8601.

- the date-time group (DTG) of the routing header: `140957Z JUL 09` is 14 July 2009,
  09:57 UTC -> `2009-07-14T09:57Z`;
- datelines of partial extracts and some older records: `Friday, 23 February 2001, 15:53`,
  `Wednesday, 29 November 2000`, `June 03, 2003` (a date alone gives `2000-11-29`);
- declassification dates: `06/08/2029` -> `2029-06-08`.
"""

from __future__ import annotations

import datetime as dt
import re

from sitegen.cable.refid import year_of

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("JAN", "JANUARY"), ("FEB", "FEBRUARY"), ("MAR", "MARCH"), ("APR", "APRIL"),
            ("MAY",), ("JUN", "JUNE"), ("JUL", "JULY"), ("AUG", "AUGUST"),
            ("SEP", "SEPT", "SEPTEMBER"), ("OCT", "OCTOBER"), ("NOV", "NOVEMBER"),
            ("DEC", "DECEMBER"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip

# DDHHMMZ MON YY: day, hour and minute, the Z (UTC) zone letter, month, year.
DTG = re.compile(
    r"\b([0-3]\d)([0-2]\d)([0-5]\d)\s?Z\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
    r"\s+(\d{4}|\d{2})\b",
    re.IGNORECASE,
)
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
# "Friday, 23 February 2001, 15:53" (the weekday makes it a dateline, not a date in a sentence)
DATELINE = re.compile(
    _WEEKDAY + r"(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?",
    re.IGNORECASE,
)
# "TELEGRAM    June 03, 2003": the date of a telegram printout
TELEGRAM_DATE = re.compile(r"^\s*TELEGRAM\s+" + _MONTH + r"\s+(\d{1,2}),\s+(\d{4})\b", re.I | re.M)
_NUMERIC = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")


def dtg_to_iso(day: str, hour: str, minute: str, month: str, year: str) -> str:
    """The parts of a DTG -> `2009-07-14T09:57Z`; "" when they make no real date."""
    number = int(year)
    full_year = number if len(year) == 4 else year_of(number)
    try:
        date = dt.date(full_year, MONTHS[month.upper()], int(day))
    except (ValueError, KeyError):
        return ""
    if int(hour) > 23:
        return ""
    return f"{date.isoformat()}T{hour}:{minute}Z"


def parse_dtg(text: str) -> str:
    """The first valid date-time group in `text` as ISO 8601, or ""."""
    for match in DTG.finditer(text):
        iso = dtg_to_iso(*match.groups())
        if iso:
            return iso
    return ""


def parse_dateline(text: str) -> str:
    """The first dateline in `text`: `Friday, 23 February 2001, 15:53` -> `2001-02-23T15:53Z`,
    `TELEGRAM  June 03, 2003` -> `2003-06-03`; "" when there is none."""
    match = DATELINE.search(text)
    if match:
        day, month, year, hour, minute = match.groups()
    else:
        match = TELEGRAM_DATE.search(text)
        if not match:
            return ""
        month, day, year = match.groups()
        hour = minute = None
    try:
        date = dt.date(int(year), MONTHS[month.upper()], int(day))
    except ValueError:
        return ""
    if hour is None or int(hour) > 23:
        return date.isoformat()
    return f"{date.isoformat()}T{int(hour):02d}:{minute}Z"


def numeric_date(text: str) -> str:
    """`06/08/2029` (month/day/year, as E.O. lines write it) -> `2029-06-08`; "" if invalid."""
    match = _NUMERIC.search(text)
    if not match:
        return ""
    month, day, year = match.groups()
    full_year = int(year) if len(year) == 4 else year_of(int(year))
    try:
        return dt.date(full_year, int(month), int(day)).isoformat()
    except ValueError:
        return ""
