"""The person pages, and the person links on cable pages.

- `person/`: every person A to Z with the number of cables naming them; `person/top/`: the
  most mentioned first.
- `person/SLUG/` (paginated like the other listings): name, description and links from the
  registry, aliases and roles seen, a timeline of mentions per year, every cable naming the
  person with the sentence that names them, the people most often named with them, and
  their most frequent tags.
- On a cable page, the first mention of each person in each paragraph links to their page.

A person page's sentences come from the cables' text, which the build keeps on disk, not in
memory: `PersonPageSpec.sources` tells the render worker which cached cables to read, and
`sentences()` finds the sentence in each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from sitegen.config import SiteConfig
from sitegen.site import urls
from sitegen.site.charts import year_chart
from sitegen.site.collections import per_year
from sitegen.site.pages import PageSpec
from sitegen.site.paginate import paginate
from sitegen.site.people import (
    People,
    PersonPage,
    PersonRef,
    co_mentioned,
    most_common,
    top_tags,
)

TOP_PEOPLE = 500  # people shown on person/top/


def person_folder(slug: str) -> str:
    return f"person/{urls.segment(slug)}/"


@dataclass
class PersonPageSpec(PageSpec):
    """A page of a person's listing; `sources` are (cache record key, reference id, the forms
    of the name in that cable) for each cable on the page, read by the render worker."""

    sources: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


def person_specs(
    people: People, config: SiteConfig, tag_folders: dict[str, str]
) -> Iterator[PageSpec]:
    """The index pages and every person's pages; `tag_folders` as the build made them."""
    yield _index_spec(people)
    yield _top_spec(people)
    for page in people.pages.values():
        yield from _person_pages(page, people, config, tag_folders)


def _index_spec(people: People) -> PageSpec:
    letters: dict[str, list] = {}
    for page in people.pages.values():
        letter = page.name[:1].upper()
        letter = letter if letter.isalpha() else "#"
        letters.setdefault(letter, []).append(_item(page))
    groups = [dict(title=letter, items=items) for letter, items in sorted(letters.items())]
    intro = (
        f"{len(people.pages)} people named in the cables, A to Z, with the number of "
        "cables naming each."
    )
    return _groups("person/", "People", groups, intro, [("Most mentioned", "person/top/")])


def _top_spec(people: People) -> PageSpec:
    ranked = people.by_count()[:TOP_PEOPLE]
    intro = "The people named in the most cables, most mentioned first."
    return _groups(
        "person/top/",
        "Most mentioned people",
        [dict(title="Most mentioned", items=[_item(p) for p in ranked])],
        intro,
        [("All people, A to Z", "person/")],
    )


def _item(page: PersonPage) -> tuple[str, int, str, str]:
    roles = ", ".join(role for role, _ in most_common(page.roles, 2))
    return page.name, len(page.cables), person_folder(page.slug), roles


def _groups(path: str, heading: str, groups: list, intro: str, views: list) -> PageSpec:
    context = dict(
        title=heading,
        heading=heading,
        intro=intro,
        groups=groups,
        chart="",
        path=path,
        description=intro,
        views=views,
    )
    return PageSpec(path, "groups.html", context, [heading, intro, repr(groups), repr(views)])


def _person_pages(
    page: PersonPage, people: People, config: SiteConfig, tag_folders: dict
) -> Iterator[PageSpec]:
    folder = person_folder(page.slug)
    chart = year_chart(per_year(page.cables), label=f"Cables naming {page.name}, per year")
    together = [(p.name, n, person_folder(p.slug), "") for p, n in co_mentioned(page, people)]
    tags = [(tag, n, tag_folders.get(tag) or urls.tag_folder(tag)) for tag, n in top_tags(page)]
    about = dict(
        name=page.name,
        description=page.description,
        links=page.links,
        aliases=page.aliases,
        roles=[role for role, _ in most_common(page.roles)],
        together=together,
        tags=tags,
        total=len(page.cables),
    )
    for listing in paginate(page.cables, config.per_page, folder):
        title = page.name if listing.number == 1 else f"{page.name} (page {listing.number})"
        first = (listing.number - 1) * config.per_page
        sources = [
            (c.record_key, c.reference_id, _forms_in(c, indexes))
            for c, indexes in zip(listing.items, page.indexes[first:], strict=False)
        ]
        context = dict(
            title=title,
            heading=page.name,
            person=about,
            page=listing,
            chart=chart,
            path=listing.path,
            description=page.description or f"{page.name}: named in {len(page.cables)} cables.",
        )
        signature = [
            title,
            repr(about),
            str(chart),
            str(listing.count),
            *(f"{c.digest}:{c.record_key}" for c in listing.items),
        ]
        yield PersonPageSpec(listing.path, "person.html", context, signature, sources)


def _forms_in(cable, indexes: tuple[int, ...]) -> tuple[str, ...]:
    """How the cable writes the person (at these positions of its `persons`): every mention
    of theirs, longest first."""
    forms: list[str] = []
    for index in indexes:
        ref = PersonRef.from_tuple(cable.persons[index])
        forms.extend((ref.name, *ref.mentions))
    return tuple(sorted(dict.fromkeys(f for f in forms if "," not in f), key=len, reverse=True))


