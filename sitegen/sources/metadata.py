"""Normalising what a source states about a cable into the Cable record's formats.

Sources write dates their own way (the WikiLeaks table `2006-03-31 13:01`, cables.csv
`03/31/2006 13:01`, front matter anything YAML allows); the Cable record wants
ISO 8601 UTC minutes, `2006-03-31T13:01Z`.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?Z?)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")


def source_datetime(value: object) -> str:
    """`2006-03-31 13:01`, `03/31/2006 13:01`, a YAML date or datetime -> `2006-03-31T13:01Z`.

    A date alone gives `2006-03-31`. Raises ValueError for anything else, so the
    caller can name the file and line.
    """
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%MZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if match := _ISO.match(text):
        year, month, day, hour, minute = match.groups()
    elif match := _US.match(text):
        month, day, year, hour, minute = match.groups()
    else:
        raise ValueError(f"not a date: {text!r} (write YYYY-MM-DD HH:MM)")
    date = dt.date(int(year), int(month), int(day))  # raises ValueError on 02/30
    if hour is None:
        return date.isoformat()
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"not a time of day: {text!r}")
    return f"{date.isoformat()}T{int(hour):02d}:{minute}Z"
