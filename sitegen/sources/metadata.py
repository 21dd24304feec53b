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


# Fields a source may state, by the kind of value they take (the Cable record's types).
# Structured fields (paragraphs, persons, classified_by) and the text itself (header, body)
# come from parsing only.
_STRINGS = {
    "reference_id", "created", "released", "origin", "classification", "precedence",
    "subject", "summary", "declassify_on",
}  # fmt: skip
_LISTS = {"recipients", "info_recipients", "tags", "references", "other_references", "signers"}
_DATES = {"created", "released"}
_UPPER = {"reference_id", "classification", "precedence", "tags"}  # written in capitals
STATED_FIELDS = _STRINGS | _LISTS | {"sections", "partial"}


def stated_value(key: str, value: object) -> object:
    """Check and normalise one stated value for the Cable field `key`.

    Raises ValueError with a message fit for the user when the key is not a field a
    source may state or the value has the wrong shape.
    """
    if key not in STATED_FIELDS:
        known = ", ".join(sorted(STATED_FIELDS))
        raise ValueError(f"unknown key {key!r} (known keys: {known})")
    if key in _DATES:
        return source_datetime(value)
    if key in _STRINGS:
        if isinstance(value, (dict, list)) or value is None:
            raise ValueError(f"{key} must be a single value, not {_kind(value)}")
        text = str(value).strip()
        return text.upper() if key in _UPPER else text
    if key in _LISTS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise ValueError(f"{key} must be a list of values, not {_kind(value)}")
        items = [str(item).strip() for item in value if item is not None]
        return [item.upper() for item in items] if key in _UPPER else items
    if key == "partial":
        if not isinstance(value, bool):
            raise ValueError(f"partial must be true or false, not {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:  # sections
        raise ValueError(f"sections must be a whole number of at least 1, not {value!r}")
    return value


def _kind(value: object) -> str:
    if value is None:
        return "an empty value"
    return {dict: "a mapping", list: "a list"}.get(type(value), repr(value))
