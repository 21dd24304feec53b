"""The SUBJECT line: the cable's title.

    SUBJECT: KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED WITH KAZAKHSTAN'S
    PROGRESS ON DEMOCRATIZATION AND HUMAN RIGHTS

Continuation lines are joined and spaces collapsed; a leading classification marking
(`(C)`, `(S/NF)`, `(U)`) is dropped. Some copies run the next field onto the subject's
line (`...AS UK PRIMEREF: A. LONDON 1939`); the subject ends there.
"""

from __future__ import annotations

import re

SUBJECT_LINE = re.compile(r"^[ \t]*SUBJ(?:ECT)?\b[ \t]*:?[ \t]*(.*)$", re.I | re.M)
_MARKING = re.compile(r"^\(\s*[A-Z]{1,4}(?:\s*/+\s*[A-Z]{1,6})*\s*\)\s*", re.IGNORECASE)
# Where the subject ends: a blank line, the next field, a numbered paragraph.
_NEXT = re.compile(
    r"^[ \t]*(?:REF(?:S|ERENCES?|TEL)?\b|CLASSIFIED\s+BY|E\.\s?O\.|TAGS\b|SUMMARY\b|"
    r"\(?\d{1,2}\s*[.)]|¶|PASS\s|[-_=*]{3,}|SIPDIS|[A-Z][A-Z .'-]* \d{8} +\d{3})",
    re.I,
)
_RUN_ON = re.compile(r"(?<=\S)\s*\b(?:REF(?:S|TEL)?|CLASSIFIED BY)\s*:.*$|(?<=[A-Z])REF:.*$", re.I)


def find_subject_text(text: str) -> str:
    """The first SUBJECT line and its continuation lines, as written, or ""."""
    match = SUBJECT_LINE.search(text)
    if not match:
        return ""
    parts = [match.group(1)]
    for line in text[match.end() :].split("\n")[1:6]:
        if not line.strip() or _NEXT.match(line):
            break
        parts.append(line)
    return "\n".join(parts)


def clean_subject(text: str) -> str:
    """Joined, spaces collapsed, leading marking and run-on fields removed."""
    subject = " ".join(text.split())
    subject = _RUN_ON.sub("", subject).strip()
    return _MARKING.sub("", subject).strip()
