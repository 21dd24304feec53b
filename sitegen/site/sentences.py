"""The sentence naming a person in a cable, shown under the cable on the person's page.

Found once, when the cable is parsed (the worker has its text in hand then), for each person
of the cable, and kept in the build cache beside the parsed cable (`Cache.write_sentences`):
a person page then reads a few short lines per cable listed instead of whole cables.
This module is part of the parser's version (sitegen.build): changing it parses again.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterator
from operator import itemgetter

from sitegen.cable.model import Cable

# The stop is matched, not looked behind for: the engine then tries only where a stop or a line
# break stands instead of at every position (half the time); sentence_ends drops the stop.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(]?[A-Z0-9¶])|\n[ \t]*\n")
_LONGEST = 320
_LEADING_MARKS = re.compile(r"^(?:¶?\d{1,2}\.\s*)?(?:\([A-Z/ ]{1,8}\)\s*)?")  # "3. (SBU) "


def sentence_with(text: str, forms: tuple[str, ...], ends: list[int] | None = None) -> str:
    """The first sentence of text naming one of the forms, spaces collapsed, cut to a
    readable length around the name; a sentence of prose is preferred to a heading or a
    subject line in capitals. "" when the text does not name them.

    `ends`: `sentence_ends(text)`, when the caller looks for several people in one text."""
    if ends is None:
        ends = sentence_ends(text)
    first = ""
    for position, found in _mentions(text, forms, 12):
        sentence = _sentence_at(text, ends, position, found)
        if _PROSE.search(sentence):
            return sentence
        first = first or sentence
    return first


_PROSE = re.compile(r"[a-z]{2,}\W+[a-z]{2,}\W+[a-z]{2,}")  # three lower-case words
_WORDISH = re.compile(r"[\w-]")


def sentence_ends(text: str) -> list[tuple[int, int]]:
    """(start, end) of every break between sentences: found once per text."""
    return [(start + (text[start] != "\n"), end)
            for start, end in map(re.Match.span, _SENTENCE_END.finditer(text))]


def _sentence_at(text: str, ends: list[tuple[int, int]], position: int, found: str) -> str:
    before = bisect.bisect_right(ends, position, key=itemgetter(1))  # breaks ending by then
    start = ends[before - 1][1] if before else 0
    after = bisect.bisect_left(ends, position + len(found), key=itemgetter(0))
    end = ends[after][0] if after < len(ends) else len(text)
    sentence = _LEADING_MARKS.sub("", " ".join(text[start:end].split()))
    if len(sentence) <= _LONGEST:
        return sentence
    at = sentence.find(" ".join(found.split()))
    left = max(0, at - _LONGEST // 2)
    cut = sentence[left : left + _LONGEST]
    return ("…" if left else "") + cut.strip() + "…"


def _mentions(text: str, forms: tuple[str, ...], most: int) -> Iterator[tuple[int, str]]:
    """(position, text) of the first `most` mentions of the forms, in reading order; where
    two forms start at one place, the first of them (the longer). Found lazily: the caller
    mostly stops at the first mention, whose sentence is prose."""
    merged = heapq.merge(*(((start, i, end) for start, end in occurrences(text, form.split()))
                           for i, form in enumerate(forms)))
    previous = -1
    for start, _, end in merged:
        if start != previous:
            yield start, text[start:end]
            previous = start
            most -= 1
            if not most:
                return


def occurrences(text: str, words: list[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each place where the words stand in text, one after the other with
    any spaces or line breaks between them, not part of a longer word (no word character or
    "-" touches them). Plain string searches: compiling a pattern per name costs more."""
    if not words:
        return
    first, rest, size = words[0], words[1:], len(text)
    start = text.find(first)
    while start >= 0:
        end = start + len(first)
        for word in rest:
            gap = end
            while gap < size and text[gap].isspace():
                gap += 1
            if gap == end or not text.startswith(word, gap):
                end = -1
                break
            end = gap + len(word)
        if (end >= 0 and not (start and _WORDISH.match(text, start - 1))
                and not (end < size and _WORDISH.match(text, end))):
            yield start, end
            start = text.find(first, end)
        else:
            start = text.find(first, start + 1)


def person_forms(name: str, mentions) -> tuple[str, ...]:
    """How a cable writes a person: their name and every mention, longest first (tag forms
    such as "STEINBERG, JAMES B." never appear in running text and are left out)."""
    forms = dict.fromkeys(f for f in (name, *mentions) if f and "," not in f)
    return tuple(sorted(forms, key=len, reverse=True))


def cable_sentences(cable: Cable) -> list[str]:
    """For each person of the cable, in order: the sentence naming them ("" when none does)."""
    text = "\n\n".join(filter(None, (cable.subject, cable.body)))
    ends = sentence_ends(text)
    return [sentence_with(text, person_forms(p.name, p.mentions), ends) for p in cable.persons]


def pick_sentence(found: list[str], indexes) -> str:
    """The sentence for a person the cable names at these positions of its `persons` (twice
    when two forms of one name were merged): a sentence of prose first."""
    chosen = [found[i] for i in indexes if i < len(found) and found[i]]
    prose = [s for s in chosen if _PROSE.search(s)]
    return (prose or chosen or [""])[0]

