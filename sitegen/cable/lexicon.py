"""The word tables the person finder reads: titles, given names, English words, places, cues.

All are data files under `sitegen/cable/data/` (plus the given-name dictionary shipped by the
`gender-guesser` package), loaded once per process and kept as frozensets of lower-case words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from sitegen.cable.glossary import glossary
from sitegen.cable.names import strip_accents

_DATA = "sitegen.cable.data"
# In nam_dict.txt a frequency digit per country (1 = rare ... D = extremely common) sits in
# these columns; a name at least this common somewhere is a "common" given name.
_FREQUENCY_COLUMNS = slice(30, 86)
_COMMON = 3
_VERY_COMMON = 5
_CONNECTORS = frozenset("of for to on in at and the".split())


@dataclass(frozen=True)
class Lexicon:  # frozen, but cached_property may still store its value in __dict__
    english: frozenset[str]  # ordinary English words
    english_rare: frozenset[str]  # rarer ones, read only in text written in capitals
    given: frozenset[str]  # given names (any frequency), accents stripped
    common_given: frozenset[str]  # given names common in at least one country
    very_common_given: frozenset[str]  # "Mark", "Peter": names even when also English words
    titles: dict[tuple[str, ...], str]  # ("prime", "minister") -> "office"
    title_lasts: frozenset[str]  # last words of titles, for a quick first test
    title_words: frozenset[str]  # every word of a title ("prime", "minister", "dcm")
    longest_title: int
    not_names: frozenset[str]  # never part of a person's name
    speech_verbs: frozenset[str]  # "said", "warned": what people do in cables
    heads: frozenset[str]  # "Committee": a run ending here is an organisation or a place
    eponyms: frozenset[str]  # "government": may follow a person's surname
    prefixes: frozenset[str]  # "San", "USS": a run starting here is a place or a ship
    places: frozenset[str]
    place_phrases: frozenset[tuple[str, ...]]  # ("diego", "garcia")
    codes: frozenset[str]  # TAGS codes of three letters or more ("nato", "prel")
    surname_words: frozenset[str]  # "rice", "bush": surnames that are also English words

    @cached_property
    def titles_nearest_first(self) -> dict[tuple[str, ...], str]:
        """titles keyed by their words last first, as a look back from a name reads them."""
        return {tuple(reversed(title)): kind for title, kind in self.titles.items()}

    @cached_property
    def title_sizes(self) -> dict[str, tuple[int, ...]]:
        """The lengths of the titles ending with each word, longest first."""
        sizes: dict[str, set[int]] = {}
        for title in self.titles:
            sizes.setdefault(title[-1], set()).add(len(title))
        return {last: tuple(sorted(found, reverse=True)) for last, found in sizes.items()}

    @cached_property
    def title_lasts_bytes(self) -> frozenset[bytes]:
        """title_lasts as bytes, for a quick look for them in text made bytes."""
        return frozenset(word.encode() for word in self.title_lasts)

    @cached_property
    def dull_flat(self) -> frozenset[str]:
        """Words that make no name in capitals or Title Case: the dull words in every case,
        and whatever is not a word (numbers, markings)."""
        words = (self.english | self.not_names | self.title_words | self.places) - (
            self.surname_words | self.given
        )
        upper = {w.upper() for w in words}
        return frozenset(
            self.dull_capitalised
            | upper
            | words
            | {"(C)", "(S)", "(U)", "(SBU)", "-", "--", "(C/NF)", "(S/NF)"}
        )

    @cached_property
    def dull_capitalised(self) -> frozenset[str]:
        """Capitalised words that are never part of a name in mixed-case text ("The",
        "Committee", "Kazakhstan"): English words, titles, places, bar surname-words."""
        words = (self.english | self.not_names | self.title_words | self.places) - (
            self.surname_words
        )
        letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        return frozenset(
            [w[:1].upper() + w[1:] for w in words] + letters + [f"{c}." for c in letters]
        )


def _lines(name: str) -> list[str]:
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _given_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Given names from gender-guesser's nam_dict.txt (Jörg Michael, GNU FDL), as shipped:
    all of them, the common ones, the very common ones."""
    path = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    names: set[str] = set()
    common: set[str] = set()
    very_common: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        # Skip comments, the "=" equivalence lines, and the duplicate "+" umlaut spellings.
        if line.startswith(("#", "=")) or len(line) < 31 or line[29] == "+":
            continue
        frequency = max(line[_FREQUENCY_COLUMNS].replace("$", " ").strip() or "0")
        for part in line[3:29].strip().replace("+", " ").replace("-", " ").split():
            word = strip_accents(part).lower()
            names.add(word)
            if frequency.upper() >= str(_COMMON):
                common.add(word)
            if frequency.upper() >= str(_VERY_COMMON):
                very_common.add(word)
    return frozenset(names), frozenset(common), frozenset(very_common)


@cache
def lexicon() -> Lexicon:
    """The tables, loaded on first use."""
    titles: dict[tuple[str, ...], str] = {}
    for line in _lines("person_titles.tsv"):
        title, kind = line.split("\t")
        titles[tuple(title.replace(".", "").lower().split())] = kind
    heads, eponyms, prefixes = set(), set(), set()
    for line in _lines("non_person_cues.tsv"):
        word, _kind, where = line.split("\t")
        {"head": heads, "eponym": eponyms, "prefix": prefixes}[where].add(word.lower())
    given, common_given, very_common_given = _given_names()
    places = [tuple(line.lower().split()) for line in _lines("places.txt")]
    not_names = [line.lower().split("\t") for line in _lines("not_person_words.tsv")]
    return Lexicon(
        english=frozenset(w.strip() for w in _lines("english_words.txt")),
        english_rare=frozenset(w.strip() for w in _lines("english_words_rare.txt")),
        given=given,
        common_given=common_given,
        very_common_given=very_common_given,
        titles=titles,
        title_lasts=frozenset(t[-1] for t in titles),
        title_words=frozenset(w for t in titles for w in t if w not in _CONNECTORS),
        longest_title=max(len(t) for t in titles),
        not_names=frozenset(row[0] for row in not_names),
        speech_verbs=frozenset(row[0] for row in not_names if row[1] == "verb"),
        heads=frozenset(heads),
        eponyms=frozenset(eponyms),
        prefixes=frozenset(prefixes),
        places=frozenset(p[0] for p in places if len(p) == 1),
        place_phrases=frozenset(p for p in places if len(p) > 1),
        codes=frozenset(code.lower() for code in glossary() if len(code) >= 3),
        surname_words=frozenset(w.strip().lower() for w in _lines("surname_words.txt")),
    )
