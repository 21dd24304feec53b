"""Where a text names a person: runs of name-like words, and the evidence that they are a name.

Two kinds of text, because capital letters mean different things in them:
- mixed case ("Yevgeniy Zhovtis of the Human Rights Bureau"): a capital letter marks a proper
  noun, so a regular expression finds the runs of capitalised words and only those are looked at;
- flat text, written in capitals or as a Title Case heading ("PRESIDENT MBEKI HAVE RAISED",
  "Iran Promises a Peaceful Nuclear Program"): every word is looked up instead, and clauses
  (words between punctuation marks) play the part of runs.

Either way a run is cut down to its name-like cores ("Defense Jose Bono" -> "Jose Bono"), and a
core is kept with the evidence that it names a person: a title before it ("Minister of
Defense"), a given name first ("Jose"), initials, name particles ("al-", "bin"), or capitals
alone. A core that is part of the name of an organisation or a place ("Almaty Helsinki
Committee", "San Borja", "Charles de Gaulle airport") is reported as blocked, so that the same
words are not taken for a person elsewhere in the cable. Who is who is decided in `people.py`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from sitegen.cable.lexicon import Lexicon, lexicon
from sitegen.cable.names import PARTICLES

# Evidence that a core names a person. NONE cores only ever count as the surname of someone
# the cable names in full elsewhere ("Zhovtis asserted").
TITLE, ADDRESS, GIVEN, INITIALS, PARTICLE, CAPITALISED, BARE, NONE = (
    "title",
    "address",
    "given",
    "initials",
    "particles",
    "capitalised",
    "bare",
    "none",
)


@dataclass(slots=True)
class Mention:
    """One place where a text names someone."""

    words: tuple[str, ...]  # as written, possessive removed: ("Yevgeny", "Zhovtis")
    start: int  # offsets in the scanned text
    end: int
    evidence: str = NONE
    role: str = ""  # the title before the name ("Lawyer", "Minister of Defense")
    title_kind: str = ""  # honorific, office, military, role (see person_titles.tsv)
    flat: bool = False  # found in ALL-CAPS or Title Case text


@dataclass
class Scan:
    """What one text yields: mentions, and word runs known to name something else."""

    mentions: list[Mention] = field(default_factory=list)
    blocked: set[tuple[str, ...]] = field(default_factory=set)  # lower-case words
    lone_words: bool = True  # keep lone words without evidence (see scan_text)


class CaseHints:
    """What the mixed-case lines of a cable tell about words that its capitals lines hide:
    a word written in capitals inside a mixed-case line ("UNSCOL Michael Williams") is an
    acronym, so "UNSCOL WILLIAMS" in the subject is not a two-word name."""

    _CAPITALS = re.compile(r"\b[A-Z][A-Z]+\b")
    _ALL_CAPITALS = re.compile(r"[A-Z]{2,}")

    def __init__(self, text: str) -> None:
        self._text = text
        self._acronyms: frozenset[str] | None = None  # when the mixed stretches are unknown
        self._mixed: list[tuple[int, int]] | None = None  # mixed-case stretches, if known
        self._answers: dict[str, bool] = {}

    def learn(self, text: str, segments: list[tuple[int, int, bool]]) -> None:
        """Remember the mixed-case stretches a scan of the whole text found."""
        if text is self._text and self._mixed is None:
            self._mixed = [(start, end) for start, end, flat in segments if not flat]

    def is_acronym(self, word: str) -> bool:
        upper = word.upper()
        if self._mixed is None:
            if self._acronyms is None:
                mixed = _FLAT_LINE.sub("", self._text)  # the mixed-case lines only
                self._acronyms = frozenset(self._CAPITALS.findall(mixed))
            return upper in self._acronyms
        answer = self._answers.get(upper)
        if answer is None:
            answer = self._answers[upper] = self._in_mixed_stretch(upper)
        return answer

    def _in_mixed_stretch(self, upper: str) -> bool:
        """Is `upper` written as a whole word in a mixed-case stretch? A look for this one
        word: the few asked about cost less than listing every word in capitals."""
        if not self._ALL_CAPITALS.fullmatch(upper):
            return False
        text, size = self._text, len(upper)
        position = text.find(upper)
        while position >= 0:
            end = position + size
            for start, stop in self._mixed:
                if start <= position and end <= stop:
                    before = text[position - 1] if position else " "
                    after = text[end] if end < stop else " "
                    if not _is_word_char(before) and not _is_word_char(after):
                        return True
                    break
            position = text.find(upper, position + 1)
        return False


def _is_word_char(char: str) -> bool:
    """What \\w matches, for one character."""
    return char.isalnum() or char == "_"


def scan_text(
    text: str,
    start: int = 0,
    end: int | None = None,
    address: bool = False,
    hints: CaseHints | None = None,
    lone_words: bool = True,
) -> Scan:
    """Every person mention in text[start:end].

    `address` marks routing and classification lines, where a lone surname is a person for
    sure ("NSC FOR HADLEY", "Classified By: Pol M/C Allegrone"). `hints` come from the whole
    cable when text is a part of it. Without `lone_words`, a capitalised word alone with
    nothing around it telling it is a name is left out: it can only be the surname of
    someone named elsewhere, and the caller looks for those more cheaply once it knows them.
    """
    end = len(text) if end is None else end
    lex = lexicon()
    scan = Scan(lone_words=lone_words)
    segments = list(_segments(text, start, end, headings=not address))
    if hints is not None:
        hints.learn(text, segments)
    for seg_start, seg_end, flat in segments:
        if flat:
            for run in _flat_runs(text, seg_start, seg_end):
                _judge_run(text, run, True, address, lex, scan, hints, run.kinds, run.lowered)
        else:
            for tokens in _mixed_runs(text, seg_start, seg_end, lone_words):
                _judge_run(text, tokens, False, address, lex, scan, hints)
    _share_plural_titles(text, scan.mentions)
    return scan


_LIST_BEFORE = re.compile(r"(?:,|\band)\s+$")
_PLURAL_TITLES = frozenset(("generals", "senators", "ministers", "ambassadors"))
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.IGNORECASE)


def _share_plural_titles(text: str, mentions: list[Mention]) -> None:
    """ "Generals Vargas, Bersatti and Trigo": the title of a list is everyone's."""
    plural = ""  # the plural title of the list being read, if any
    titles = lexicon().title_words
    for previous, mention in zip(mentions, mentions[1:], strict=False):
        last = previous.role.rsplit(" ", 1)[-1].lower()
        if (
            previous.title_kind
            and last[-1:] == "s"
            and last[:-1] in titles
            and (last not in titles or last in _PLURAL_TITLES)
        ):
            plural = previous.role
            previous.role = plural[:-1]
        if not (
            plural
            and mention.evidence == NONE
            and _LIST_GAP.fullmatch(text, previous.end, mention.start)
        ):
            plural = ""
            continue
        mention.role, mention.title_kind, mention.evidence = plural[:-1], "office", TITLE


