"""The TAGS line: subject, program, country and organisation codes, and person tags.

Cables write it many ways: `TAGS: PHUM PREL KZ`, `TAGS PREL, PGOV, SF` (no colon, commas),
`Tags: parm, prel, ir` (lower case), codes as Markdown links `[PHUM](#)`, and wrapped onto
the next line. A person tag is a surname and given names: `TAGS: OVIP CLINTON HILLARY PREL`
or `STEINBERG, JAMES B.`; the parser writes it `SURNAME, GIVEN` ("CLINTON, HILLARY").
"""

from __future__ import annotations

import re

from sitegen.cable.glossary import glossary

TAGS_LINE = re.compile(r"^[ \t]*TAGS\b[ \t]*:?(.*)$", re.IGNORECASE | re.MULTILINE)
_TAGS_IN_LINE = re.compile(r"(?<=\s)TAGS[ \t]*:(.*)$", re.MULTILINE)
# Labels that end a TAGS line run on into the next field.
_NEXT_FIELD = re.compile(r"\b(?:SUBJECT|SUBJ|REF|REFS|CLASSIFIED BY|E\.\s?O\.)\s*:", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TOKEN = re.compile(r"\(([^)]*)\)|,|[A-Za-z][A-Za-z0-9'.-]*")
_CODE = re.compile(r"[A-Z][A-Z0-9-]{1,9}")
_VARIANT = re.compile(r"-\d+$")  # "AU-1" is AU
_CONTINUATION = re.compile(r"[ \t]*(?:\[?[A-Za-z][A-Za-z0-9-]{1,5}\]?(?:\(#\))?[ \t,]*)+$")


def find_tags_text(text: str, wrapped: bool = True) -> str:
    """The text of the first TAGS line and (when `wrapped`) its continuation lines, or "".

    The label starts its line, or follows other fields run onto the same line by a copy
    that lost line breaks (`E.O. 12958: DECL: 02/14/2018 TAGS: BR PREL MARR`).
    """
    match = TAGS_LINE.search(text) or _TAGS_IN_LINE.search(text, 0, 5000)
    if not match:
        return ""
    parts = [match.group(1)]
    rest = text[match.end() :].split("\n")[1:4] if wrapped else []
    for line in rest:
        last = parts[-1].rstrip()
        # A wrapped line follows a trailing comma, or is itself nothing but short codes.
        if not line.strip() or _NEXT_FIELD.match(line.strip()):
            break
        if last.endswith(",") and re.fullmatch(r"[ \t]*[A-Za-z0-9 ,.\[\]()#-]+", line):
            parts.append(line)
        elif _CONTINUATION.fullmatch(line) and line.strip().upper() == line.strip():
            parts.append(line)
        else:
            break
    return " ".join(parts)


def parse_tags(text: str) -> list[str]:
    """The tags of a TAGS line (with or without its label), in order, unique, upper case."""
    text = TAGS_LINE.sub(r"\1", text, count=1)
    text = _LINK.sub(r" \1 ", text)
    stop = _NEXT_FIELD.search(text)
    if stop:
        text = text[: stop.start()]
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    tags: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == ",":
            continue
        if token.startswith("("):  # OVIP (CLINTON, HILLARY R.)
            tags += parse_tags(token[1:-1]) if _codes_only(token[1:-1]) else [_person(token)]
            continue
        word = _VARIANT.sub("", token.upper().rstrip("."))
        if _is_known(word) or not _could_be_name(word):
            if _CODE.fullmatch(word):
                tags.append(word)
            continue
        names, index = _name_run(word, tokens, index)
        tags.append(_join_name(names) if len(names) > 1 else names[0])
    return list(dict.fromkeys(tags))


def _is_known(word: str) -> bool:
    """A code the glossary lists, or a subject code run into a country code (`KDEMAF`).
    Other shapes the glossary explains do not count here: `RICE` reads as RI + CE, but
    next to `CONDOLEEZZA` it is a surname."""
    codes = glossary()
    return word in codes or (len(word) == 6 and word[:4] in codes and word[4:] in codes)


def _could_be_name(word: str) -> bool:
    return word.isalpha() and len(word) >= 2


def _name_run(first: str, tokens: list[str], index: int) -> tuple[list[str], int]:
    """A surname and the given names after it: unknown words, initials, a comma after the
    surname (`STEINBERG, JAMES B.`). Stops at a known code or a second comma."""
    names = [first]
    comma_seen = False
    while index < len(tokens):
        token = tokens[index]
        if token == ",":
            if comma_seen or len(names) > 1 or index + 1 >= len(tokens):
                break
            following = tokens[index + 1].upper().rstrip(".")
            if _is_known(following) or not _could_be_name(following):
                break
            comma_seen = True
            index += 1
            continue
        word = token.upper()
        bare = word.rstrip(".")
        initial = len(bare) == 1 and bare.isalpha()
        if token.startswith("(") or not (initial or (_could_be_name(bare) and not _is_known(bare))):
            break
        names.append(word)
        index += 1
    if len(names) > 1 and not any(len(n.rstrip(".")) >= 6 for n in names) and not comma_seen:
        # Two short unknown words are more likely two codes than a name.
        return [first], index - (len(names) - 1)
    return names, index


def _join_name(names: list[str]) -> str:
    return f"{names[0]}, {' '.join(names[1:])}"


def _person(group: str) -> str:
    words = [w.upper() for w in re.findall(r"[A-Za-z][A-Za-z'.-]*", group)]
    return _join_name(words) if len(words) > 1 else "".join(words)


def _codes_only(text: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z0-9-]*", text)
    return bool(words) and all(_is_known(w.upper()) for w in words)
