"""The message text: page-continuation lines, paragraphs, summary and signature.

Teleprinted cables repeat the station, serial number and page at each page break
(`ASTANA 00001182 002 OF 002`); those lines are not part of the message and are removed.
Paragraphs are numbered (`1. (SBU) ...`, `¶6. (C) ...` in the WikiLeaks copies) and carry a
classification marking; an ALL-CAPS line standing alone before one is its heading.
"""

from __future__ import annotations

import re

from sitegen.cable.model import Paragraph

PAGE_LINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'()-]*? \d{8} +\d{3}(?:\.\d)? +OF +\d{3}[ \t]*$", re.MULTILINE
)
_PAGE_BREAK = re.compile(
    r"\n?[ \t]*\n(?:[ \t]*\n)*" + PAGE_LINE.pattern[1:-1] + r"[ \t]*(?:\n[ \t]*)*(?=\n|$)",
    re.MULTILINE,
)
# "1. (SBU) text", "¶6. (C) text", "12.(S/NF)text", "3) text"
PARAGRAPH_START = re.compile(
    r"^[ \t]*¶?[ \t]*(\d{1,3})[ \t]*[.)](?=[ \t(]|$)[ \t]*"
    r"(?:\(([A-Z]{1,4}(?:[ \t]*/+[ \t]*[A-Z]{1,8})*)\)[ \t]*)?",
    re.MULTILINE,
)
_MARKED_START = re.compile(r"^[ \t]*\(([A-Z]{1,4}(?:/+[A-Z]{1,8})*)\)[ \t]+(?=\S)")
# A paragraph run into the previous one by a copy that lost line breaks: "... 12. (C) Text"
_INLINE_START = re.compile(r"(?<=[.\"'”)])[ \t]+(\d{1,3})\.[ \t]?\(([A-Z]{1,4}(?:/[A-Z]{1,8})*)\)")
_HEADING_RULE = re.compile(r"^[ \t]*[-=_*]{3,}[- =_*]*$")
_SUMMARY_START = re.compile(
    r"(?<![A-Za-z])(?<!END )(?<!End )(?<!end )SUMMARY\b(?:\s+AND\s+[A-Z ]+?(?=[:.]))?\s*[:.-]*",
    re.IGNORECASE,
)
_SUMMARY_END = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b[\s.:-]*", re.IGNORECASE)


def remove_page_lines(text: str) -> str:
    """The text without page-continuation lines. The blank lines around a page line go
    with it; a blank line stays only where a new paragraph starts after the break."""

    def join(match: re.Match) -> str:
        after = text[match.end() :].lstrip("\n")
        new_paragraph = PARAGRAPH_START.match(after) or _is_heading_line(after.split("\n", 1)[0])
        return "\n\n" if new_paragraph else "\n"

    return PAGE_LINE.sub("", _PAGE_BREAK.sub(join, text))


def _is_heading_line(line: str) -> bool:
    stripped = line.strip()
    letters = [c for c in stripped if c.isalpha()]
    return (
        0 < len(stripped) <= 80
        and len(letters) >= 3
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


def _blocks(text: str) -> list[str]:
    """Blank-line separated blocks; a numbered line starts a block of its own."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or (PARAGRAPH_START.match(line) and current):
            if current:
                blocks.append("\n".join(current))
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
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
    return re.sub(r"\s+", "", text)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _split_inline(paragraph: Paragraph) -> list[Paragraph]:
    """`... END SUMMARY. 12. (C) Ambassador ...` holds paragraph 12 too."""
    result = [paragraph]
    while paragraph.number is not None:
        expected = paragraph.number + 1
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
    end = _SUMMARY_END.search(message)
    starts = [
        m for m in _SUMMARY_START.finditer(message, 0, end.start() if end else len(message))
        if _starts_summary(message, m)
    ]  # fmt: skip
    if not starts:
        return ""
    if end:
        text = message[starts[-1].end() : end.start()]
    else:
        start = starts[0].end()
        stop = re.compile(r"\n[ \t]*\n").search(message, start)
        text = message[start : stop.start() if stop else len(message)]
    text = PARAGRAPH_START.sub("", text)
    return _flat(text).lstrip(" -.:").strip()


def _starts_summary(text: str, match: re.Match) -> bool:
    """`SUMMARY:` / `Summary.` opening a paragraph or heading, not "a summary of"."""
    before = text[max(0, match.start() - 20) : match.start()]
    word = match.group(0)
    return (
        bool(re.search(r"(?:^|\n|\)|¶\d+\.|\d\.)\s*(?:\(\w+\)\s*)?$", before))
        or word.strip()[-1:] in (":", "-")
        or word[:7] == "SUMMARY"
    )


_SIGNATURE_LINE = re.compile(r"^[.\s]*([A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'.-]*){0,3})[\s.]*$")
_TRAILING_SIGNER = re.compile(
    r"(?:[.!?\"'”)]|END\s+(?:COMMENT|SUMMARY|NOTE|TEXT))\s*\.?\s+([A-Z][A-Z'-]{2,}(?:\s+JR)?)\s*\.?\s*$",
)
_NOT_SIGNERS = {"NNNN", "BT", "SIPDIS", "END", "NOTE", "COMMENT", "END COMMENT", "END SUMMARY"}


def signers(message: str) -> list[str]:
    """The signature: the last line when it is a name (`HOAGLAND`, `TIMKEN JR`, `LeBaron`),
    or a capitalised surname ending the last line (`... END COMMENT EIKENBERRY`)."""
    lines = [line.strip() for line in message.rstrip().split("\n") if line.strip()]
    while lines and lines[-1].strip(" .#") in _NOT_SIGNERS | {""}:
        lines.pop()
    if not lines:
        return []
    last = lines[-1]
    line = _SIGNATURE_LINE.match(last)
    if line and len(last) <= 40 and not PARAGRAPH_START.match(last):
        name = line.group(1).strip()
        if name.upper() not in _NOT_SIGNERS and not _is_sentence(name):
            return [name]
    trailing = _TRAILING_SIGNER.search(last)
    if trailing and len(last) > 40:
        return [trailing.group(1)]
    return []


def _is_sentence(text: str) -> bool:
    words = text.split()
    return any(w[:1].islower() for w in words[1:]) or len(words) > 4
