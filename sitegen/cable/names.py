"""Person names: normal capitalisation, slugs and spelling-insensitive keys.

Cables write the same name many ways: `ZHOVTIS` in an ALL-CAPS cable, `Yevgeniy` and
`Yevgeny` a paragraph apart, `al-Maliki` and `al Maliki`, `CLINTON, HILLARY` in TAGS. The
keys built here let the extractor and the cross-corpus merge compare names without caring
about case, accents, punctuation or the usual transliteration variants. They are deliberately
conservative: vowels stay in surnames (so `al-Malki` and `al-Maliki` stay apart).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Lowercase words that join the parts of a name ("Rito Alejo del Rio", "Tamim bin Hamad").
PARTICLES = frozenset(
    "al el ad as ash az bin ibn bint abu de da das do dos di del della du la le van von der den"
    " ter y".split()
)
# Particles written glued to the next part with a hyphen ("al-Sadr", "el-Hilweh").
_GLUED_PARTICLE = re.compile(r"^(al|el|ad|as|ash|az|bin|ibn|abu)-", re.IGNORECASE)
# Transliteration variants folded together in keys, applied in order.
_FOLDS = (
    ("ye", "e"),  # Yevgeny / Evgeny, Kaleyeva / Kaleeva
    ("yu", "iu"),
    ("iy", "i"),  # Yevgeniy / Yevgeny
    ("y", "i"),  # Yanukovych / Yanukovich
    ("kh", "h"),  # Mikhail / Mihail
    ("ph", "f"),
    ("ck", "k"),
    ("ou", "u"),  # Moussa / Musa
)
_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiouy]")


def strip_accents(text: str) -> str:
    """`Ségolène` -> `Segolene`: the cables are ASCII, editors may not be."""
    if text.isascii():  # nothing to strip, and the usual case
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def part_key(part: str) -> str:
    """A spelling-insensitive key for one part of a name (a surname, a given name)."""
    key = _GLUED_PARTICLE.sub("", strip_accents(part).lower())
    key = _NOT_LETTER.sub("", key)
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


@lru_cache(maxsize=65536)
def given_key(part: str) -> str:
    """A looser key for given names: first letter and consonants (Mohammad, Muhammad, Mohamed)."""
    key = part_key(part)
    return key[:1] + _VOWELS.sub("", key[1:])


def name_parts(name: str) -> list[str]:
    """The meaningful parts of a name: no particles, no initials, no dots."""
    return list(_name_parts(name))


@lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple[str, ...]:
    parts = []
    for token in name.replace(",", " ").split():
        bare = token.strip(".'’")
        if len(bare) <= 1 or bare.lower() in PARTICLES:
            continue
        parts.append(bare)
    return tuple(parts)


def initials(name: str) -> list[str]:
    """Single-letter parts of a name ("E." in "Richard E. Hoagland"), upper case."""
    return [t.strip(".").upper() for t in name.split() if len(t.strip(".")) == 1]


@lru_cache(maxsize=65536)
def display_case(word: str) -> str:
    """Normal capitalisation for one word of a name written in capitals or lower case.

    `ZHOVTIS` -> `Zhovtis`, `DLAMINI-ZUMA` -> `Dlamini-Zuma`, `MCGEE` -> `McGee`,
    `O'BRIEN` -> `O'Brien`, `AL-SADR` -> `al-Sadr`, `BIN` -> `bin`. Mixed-case words
    (`LeBaron`, `al-Maliki`) are kept as written.
    """
    if not (word.isupper() or word.islower()):
        return word
    lower = word.lower()
    if lower in PARTICLES:
        return lower
    pieces = lower.split("-")
    out = []
    for i, piece in enumerate(pieces):
        if i == 0 and len(pieces) > 1 and piece in PARTICLES:
            out.append(piece)
        else:
            out.append(_capitalise(piece))
    return "-".join(out)


def _capitalise(piece: str) -> str:
    if len(piece) > 2 and piece.startswith("mc"):
        return "Mc" + piece[2:].capitalize()
    for mark in ("'", "’"):
        if mark in piece[1:3]:
            head, _, tail = piece.partition(mark)
            return head.capitalize() + mark + tail.capitalize()
    return piece.capitalize()


@lru_cache(maxsize=65536)
def display_name(name: str) -> str:
    """A whole name in normal capitalisation; a name's first particle keeps its capital."""
    words = [display_case(w) for w in name.split()]
    if words and words[0].islower():
        words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def from_tag(tag: str) -> str:
    """A person tag as a name: `STEINBERG, JAMES B.` -> `James B. Steinberg`."""
    surname, _, given = tag.partition(",")
    words = " ".join([given.strip(), surname.strip()]).split()
    return display_name(" ".join(words))


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """URL-safe slug: `Yevgeniy Zhovtis` -> `yevgeniy-zhovtis`, never empty."""
    slug = _SLUG_DROP.sub("-", strip_accents(name).lower()).strip("-")
    return slug or "person"


def forget_names() -> None:
    """Empty the caches of the functions above. Filled by merging a corpus's people (up to
    65,536 names each), what they hold, scattered among long-lived objects, keeps freed
    memory from being reused or given back (~80 MB at 10,000 cables)."""
    for cached in (part_key, given_key, _name_parts, display_case, display_name, slugify):
        cached.cache_clear()