# --- segments and runs ----------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    word: str  # as written, possessive and final dot removed
    start: int
    end: int
    possessive: bool = False
    dotted: bool = False


# A run of capitalised words. The pattern starts with [A-Z] so that the regex engine skips
# to capitals quickly (the run's speed is most of the finder's); a particle before the first
# word ("al Maliki", "al-Sadr") is picked up afterwards by _LEADING_PARTICLE.
_REST = (  # of a word after its capital: "Zhovtis", "McGee", "LeBaron", "O'Brien", "E."
    r"(?:[a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)*|['’][A-Z][a-zà-ÿ]+|\.?(?=[ \t\n]))"
    r"(?:-[A-Za-z][a-zà-ÿ]*)*(?:['’][sS])?"
)
_GLUED = r"(?:al|el|ad|as|ash|az|bin|ibn|abu|Al|El|Abu|Bin)-"
_SEP = r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)"
_PART = r"(?:de|da|del|della|di|do|dos|das|du|la|le|van|von|der|den|ter|bin|ibn|bint|al|el|y)"
_MIXED_RUN = re.compile(
    rf"[A-Z](?<![\w'’].){_REST}(?:{_SEP}(?:{_PART}{_SEP})*(?:{_GLUED})?[A-Z]{_REST})*"
)
_LEADING_PARTICLE = re.compile(rf"(?<![\w-])(?:{_PART}{_SEP}|{_GLUED})$")
# The last two letters of the particles, and the particles of one letter: a cheap first look
# before _LEADING_PARTICLE, as most capitalised runs follow a lower-case word ("the Embassy").
_PARTICLE_TAILS = frozenset(p[-2:] for p in re.findall(r"\w+", _PART + _GLUED) if len(p) > 1)
_PARTICLE_LETTERS = frozenset(p for p in re.findall(r"\w+", _PART + _GLUED) if len(p) == 1)
# (the look-behind after the first letter, as in _MIXED_RUN: the engine skips to letters faster)
_FLAT_WORD_PATTERN = r"[A-Za-z](?<![\w'’].)[A-Za-z'’/]*(?:-[A-Za-z][A-Za-z'’]*)*\.?"
_FLAT_WORD = re.compile(_FLAT_WORD_PATTERN)
# Words of flat text with nothing but spaces and at most one line break between them: the
# clauses of _flat_runs before a word with a full stop splits them further.
_FLAT_CLAUSE = re.compile(rf"{_FLAT_WORD_PATTERN}(?:[^\S\n]*(?:\n[^\S\n]*)?{_FLAT_WORD_PATTERN})*")
_POSSESSIVES = re.compile(r"['’][sS]?\b")
_LOWER = re.compile(r"[a-z]")
_LOWER_WORD = re.compile(r"[a-z]{2,}")


def _is_mixed_case(line: str) -> bool:
    """Written in mixed case: two lower-case words at least (a stray "aWE" in a line of
    capitals does not count)."""
    return len(_LOWER_WORD.findall(line, 0, 400)) >= 2


# Abbreviations whose dot does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt maj capt adm sgt st amb sen rep prof rev fr".split()
)


# A line with letters but not two lower-case words: written in capitals.
_FLAT_LINE = re.compile(
    r"^(?![^\n]*?[a-z]{2}[^\n]*?[^a-z\n][^\n]*?[a-z]{2})(?=[^\n]*[A-Za-z])[^\n]*\n?", re.M
)
# A Title Case heading: 2 to 10 words, those over three letters capitalised, no comma, no
# final stop or colon, and a blank or underlining line after it (_BREAK finds those). The two
# kinds of word exclude each other: were "A" both, "C O N F I D E N T I A L" lines would make
# the engine try every way of reading them (~2**10 tries each).
_HEADING_WORD = r"(?:[A-Z0-9(][^\s,]*|[^\sA-Z0-9(,][^\s,]{0,2})"
_HEADING = re.compile(rf"[ \t]*(?:{_HEADING_WORD}[ \t]+){{1,9}}{_HEADING_WORD}(?<![.:])[ \t]*\r?")
_BREAK = re.compile(r"\n(?=[ \t]*(?:[-=_]{2,}[ \t]*)?\r?(?:\n|$))")