# --- sentences ------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(]?[A-Z0-9¶])|\n[ \t]*\n")
_LONGEST = 320
_LEADING_MARKS = re.compile(r"^(?:¶?\d{1,2}\.\s*)?(?:\([A-Z/ ]{1,8}\)\s*)?")  # "3. (SBU) "


def sentence_with(text: str, forms: tuple[str, ...]) -> str:
    """The first sentence of text naming one of the forms, spaces collapsed, cut to a
    readable length around the name; a sentence of prose is preferred to a heading or a
    subject line in capitals. "" when the text does not name them."""
    first = ""
    for position, found in _mentions(text, forms)[:12]:
        sentence = _sentence_at(text, position, found)
        if _PROSE.search(sentence):
            return sentence
        first = first or sentence
    return first


_PROSE = re.compile(r"[a-z]{2,}\W+[a-z]{2,}\W+[a-z]{2,}")  # three lower-case words


def _sentence_at(text: str, position: int, found: str) -> str:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, position)]
    start = starts[-1] if starts else 0
    end_match = _SENTENCE_END.search(text, position + len(found))
    end = end_match.start() if end_match else len(text)
    sentence = _LEADING_MARKS.sub("", " ".join(text[start:end].split()))
    if len(sentence) <= _LONGEST:
        return sentence
    at = sentence.find(" ".join(found.split()))
    left = max(0, at - _LONGEST // 2)
    cut = sentence[left : left + _LONGEST]
    return ("…" if left else "") + cut.strip() + "…"


def _mentions(text: str, forms: tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, text) of every mention of the forms, in reading order."""
    found = {}
    for form in forms:
        for match in _form_pattern(form).finditer(text):
            found.setdefault(match.start(), match.group())
    return sorted(found.items())


def _form_pattern(form: str) -> re.Pattern:
    words = [re.escape(w) for w in form.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])")


def sentences(cache, sources: list[tuple[str, str, tuple[str, ...]]]) -> dict[str, str]:
    """{reference id: sentence} for the cables of a person page, read from the build cache."""
    found = {}
    for record_key, reference_id, forms in sources:
        try:
            cable = cache.read_record(record_key)["cable"]
        except Exception:  # a missing record costs the sentence, not the page
            continue
        text = "\n\n".join(filter(None, (cable.get("subject", ""), cable.get("body", ""))))
        found[reference_id] = sentence_with(text, forms)
    return found


# --- links on cable pages -------------------------------------------------------------------

_BLOCK = re.compile(r"(<(p|li|h[1-6]|td|blockquote)\b[^>]*>)(.*?)(</\2>)", re.S)
_TAG = re.compile(r"(<[^>]+>)")


def cable_people(persons: tuple) -> list[dict]:
    """The cable's people for its page: name, roles and the folder of their page (or "")."""
    people = []
    for data in persons:
        ref = PersonRef.from_tuple(data)
        people.append(
            dict(
                name=ref.name,
                roles=list(ref.roles),
                folder=person_folder(ref.slug) if ref.slug else "",
            )
        )
    return people


def link_mentions(html: str, persons: tuple, url) -> Markup:
    """Link the first mention of each person with a page, in each paragraph of a cable's
    rendered body. Only text is touched, never tags, and never text already inside a link."""
    targets = []
    for data in persons:
        ref = PersonRef.from_tuple(data)
        forms = sorted(
            {f for f in (ref.name, *ref.mentions) if f and "," not in f}, key=len, reverse=True
        )
        if ref.slug and forms:
            pattern = re.compile(
                r"(?<![\w-])(?:"
                + "|".join(r"\s+".join(re.escape(_as_html(w)) for w in f.split()) for f in forms)
                + r")(?![\w-])"
            )
            targets.append((pattern, url(person_folder(ref.slug))))
    if not targets:
        return Markup(html)

    def link_block(match: re.Match) -> str:
        opening, _name, inner, closing = match.groups()
        for pattern, href in targets:
            inner = _link_first(inner, pattern, href)
        return opening + inner + closing

    return Markup(_BLOCK.sub(link_block, html))


def _link_first(inner: str, pattern: re.Pattern, href: str) -> str:
    pieces = _TAG.split(inner)
    inside_link = 0
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            if re.match(r"<a\b", piece):
                inside_link += 1
            elif piece.startswith("</a"):
                inside_link = max(0, inside_link - 1)
            continue
        if inside_link:
            continue
        match = pattern.search(piece)
        if match:
            pieces[i] = (
                piece[: match.start()]
                + f'<a class="person" href="{escape(href)}">'
                + match.group()
                + "</a>"
                + piece[match.end() :]
            )
            return "".join(pieces)
    return inner


def _as_html(text: str) -> str:
    """Text as markdown-it writes it in HTML (it leaves apostrophes alone)."""
    return escape(text, quote=False).replace('"', "&quot;")
