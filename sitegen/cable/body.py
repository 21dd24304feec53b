"""The message text: page-continuation lines, paragraphs, summary and signature.

Teleprinted cables repeat the station, serial number and page at each page break
(`ASTANA 00001182 002 OF 002`); those lines are not part of the message and are removed.
Paragraphs are numbered (`1. (SBU) ...`, `¶6. (C) ...` in the WikiLeaks copies) and carry a
classification marking; an ALL-CAPS line standing alone before one is its heading.
"""

from __future__ import annotations

import re

from sitegen.cable.model import Paragraph

PAGE_LINE = re.compile(r"[ \t]*[A-Z][A-Z .'()-]*? \d{8} +\d{3}(?:\.\d)? +OF +\d{3}[ \t]*")
_PAGE_HINT = re.compile(r" \d{8} +\d{3}")
# "1. (SBU) text", "¶6. (C) text", "12.(S/NF)text", "3) text"
PARAGRAPH_START = re.compile(
    r"^[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t(]|$)[ \t]*"
    r"(?:\(([A-Z]{1,4}(?:[ \t]*/+[ \t]*[A-Z]{1,8})*)\)[ \t]*)?",
    re.MULTILINE,
)
_MARKED_START = re.compile(r"^[ \t]*\(([A-Z]{1,4}(?:/+[A-Z]{1,8})*)\)[ \t]+(?=\S)")
# A paragraph run into the previous one by a copy that lost line breaks: "... 12. (C) Text"
_INLINE_START = re.compile(r"(?<=[.\"'”)])[ \t]+(\d{1,3})\.[ \t]?\(([A-Z]{1,4}(?:/[A-Z]{1,8})*)\)")
_THREE_LETTERS = re.compile(r"[A-Z](?:[^A-Z]*[A-Z]){2}")
_HEADING_RULE = re.compile(r"^[ \t]*[-=_*]{3,}[- =_*]*$")
# "summary" in any case (a character class per letter is faster than IGNORECASE here)
_SUMMARY = re.compile("".join(f"[{c.upper()}{c}]" for c in "summary"))
_END_BEFORE = re.compile(r"\b[Ee][Nn][Dd]\s+(?:[Oo][Ff]\s+)?$")


def remove_page_lines(text: str) -> str:
    """The text without page-continuation lines. The blank lines around a page line go
    with it; a blank line stays only where a new paragraph starts after the break."""
    pieces: list[str] = []
    done = 0  # text[:done] is settled
    for hint in _PAGE_HINT.finditer(text):
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.end())
        end = len(text) if end < 0 else end
        if start < done or not PAGE_LINE.fullmatch(text, start, end):
            continue
        before = text[done:start].rstrip(" \t\n")  # the blank lines before go too
        after = len(text) - len(text[end:].lstrip(" \t\n"))
        line_end = text.find("\n", after)
        following = text[after : line_end if line_end >= 0 else len(text)]
        new_paragraph = PARAGRAPH_START.match(following) or _is_heading_line(following)
        pieces.append(before)
        if before or pieces[:-1]:
            pieces.append("\n\n" if new_paragraph else "\n")
        done = after
        # text between the last blank line and the next line's indentation: keep the indent
        while done > end + 1 and text[done - 1] in " \t":
            done -= 1
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _is_heading_line(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= 80
        and _THREE_LETTERS.search(stripped) is not None
        and stripped.upper() == stripped
        and not stripped.endswith((",", ";"))
        and not PARAGRAPH_START.match(stripped)
    )


def paragraphs(message: str) -> list[Paragraph]:
    """Numbered paragraphs with marking and heading; blocks before the first number (or in
    a cable without numbers) are unnumbered paragraphs."""
    blocks = _blocks(message)
    result: list[Paragraph] = []
    heading = ""
    last_number = 0
    for index, block in enumerate(blocks):
        start = PARAGRAPH_START.match(block)
        number = int(start.group(1)) if start else None
        if number is not None and not _in_sequence(number, last_number):
            number, start = None, None
        if start is None and _is_heading_block(block, blocks[index + 1 : index + 2]):
            heading = _heading_text(block)
            continue
        if start is not None:
            last_number = number or last_number
            marking = _marking(start.group(2) or "")
            result += _split_inline(
                Paragraph(number, _flat(block[start.end() :]), marking, heading)
            )
        elif result and result[-1].number is not None and not heading:
            result[-1].text = f"{result[-1].text}\n\n{_flat(block)}"  # a list inside it
            continue
        else:
            marked = _MARKED_START.match(block)
            marking = _marking(marked.group(1)) if marked else ""
            text = block[marked.end() :] if marked else block
            result.append(Paragraph(None, _flat(text), marking, heading))
        heading = ""
    return result