def _segments(text: str, start: int, end: int, headings: bool = True):
    """(start, end, flat) stretches: mixed-case text, and flat lines (capitals, headings)."""
    if "\n" not in text[start:end]:  # one line, maybe the tail of one: "NSC FOR HADLEY"
        yield start, end, not _is_mixed_case(text[start:end])
        return
    spans = [(m.start(), m.end()) for m in _FLAT_LINE.finditer(text, start, end)]
    if headings:
        spans += _heading_lines(text, start, end)
        spans.sort()
    pos = start
    for flat_start, flat_end in _merged(spans, text):
        if flat_start > pos and not text[pos:flat_start].isspace():
            yield pos, flat_start, False
        yield max(pos, flat_start), flat_end, True
        pos = max(pos, flat_end)
    if pos < end and not text[pos:end].isspace():
        yield pos, end, False


def _heading_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    found = []
    for match in _BREAK.finditer(text, start, end):
        line_start = text.rfind("\n", start, match.start()) + 1
        if line_start < start:
            line_start = start
        if _HEADING.fullmatch(text, line_start, match.start()):
            found.append((line_start, match.end()))
    return found


def _merged(spans: list[tuple[int, int]], text: str):
    """Flat lines next to each other (blank lines between them or not) as one stretch."""
    current = None
    for span in spans:
        if current and (span[0] <= current[1] or text[current[1] : span[0]].isspace()):
            current = (current[0], max(current[1], span[1]))
            continue
        if current:
            yield current
        current = span
    if current:
        yield current


def _mixed_runs(text: str, start: int, end: int, lone_words: bool = True):
    lex = lexicon()
    dull = lex.dull_capitalised
    for match in _MIXED_RUN.finditer(text, start, end):
        group = match.group()
        if "'" in group or "’" in group:
            words = _POSSESSIVES.sub("", group).split()
        elif group in dull:  # "The", "Embassy": a lone dull word, the commonest run by far
            continue
        else:
            words = group.split()
        if dull.issuperset(words):  # "Human Rights Bureau"
            continue
        base = match.start()
        leading = (
            _LEADING_PARTICLE.search(text, max(0, base - 6), base)
            if _particle_may_end(text, base)
            else None
        )
        if leading:
            base = leading.start()
        elif len(words) == 1:  # one word: no splitting to do
            if not lone_words and _plain_lone_word(text, group, base, match.end(), lex):
                continue
            yield [_token(group, base, text)]
            continue
        tokens = _tokens(text, base, match.end())
        for run in _split_lines_of_names(tokens, text):
            yield from _split_possessives(run)


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    """The words of text[start:end] as tokens (found by str.find: cheaper than a regex)."""
    tokens = []
    position = start
    for word in text[start:end].split():
        position = text.find(word, position)
        tokens.append(_token(word, position, text))
        position += len(word)
    return tokens


def _particle_may_end(text: str, pos: int) -> bool:
    """A lower-case word ending with a particle's last letters, then one space or a hyphen,
    just before pos: the cheap first look before _LEADING_PARTICLE."""
    return (
        pos > 1
        and text[pos - 1] in " \t\n-"
        and text[pos - 2].islower()
        and (text[pos - 3 : pos - 1] in _PARTICLE_TAILS or text[pos - 2] in _PARTICLE_LETTERS)
    )


def _split_lines_of_names(tokens: list[_Token], text: str):
    """A list of names, one per line ("Charge Dan Piccuta" / "Joe Donovan, Consul General"),
    is not one long name: split where a line break falls between two names of two words."""
    start = 0
    given = lexicon().given
    for i in range(2, len(tokens) - 1):
        if i - start >= 2 and "\n" in text[tokens[i - 1].end : tokens[i].start]:
            if tokens[i].word.lower() in given and tokens[i - 1].word.lower() not in given:
                yield tokens[start:i]
                start = i
    yield tokens[start:]


def _flat_runs(text: str, start: int, end: int):
    """Words of flat text grouped into clauses: punctuation (bar an initial's dot) ends one;
    a possessive too, and a line break between two names.

    Only the clauses with a word that may be part of a name are read word by word, and of
    their words only those the judge looks at become tokens: in a cable written in capitals
    that spares most words the loops."""
    words = _POSSESSIVES.sub("", text[start:end]).replace(".", " ").split()
    if lexicon().dull_flat.issuperset(words):  # "CLOSING REMARKS", "(C) SUMMARY": quickly
        return
    live = {w for w in set(_FLAT_WORD.findall(text, start, end)) if not _flat_word(w).inert}
    if not live:
        return
    for clause in _FLAT_CLAUSE.finditer(text, start, end):
        raws = _FLAT_WORD.findall(text, clause.start(), clause.end())
        if live.isdisjoint(raws):
            continue
        matches = list(_FLAT_WORD.finditer(text, clause.start(), clause.end()))
        infos = [_flat_word(raw) for raw in raws]
        for first, last in _sentences(infos):
            if live.isdisjoint(raws[first:last]):
                continue
            for part_first, part_last in _lines_of_names(text, matches, infos, first, last):
                for run_first, run_last in _possessive_parts(infos, part_first, part_last):
                    if not live.isdisjoint(raws[run_first:run_last]):
                        yield _FlatRun(matches[run_first:run_last], infos[run_first:run_last])


@dataclass(frozen=True, slots=True)
class _FlatWord:
    """What a word of flat text, as _FLAT_WORD finds it, is: worked out once per spelling."""

    word: str  # possessive and final dot removed
    lower: str
    kind: str
    dotted: bool
    possessive: bool
    ends_clause: bool  # a full stop after a word that is no initial or abbreviation
    # Neither starts nor continues a name, whatever its neighbours: _cores finds no name in
    # a run of such words. Initials count as such too: without a name beside them they
    # make no more than a lone letter ("U. S."), which has no part that could name anyone.
    inert: bool


