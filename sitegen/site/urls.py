"""Where every page lives: site paths built from cable values, safe by construction.

Paths are relative to the output folder, use "/" and never start with "/" (a link is
`config.base_path + path`). Every segment taken from cable data goes through `segment()`,
so a reference id like `../../etc/passwd` or a tag with a slash can never leave the folder.
Cable URLs follow the WikiLeaks mirror (`cable/2009/07/09ASTANA1182.html`) so old links work.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def segment(value: str) -> str:
    """One path segment from any text: letters, digits, `_`, `-`, `.`; never `.`/`..`/empty."""
    text = _UNSAFE.sub("-", value.strip())
    text = re.sub(r"\.{2,}", "-", text)  # no ".." anywhere, so no segment is ever ".."
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    return text or "_"


def slug(value: str) -> str:
    """A lowercase slug for names: "Embassy Astana" -> "embassy-astana"."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return segment(re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()))


def tag_segment(tag: str) -> str:
    """Tags keep their case, like the mirror: "PHUM"; "CLINTON, HILLARY" -> "CLINTON_HILLARY"."""
    return segment(re.sub(r"[\s,]+", "_", tag.strip()))


_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
UNDATED = "undated"  # the year (and folder) of a cable without a date


def year_month(created: str) -> tuple[str, str]:
    """("2009", "07") from an ISO date; ("undated", "") when the date is missing or malformed."""
    match = _YEAR_MONTH.match(created or "")
    return (match.group(1), match.group(2)) if match else (UNDATED, "")


def cable_path(reference_id: str, created: str) -> str:
    year, month = year_month(created)
    folder = f"cable/{year}/{month}" if month else f"cable/{year}"
    return f"{folder}/{segment(reference_id)}.html"


def cable_text_path(reference_id: str, created: str) -> str:
    """The original text, downloadable beside the page."""
    return cable_path(reference_id, created)[: -len(".html")] + ".txt"


def paged(folder: str, page: int) -> str:
    """Index page N of a listing: "tag/PHUM/" then "tag/PHUM/page/2/"."""
    return folder if page == 1 else f"{folder}page/{page}/"


def tag_folder(tag: str) -> str:
    return f"tag/{tag_segment(tag)}/"


def origin_folder(origin: str) -> str:
    return f"origin/{slug(origin)}/"


def classification_folder(classification: str) -> str:
    return f"classification/{slug(classification)}/"


def date_folder(year: str, month: str = "") -> str:
    return f"date/{segment(year)}/{segment(month)}/" if month else f"date/{segment(year)}/"


def file_of(path: str) -> str:
    """The file that serves a path: folders are served by their index.html."""
    return path + "index.html" if path.endswith("/") or path == "" else path