_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_NUMBERED_LINE = re.compile(r"\n(?=[ \t]*¶?[ \t]*\d{1,3}[ \t]*[.)](?:[ \t(]|$))", re.MULTILINE)


def _blocks(text: str) -> list[str]:
    """Blank-line separated blocks; a numbered line starts a block of its own."""
    blocks: list[str] = []
    for block in _BLANK_LINES.split(text):
        if block.strip():
            blocks += [part for part in _NUMBERED_LINE.split(block) if part.strip()]
    return blocks


def _in_sequence(number: int, last: int) -> bool:
    return (last == 0 and number <= 3) or last < number <= last + 2


def _is_heading_block(block: str, following: list[str]) -> bool:
    lines = [line for line in block.split("\n") if line.strip()]
    if len(lines) == 2 and _HEADING_RULE.match(lines[1]):
        return len(lines[0].strip()) <= 80  # "Summary" over a rule of dashes
    if len(lines) != 1:
        return False
    line = lines[0].strip()
    if _is_heading_line(line):
        return True
    # A short title-case line right before a numbered paragraph: "The Case for Withdrawal"
    return (
        bool(following)
        and PARAGRAPH_START.match(following[0]) is not None
        and len(line) <= 60
        and line[:1].isupper()
        and not line.endswith((".", ",", ";", ":"))
    )


def _heading_text(block: str) -> str:
    lines = [line for line in block.split("\n") if line.strip() and not _HEADING_RULE.match(line)]
    return " ".join(" ".join(lines).split()).strip(" -")


def _marking(text: str) -> str:
    return "".join(text.split())


def _flat(text: str) -> str:
    return " ".join(text.split())


def _split_inline(paragraph: Paragraph) -> list[Paragraph]:
    """`... END SUMMARY. 12. (C) Ambassador ...` holds paragraph 12 too."""
    result = [paragraph]
    while paragraph.number is not None:
        expected = paragraph.number + 1
        if f"{expected}." not in paragraph.text:  # the usual case, found quickly
            break
        match = next(
            (m for m in _INLINE_START.finditer(paragraph.text) if int(m.group(1)) == expected),
            None,
        )
        if not match:
            break
        rest = paragraph.text[match.end() :].strip()
        paragraph.text = paragraph.text[: match.start()].strip()
        paragraph = Paragraph(expected, rest, match.group(2))
        result.append(paragraph)
    return result


def summary(message: str) -> str:
    """The text between `SUMMARY:` and `END SUMMARY`, markers removed, spaces collapsed.
    Without an end marker, the rest of the paragraph that starts with `SUMMARY:`."""
    found = _positions(message, "summary")
    ends = (_END_BEFORE.search(message, max(0, p - 10), p) for p in found)
    end = next((e for e in ends if e), None)  # "END SUMMARY": the end marker's start
    limit = end.start() if end else len(message)
    starts = [p for p in found if p < limit and _starts_summary(message, p)]
    if not starts:
        return ""
    if end:
        text = message[_after_marker(message, starts[-1]) : end.start()]
    else:
        start = _after_marker(message, starts[0])
        stop = _BLANK_LINES.search(message, start)
        text = message[start : stop.start() if stop else len(message)]
    text = PARAGRAPH_START.sub("", text)
    return _flat(text).lstrip(" -.:").strip()


def _positions(text: str, word: str) -> list[int]:
    """Where `word` (lower case) occurs in `text`, in any case."""
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lengthen when lower-cased: use a pattern
        return [m.start() for m in _SUMMARY.finditer(text)]
    found = []
    position = lower.find(word)
    while position >= 0:
        found.append(position)
        position = lower.find(word, position + len(word))
    return found


def _starts_summary(text: str, position: int) -> bool:
    """`SUMMARY:` / `Summary.` opening a paragraph or heading, not "a summary of" or the
    end marker."""
    before = text[max(0, position - 20) : position]
    if (
        re.search(r"(?:end|of)\s+$", before, re.IGNORECASE)
        or text[position - 1 : position].isalpha()
    ):
        return False
    word = text[position : position + 7]
    after = text[position + 7 : position + 9]
    return (
        bool(_OPENS.search(before))
        or after[:1] in (":", "-")
        or (word == "SUMMARY" and not after[:1].isalpha())
    )