@lru_cache(maxsize=200_000)
def _flat_word(raw: str) -> _FlatWord:
    token = _token(raw, 0, raw)
    lower = token.word.lower()
    kind = _word_kind(token.word, True, token.dotted)
    if kind == WORD:
        inert = lower not in lexicon().surname_words
    else:
        inert = kind in (STOP, PLACE, TITLE_WORD, PARTICLE_WORD, INITIAL)
    return _FlatWord(
        token.word, lower, kind, token.dotted, token.possessive, _ends_clause(token), inert
    )


class _FlatRun:
    """A run of flat text that makes its tokens only when the judge asks for them: it looks
    at a name's words and the last word, rarely at more."""

    __slots__ = ("_matches", "_infos", "kinds", "lowered")

    def __init__(self, matches: list[re.Match], infos: list[_FlatWord]) -> None:
        self._matches = matches
        self._infos = infos
        self.kinds = [info.kind for info in infos]
        self.lowered = [info.lower for info in infos]

    def __len__(self) -> int:
        return len(self._matches)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._token(i) for i in range(*index.indices(len(self._matches)))]
        return self._token(index if index >= 0 else index + len(self._matches))

    def _token(self, i: int) -> _Token:
        info, start = self._infos[i], self._matches[i].start()
        return _Token(info.word, start, start + len(info.word), info.possessive, info.dotted)


def _sentences(infos: list[_FlatWord]):
    """(first, last) of the words of a clause up to and including each that ends it."""
    first = 0
    for i, info in enumerate(infos):
        if info.ends_clause:
            yield first, i + 1
            first = i + 1
    if first < len(infos):
        yield first, len(infos)


def _lines_of_names(text: str, matches: list[re.Match], infos: list[_FlatWord], first, last):
    """_split_lines_of_names for the words first..last of a clause in flat text: only the
    line breaks in it are looked at."""
    given = lexicon().given
    start = first
    position = text.find("\n", matches[first].end(), matches[last - 1].start())
    while position >= 0:
        i = bisect.bisect_right(matches, position, first, last, key=re.Match.start)
        if (
            first + 2 <= i < last - 1
            and i - start >= 2
            and infos[i].lower in given
            and infos[i - 1].lower not in given
        ):
            yield start, i
            start = i
        position = text.find("\n", matches[i].end(), matches[last - 1].start())
    yield start, last


def _possessive_parts(infos: list[_FlatWord], first: int, last: int):
    """_split_possessives for the words first..last."""
    start = first
    for i in range(first, last):
        if infos[i].possessive:
            yield start, i + 1
            start = i + 1
    if start < last:
        yield start, last


def _ends_clause(token: _Token) -> bool:
    return token.dotted and not (len(token.word) == 1 or token.word.lower() in _ABBREVIATIONS)


def _token(word: str, start: int, text: str) -> _Token:
    dotted = word[-1] == "."
    bare = word.rstrip(".") if dotted else word
    # a possessive ending ("Zhovtis'", "Putin's"), looked at without a regular expression:
    # this runs for every word of every candidate run
    cut = 0
    if len(bare) > 2:
        if bare[-1] in "'’":
            cut = 1
        elif bare[-1] in "sS" and bare[-2] in "'’":
            cut = 2
    if cut:
        bare = bare[:-cut]
    return _Token(bare, start, start + len(bare), bool(cut), dotted)


def _split_possessives(tokens: list[_Token]):
    """A possessive ends a name: "Adil Soz's Tamara Kaleeva" is two runs."""
    run: list[_Token] = []
    for token in tokens:
        run.append(token)
        if token.possessive:
            yield run
            run = []
    if run:
        yield run


# --- kinds of words -------------------------------------------------------------------------

STOP, PLACE, WORD, TITLE_WORD, GIVEN_WORD, GIVEN_NAME, NAMEY, INITIAL, PARTICLE_WORD = (
    "stop",
    "place",
    "word",
    "title",
    "given-word",
    "given",
    "namey",
    "initial",
    "particle",
)
_NAME_START = (GIVEN_NAME, NAMEY)
_VOWEL = re.compile(r"[aeiouy]")
_REDACTED = re.compile(r"^x{3,}$")


@lru_cache(maxsize=200_000)
def _word_kind(word: str, flat: bool, dotted: bool) -> str:
    lex = lexicon()
    lower = word.lower().replace("’", "'")
    if len(lower) == 1:
        return STOP if word in "AI" and not dotted else INITIAL  # "A", "I": not initials
    if lower in lex.title_words:
        return TITLE_WORD
    if lower in lex.not_names or "/" in lower or "." in lower or _REDACTED.match(lower):
        return STOP  # "." inside: an abbreviation, "A.I.", "U.S."
    if _acronym(lower):
        return STOP
    if lower[-1:] == "s" and lower[:-1] in lex.title_words:
        return TITLE_WORD  # "Ayatollahs", "Generals"
    if flat and lower in lex.codes:
        return STOP  # a TAGS code: NATO, OSCE, PREL
    if lower in PARTICLES:
        return PARTICLE_WORD  # "de", and a capitalised "Al", "Le" that opens a run
    if lower in lex.places or (lower[-1:] == "s" and lower[:-1] in lex.places):
        return PLACE  # "Kazakhstan", "Qataris"
    parts = [p for p in lower.split("-") if p and p not in PARTICLES] or [lower]
    if lex.given.issuperset(parts) and (
        not flat or len(lower) > 3 or lower in lex.very_common_given
    ):  # "Jean-Francois", not "Thin-Skinned"; in capitals "JIM" but not "DEA", "BA"
        if not flat or not (parts[0] in lex.english or parts[0] in lex.english_rare):
            return GIVEN_NAME
        if parts[0] in lex.very_common_given:
            return GIVEN_WORD  # "MARK", "PETER": a given name only before a name
    if lex.english.issuperset(parts):
        return WORD
    if flat:
        if all(p in lex.english or p in lex.english_rare or _derived(p, lex) for p in parts):
            return WORD  # "DEPLOYMENT", "RENEGOTIATION"
        if len(lower) <= 3 and lower not in lex.given:
            return STOP  # "RAF", "ISI": in capitals a short unknown word is an acronym
    return NAMEY


# Derived English words: an ending, and what the stem may end with instead.
_SUFFIXES = (
    ("ations", ("ate", "e", "")),
    ("ation", ("ate", "e", "")),
    ("ments", ("",)),
    ("ment", ("",)),
    ("ness", ("",)),
    ("ities", ("", "e")),
    ("ity", ("", "e")),
    ("ings", ("", "e")),
    ("ing", ("", "e")),
    ("ized", ("ize", "")),
    ("izes", ("ize",)),
    ("ists", ("", "ism")),
    ("ist", ("", "ism")),
    ("ly", ("", "le")),
    ("ed", ("", "e")),
)
_PREFIXES = (
    "un re non anti pro counter over under up out mis pre co de dis in inter post sub super self"
).split()


def _derived(word: str, lex: Lexicon) -> bool:
    """An English word made from a known one: "deployment", "renegotiation", "decriminalize";
    not "Pershing" or "Connelly", whose stems are no words."""
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and (rest in lex.english or rest in lex.english_rare):
            return True
    for suffix, endings in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if any(stem + ending in lex.english for ending in endings):
                return True
            if stem[-1] == stem[-2] and stem[:-1] in lex.english:  # "planned"
                return True
    return False


def _acronym(lower: str) -> bool:
    """No vowel in a part of two letters or more: "DPRK", "CFC-A", "NSC"."""
    if "-" not in lower:  # the usual case, without a loop
        return len(lower) > 1 and _VOWELS.isdisjoint(lower)
    return any(len(part) > 1 and _VOWELS.isdisjoint(part) for part in lower.split("-"))


_VOWELS = frozenset("aeiouy")  # _VOWEL's letters


# --- judging a run --------------------------------------------------------------------------


def _judge_run(
    text,
    run: list[_Token],
    flat: bool,
    address: bool,
    lex,
    scan: Scan,
    hints,
    kinds=None,
    lowered=None,
):
    if len(run) == 1:
        if _dull(text, run[0], flat, lex):
            return
        if not flat and not address and _plain_surname(text, run[0], lex):
            # the common case, quickly: a lone name with nothing around it that tells more;
            # it will count only as the surname of someone named in full elsewhere
            if scan.lone_words or _LIST_BEFORE.search(text, max(0, run[0].start - 6), run[0].start):
                # kept in a list, which may share a plural title: "Generals Vargas, Bersatti"
                scan.mentions.append(Mention((run[0].word,), run[0].start, run[0].end))
            return
    if kinds is None:  # (a run of flat text comes with them)
        kinds = [_word_kind(t.word, flat, t.dotted) for t in run]
        lowered = [t.word.lower() for t in run]
    if flat and hints and NAMEY in kinds:
        kinds = [
            STOP if k == NAMEY and hints.is_acronym(w) else k
            for k, w in zip(kinds, lowered, strict=True)
        ]
    if not flat and len(run) > 1 and lowered[-1] in lex.heads:
        scan.blocked.add(tuple(lowered))  # "Almaty Helsinki Committee"
    for first, last in _cores(kinds, lowered, lex, flat):
        core = tuple(lowered[first:last])
        if _names_a_thing(text, run, kinds, lowered, first, last, flat, lex):
            scan.blocked.add(core)
            continue
        mention = _mention(text, run, kinds, first, last, flat, address, lex)
        if mention is None:
            continue
        if mention.evidence == NONE and not flat and _thing_after_article(text, mention, lex):
            scan.blocked.add(core)
        scan.mentions.append(mention)


def _plain_surname(text: str, token: _Token, lex: Lexicon) -> bool:
    """No title before the word, not a possessive, no verb, eponym or head after it."""
    if token.possessive or _may_follow_a_title(text, token.start, lex):
        return False
    following = _next_word(text, token.end)
    return not (following in lex.speech_verbs or following in lex.eponyms or following in lex.heads)


def _plain_lone_word(text: str, word: str, start: int, end: int, lex: Lexicon) -> bool:
    """The same test on a lone word not made into a token yet, for the many that fail it;
    a word in a list is kept, as the list may share a plural title."""
    if "'" in word or "’" in word or word[-1] == ".":
        return False
    kind = _word_kind(word, False, False)
    if kind in (STOP, PLACE, TITLE_WORD, PARTICLE_WORD, INITIAL):
        return True
    if kind not in (NAMEY, GIVEN_NAME, WORD):
        return False
    if _may_follow_a_title(text, start, lex):
        return False
    if kind == WORD:
        return True  # "Brown", "King": a surname only after a title
    if _LIST_BEFORE.search(text, max(0, start - 6), start):
        return False
    following = _next_word(text, end)
    return not (following in lex.speech_verbs or following in lex.eponyms or following in lex.heads)


def _dull(text: str, token: _Token, flat: bool, lex: Lexicon) -> bool:
    """A lone word that cannot be a name: most capitalised words of a cable, quickly."""
    kind = _word_kind(token.word, flat, token.dotted)
    if kind in (STOP, PLACE, TITLE_WORD, PARTICLE_WORD, INITIAL):
        return True
    if kind != WORD or token.word.lower() in lex.surname_words:
        return False
    return flat or not _may_follow_a_title(text, token.start, lex)