_OPENS = re.compile(r"(?:^|\n|\)|¶\d+\.|\d\.)\s*(?:\(\w+\)\s*)?$")
_MARKER_END = re.compile(r"(?:\s+AND\s+[A-Z ]+?(?=[:.]))?\s*[:.-]*", re.IGNORECASE)


def _after_marker(text: str, position: int) -> int:
    return _MARKER_END.match(text, position + 7).end()


# One to four name words; a dot only after an initial ("J.") or JR.
_SIGNATURE_LINE = re.compile(
    r"^[.\s]*((?:[A-Za-z]\.|[A-Za-z][A-Za-z'-]+)(?:\s+(?:[A-Za-z]\.|[Jj][Rr]\.|[A-Za-z][A-Za-z'-]*)){0,3})"
    r"[\s.]*$"
)
# Words around a signature that are no part of it: "MINIMIZE CONSIDERED SHANNON",
# "CLINTON UNQUOTE CLINTON" (a repeated cable's signature, then the repeater's).
_SIGNATURE_NOISE = {"MINIMIZE", "CONSIDERED", "QUOTE", "UNQUOTE"}
_TRAILING_SIGNER = re.compile(
    r"(?:[.!?\"'”)]|END\s+(?:COMMENT|SUMMARY|NOTE|TEXT))[\s.]+([A-Z][A-Z'-]{2,}(?:\s+JR)?)\s*\.?\s*$",
)
# In mixed-case text: a capitalised surname after the last sentence ("inside Burma. Martinez"),
# or a surname in capitals ending the line ("...Portal:Unit ed_Kingdom LEBARON").
_TRAILING_NAME = re.compile(r"[.!?\"”')]\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*$")
_TRAILING_CAPITALS = re.compile(r"[^A-Za-z]\s*([A-Z][A-Z'-]{3,})\s*$")
_NOT_SIGNERS = {
    "NNNN", "BT", "SIPDIS", "END", "NOTE", "COMMENT", "END COMMENT", "END SUMMARY", "END NOTE",
    "END TEXT", "END CABLE TEXT", "END QUOTE", "QUOTE", "UNQUOTE",
}  # fmt: skip


def signers(message: str) -> list[str]:
    """The signature: the last line when it is a name (`HOAGLAND`, `TIMKEN JR`, `LeBaron`),
    or a surname ending the last line (`... END COMMENT EIKENBERRY`, `... Burma. Martinez`)."""
    lines = [line.strip() for line in message[-2000:].rstrip().split("\n") if line.strip()]
    while lines and lines[-1].strip(" .#").upper() in _NOT_SIGNERS | {""}:
        lines.pop()
    if not lines:
        return []
    last = lines[-1]
    if last.endswith(("...", "…")):  # a copy cut short: no signature
        return []
    line = _SIGNATURE_LINE.match(last)
    if line and len(last) <= 40 and not PARAGRAPH_START.match(last):
        name = _signature_name(line.group(1))
        if name and name.upper() not in _NOT_SIGNERS and not _is_sentence(name):
            return [name]
    trailing = _TRAILING_SIGNER.search(last)
    if trailing:
        return [trailing.group(1)]
    if any(c.islower() for c in last):
        for pattern in (_TRAILING_NAME, _TRAILING_CAPITALS):
            found = pattern.search(last)
            if found and found.group(1).upper() not in _NOT_SIGNERS | _codes():
                return [found.group(1)]
    return []


def _signature_name(text: str) -> str:
    """Noise words dropped; a name written twice ("KUBISKE KUBISKE", "SHANNON Shannon") once."""
    words = [w for w in text.split() if w.upper() not in _SIGNATURE_NOISE]
    if len({w.upper() for w in words}) == 1:
        words = words[-1:]
    return " ".join(words)


def _codes() -> frozenset[str]:
    from sitegen.cable.glossary import glossary

    return frozenset(glossary())


def _is_sentence(text: str) -> bool:
    words = [w for w in text.split() if w.lower().strip(".") != "jr"]
    return any(w[:1].islower() for w in words[1:]) or len(words) > 4