def _cores(kinds: list[str], lowered: list[str], lex: Lexicon, flat: bool) -> list[tuple[int, int]]:
    """(first, last) index ranges of the name-like stretches of a run."""
    i, n = 0, len(kinds)
    surnames = lex.surname_words
    cores = []  # a list, not a generator: most runs have one core, and a list is cheaper
    while i < n:
        kind = kinds[i]
        if kind in _NEVER_START or (flat and kind == WORD and lowered[i] not in surnames):
            i += 1  # most words of a long clause in capitals: skipped at once
            continue
        if (
            kinds[i] in (WORD, GIVEN_WORD)
            and not _starts_core(i, kinds, lowered, lex)
            and (_word_may_be_surname(i, kinds, lowered, lex, flat))
        ):
            cores.append((i, i + 1))  # "Secretary Rice": kept only if a title turns up before it
            i += 1
            continue
        if not _starts_core(i, kinds, lowered, lex):
            i += 1
            continue
        j = i + 1
        while j < n and _continues_core(j, kinds, lowered, lex, flat):
            j += 1
        while j > i + 1 and kinds[j - 1] in (PARTICLE_WORD, INITIAL):
            j -= 1
        i = _trim_lead(i, j, kinds, lowered, lex)
        cores.append((i, j))
        i = j
    return cores


# Kinds of word no name starts with (see _starts_core and _word_may_be_surname).
_NEVER_START = frozenset((STOP, PLACE, TITLE_WORD, PARTICLE_WORD))


def _trim_lead(i: int, j: int, kinds: list[str], lowered: list[str], lex: Lexicon) -> int:
    """Unknown words before a given name and a surname belong to what precedes the name:
    "Speaker of the Rada Volodymyr Lytvyn", "UNSCOL Michael Williams", "Sri Lanka Des Browne"."""
    if j - i >= 4 and tuple(lowered[i : i + 2]) in lex.place_phrases:
        return i + 2
    for lead in (1, 2):
        if (
            j - i >= lead + 2
            and kinds[i + lead] == GIVEN_NAME
            and all(k in (NAMEY, WORD, PLACE) for k in kinds[i : i + lead])
        ):
            return i + lead
    return i


def _starts_core(i: int, kinds: list[str], lowered: list[str], lex: Lexicon) -> bool:
    kind = kinds[i]
    following = kinds[i + 1] if i + 1 < len(kinds) else None
    if kind in _NAME_START:
        return True
    if kind == GIVEN_WORD:  # "PETER SCHROEDER", "MIKE HAMMER", but not "MARK" alone
        return following in (GIVEN_NAME, NAMEY, INITIAL) or (
            following == WORD and lowered[i + 1] in lex.surname_words
        )
    if kind == INITIAL:  # "W M Jessett", "B. PITTMAN"
        return following in (INITIAL, GIVEN_NAME, NAMEY, GIVEN_WORD) or (
            following == WORD and lowered[i + 1] in lex.surname_words
        )
    return False


def _word_may_be_surname(i: int, kinds, lowered, lex: Lexicon, flat: bool) -> bool:
    """An ordinary word ending a run after a title may be a surname ("Secretary Rice",
    "LTGen Pasha"; not "Communication Alfredo Timmermans", "MOD Commission"). In capitals,
    where every word looks like that, only the known surname-words."""
    if lowered[i] in lex.surname_words:
        return i == 0 or kinds[i - 1] == TITLE_WORD
    if flat or i + 1 < len(kinds) or lowered[i] in lex.heads or lowered[i] in lex.eponyms:
        return False
    return i == 0 or kinds[i - 1] == TITLE_WORD


def _continues_core(j: int, kinds: list[str], lowered: list[str], lex: Lexicon, flat: bool) -> bool:
    kind, previous = kinds[j], kinds[j - 1]
    if kind in (GIVEN_NAME, NAMEY, INITIAL, PARTICLE_WORD):
        return True
    if (
        kind == GIVEN_WORD
        and j + 1 < len(kinds)
        and kinds[j + 1] in (GIVEN_NAME, NAMEY, GIVEN_WORD)
    ):
        return True  # "JOSE MARIA AZNAR", not "BONO MADE"
    if previous == PARTICLE_WORD and kind in (PLACE, WORD):
        return True  # "del Rio", "da Silva"
    if kind in (WORD, TITLE_WORD, GIVEN_WORD) and previous in (GIVEN_NAME, GIVEN_WORD, INITIAL):
        # "Haakon Lie", "JIM BROWN", "YOSSI GAL"; not "Christian Democrats", "BONO MADE A"
        if lowered[j] in lex.surname_words:
            return True
        if not flat:
            return kind == WORD and lowered[j - 1] not in lex.english
        # "JUSTICE WILLIAM HEATH," "(SEGOLENE ROYAL)": a given name and a last word
        return (
            kind == WORD
            and j == len(kinds) - 1
            and previous == GIVEN_NAME
            and lowered[j - 1] in lex.common_given
            and not lowered[j].endswith(("ly", "ed", "ing"))
        )
    return False


def _names_a_thing(
    text, run: list[_Token], kinds, lowered, first: int, last: int, flat: bool, lex
) -> bool:
    """Part of the name of an organisation, a place or a ship: "San Borja", "USS Cole",
    "Mohammed Bin Rashid Foundation", "Charles de Gaulle airport", "Mato Grosso",
    "Jehovah's Witnesses", "the Guantanamo Detention Facility"."""
    core = lowered[first:last]
    if core[0] in lex.prefixes or (first and lowered[first - 1] in lex.prefixes):
        return True
    if core[-1] in lex.heads and len(core) > 1:
        return True  # "Anbar Province"
    if tuple(core) in lex.place_phrases or lex.places.issuperset(core):
        return True
    if last < len(run):
        # a capitalised ordinary word after a name makes a longer proper noun
        return lowered[last] in lex.heads or (
            not flat
            and (
                kinds[last] in (WORD, TITLE_WORD)
                or (kinds[last] == STOP and lowered[last] in lex.english)
            )
        )
    if run[-1].possessive:
        # "Jehovah's Witnesses", "General People's Congress"; not "Netanyahu's office"
        match = _NEXT_WORD.match(text, text.find(" ", run[-1].end))
        if flat or not match:
            return False
        return match.group(1)[0].isupper() and match.group(1).lower() in lex.heads
    return _next_word(text, run[-1].end, flat) in lex.heads


def _thing_after_article(text: str, mention: Mention, lex: Lexicon) -> bool:
    """ "the Adil Soz media-freedom NGO" names a thing; "the Zapatero government" a person's."""
    if not _ARTICLE.search(text[max(0, mention.start - 5) : mention.start]):
        return False
    return _next_word(text, mention.end) not in lex.eponyms


def _mention(text, run, kinds, first, last, flat, address, lex: Lexicon) -> Mention | None:
    """The core run[first:last] as a mention with its evidence; None when it is no name."""
    tokens = run[first:last]
    mention = Mention(tuple([t.word for t in tokens]), tokens[0].start, tokens[-1].end, flat=flat)
    title = title_before(text, tokens[0].start, flat, lex)
    single = last - first == 1
    if single and (kinds[first] in (WORD, GIVEN_WORD) or tokens[0].word.lower() in lex.english):
        if not title or title[2]:
            return None  # an ordinary word is a surname only right after a title
    if title and title[2] and single and last < len(run) and kinds[last] in (WORD, TITLE_WORD):
        title = None  # "ENVOY FOR CLOSURE OF THE GUANTANAMO DETENTION FACILITY"
    if title and title[2] == 1:
        title = None  # "Governor of Minas Gerais": the words after "of" are the complement
    if title:
        mention.role, mention.title_kind, _ = title
        mention.evidence = TITLE
    else:
        mention.evidence = _evidence(text, tokens, kinds[first:last], flat, address)
    return mention


def _evidence(text: str, tokens: list[_Token], kinds: list[str], flat: bool, address: bool) -> str:
    if address and (len(tokens) > 1 or _surname_shaped(tokens[0].word)):
        return ADDRESS
    if len(tokens) < 2:
        return BARE if not flat and _acts_like_a_person(text, tokens[0], kinds[0]) else NONE
    if flat and len({t.word for t in tokens}) == 1:
        return NONE  # "SHANNON SHANNON": a signature written twice (not "Abdullah Abdullah")
    if not flat and _ARTICLE.search(text[max(0, tokens[0].start - 5) : tokens[0].start]):
        return NONE  # "the Adil Soz media-freedom NGO"
    if kinds[0] in (GIVEN_NAME, GIVEN_WORD):
        if not flat and _inside_quotes(text, tokens[0].start):
            return NONE  # "Ni Putes Ni Soumises": a quoted name is the name of something
        if _sentence_start(text, tokens[0].start) and tokens[0].word.lower() in lexicon().english:
            return NONE  # "Even Calderon's own party": an English word opens the sentence
        return GIVEN
    if INITIAL in kinds[:-1]:
        return INITIALS
    quoted = not flat and _inside_brackets_or_quotes(text, tokens[0].start)
    if quoted or _LOCATIVE.search(text[max(0, tokens[0].start - 12) : tokens[0].start]):
        return NONE  # quoted, or "in Minas Gerais": capitals alone then say nothing
    if PARTICLE_WORD in kinds or any("-" in t.word[:4] for t in tokens[1:]):
        return PARTICLE
    if kinds.count(NAMEY) == len(kinds):
        return CAPITALISED
    return NONE


_LOCATIVE = re.compile(r"\b(?:in|at|from|near|into|throughout|across|outside|inside)\s+$")
_SENTENCE_END_BEFORE = re.compile(r"(?:[.!?:]|\([A-Z/]{1,6}\))[\"')”’]*\s+$")


def _sentence_start(text: str, pos: int) -> bool:
    return bool(_SENTENCE_END_BEFORE.search(text[max(0, pos - 6) : pos]))


def _acts_like_a_person(text: str, token: _Token, kind: str) -> bool:
    """A lone surname that speaks or owns: "Chavez warned", "Koroma's statements",
    "the Zapatero government"."""
    if kind != NAMEY:
        return False
    if token.possessive:
        return True
    following = _next_word(text, token.end)
    lex = lexicon()
    return following in lex.speech_verbs or following in lex.eponyms


def _surname_shaped(word: str) -> bool:
    """A lone word in an address line: a surname, not an office acronym ("ACSS", "USAU")."""
    return len(word) >= 5 and len(_VOWEL.findall(word.lower())) >= 2


def _inside_quotes(text: str, pos: int) -> bool:
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    return line.count('"') % 2 == 1 or line.count("“") > line.count("”")


def _inside_brackets_or_quotes(text: str, pos: int) -> bool:
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    return (
        line.count('"') % 2 == 1
        or line.rfind("(") > line.rfind(")")
        or (line.count("“") > line.count("”"))
    )


_ARTICLE = re.compile(r"\b(?:the|The|THE)\s+$")
_NEXT_WORD = re.compile(r"[ \t]*\r?\n?[ \t]*([A-Za-z][A-Za-z-]*)")
_NEXT_WORD_ON_LINE = re.compile(r"[ \t]*([A-Za-z][A-Za-z-]*)")


def _next_word(text: str, pos: int, flat: bool = False) -> str:
    """The word after pos, lower case; in flat text only on the same line."""
    match = (_NEXT_WORD_ON_LINE if flat else _NEXT_WORD).match(text, pos)
    return match.group(1).lower() if match else ""


# --- titles ---------------------------------------------------------------------------------

_LOOKBACK_WORD = re.compile(r"[A-Za-z][A-Za-z'’/-]*\.?|[^\sA-Za-z]")
# A byte table that lowers the letters of ASCII text, keeps the ' / - of words and makes every
# other byte a space: split, the text gives _LOOKBACK_WORD's words, lowered and without dots
# (but for a leading ' / -), much faster than a regular expression.
_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or chr(c) in "'/-" else 32 for c in range(256)
)
_CONNECTORS = frozenset("of for to on in at and the".split())
_COMPLEMENT_OPENERS = frozenset("of for to in".split())
_MAX_COMPLEMENT = 6


def title_before(text: str, pos: int, flat: bool, lex: Lexicon | None = None):
    """The title written just before text[pos]: (role as written, kind, complement length).

    A title may carry a complement opened by of/for/to/in ("Minister of Defense Jose Bono",
    "Special Envoy for Climate Change Todd Stern"); a bracketed acronym after it is skipped
    ("Special Coordinator for Lebanon (UNSCOL) Michael Williams"). None when there is none.
    """
    lex = lex or lexicon()
    if not _may_follow_a_title(text, pos, lex):
        return None
    window = text[max(0, pos - 120) : pos]
    if window.isascii() and _no_title_word(window, lex):
        return None  # no title ends anywhere in reach: spares the word-by-word look back
    words = _words_before(window, len(window), _MAX_COMPLEMENT + lex.longest_title + 1)
    lowered = [w.rstrip(".").lower() for w in words]
    for skip in range(min(len(lowered), _MAX_COMPLEMENT + 1)):
        if skip and not _may_be_complement(words[skip - 1], lowered[skip - 1], flat, lex):
            break
        found = _title_ending_at(lowered, skip, lex)
        if not found:
            continue
        size, kind = found
        if skip and (lowered[skip - 1] not in _COMPLEMENT_OPENERS or kind == "role"):
            continue  # "Minister of Defense", but not "Ambassador Smith Jones"
        return _role_text(list(reversed(words[: skip + size])), flat), kind, skip
    return None


def _no_title_word(window: str, lex: Lexicon) -> bool:
    """No word of `window` (ASCII) is the last word of a title."""
    text = window.encode().translate(_WORD_BYTES)
    words = text.split()
    if not lex.title_lasts_bytes.isdisjoint(words):
        return False
    if b"-" not in text and b"'" not in text and b"/" not in text:
        return True
    return lex.title_lasts_bytes.isdisjoint([word.lstrip(b"'/-") for word in words])


_PREVIOUS = re.compile(r"(\S+)\s*$")


def _may_follow_a_title(text: str, pos: int, lex: Lexicon) -> bool:
    """A quick look at the word before pos, to spare most words the full look back: a title
    ends there, or a capitalised word (part of a title's complement), or a particle, or ")"."""
    before = text[max(0, pos - 40) : pos].rsplit(None, 1)  # cheaper than a regular expression
    if not before:
        return False
    word = before[-1]
    if word[0].isupper() or word[-1] == ")":
        return True
    lower = word.rstrip(".,").lower()
    return lower in lex.title_lasts or lower in PARTICLES


def _may_be_complement(word: str, lower: str, flat: bool, lex: Lexicon) -> bool:
    if lower in _CONNECTORS:
        return True
    if flat:  # "MINISTER OF INTERIOR", not "COS TO RECOUNT HIS VISIT TO THE"
        known = lower in lex.english or lower in lex.english_rare or lower in lex.places
        return known and lower not in lex.not_names
    return word[0].isupper()


def _words_before(text: str, pos: int, limit: int) -> list[str]:
    """The words of the clause that ends at pos, nearest first."""
    words: list[str] = []
    for token in reversed(_LOOKBACK_WORD.findall(text[max(0, pos - 120) : pos])):
        if token == ")" and not words:
            continue
        if token == "(" and len(words) == 1:
            words.clear()  # "(UNSCOL)" between a title and a name
            continue
        if not token[0].isalpha():
            break
        if not words and token.lower() in PARTICLES:
            continue  # "PM al Maliki"
        if token.endswith(".") and len(token) > 2 and token[:-1].lower() not in _ABBREVIATIONS:
            break  # the end of the previous sentence
        words.append(token)
        if len(words) >= limit:
            break
    return words


def _title_ending_at(lowered: list[str], skip: int, lex: Lexicon) -> tuple[int, str] | None:
    """The longest title whose last word is lowered[skip] (words are nearest first)."""
    if skip >= len(lowered) or lowered[skip] not in lex.title_lasts:
        return None
    room = len(lowered) - skip
    titles = lex.titles_nearest_first
    for size in lex.title_sizes[lowered[skip]]:
        if size <= room:
            kind = titles.get(tuple(lowered[skip : skip + size]))
            if kind:
                return size, kind
    return None


def _role_text(words: list[str], flat: bool) -> str:
    """A title in normal capitalisation: "MINISTER OF INTERIOR" -> "Minister of Interior"."""
    out = []
    for i, word in enumerate(words):
        if not flat:
            out.append(word[:1].upper() + word[1:] if i == 0 else word)
        elif i and word.lower() in _CONNECTORS:
            out.append(word.lower())
        elif len(word.rstrip(".")) <= 3 or "/" in word:
            out.append(word)  # an acronym: DCM, CDA, A/S
        else:
            out.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(out)
