"""The person pages, and the person links on cable pages.

- `person/`: every person A to Z with the number of cables naming them (or, when there are
  too many for one page, the two-letter lists `person/XX/`); `person/top/`: the most
  mentioned first.
- `person/XX/SLUG/` (paginated like the other listings): name, description and links from
  the registry, aliases and roles seen, a timeline of mentions per year, every cable naming
  the person with the sentence that names them, the people most often named with them, and
  their most frequent tags.
- On a cable page, the first mention of each person in each paragraph links to their page.

The full release names ~800,000 people, and a rebuild after one edit must not work out what
each of their pages shows: each person gets a `token`, a hash of everything their pages are
made from (name, registry entry, and for each cable naming them: its cache record, what
index pages show of it, and the names and pages of everyone it names), and a page's content
is worked out (`PageSpec.ready`) only when its key, made from the token, has changed.

The sentence naming the person in each cable is found when the cable is parsed and kept on
disk in the build cache, not in memory: `PersonPageSpec.sources` tells the render worker
which to read (`sentences()`).
"""

from __future__ import annotations

import hashlib
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
from sitegen.site.paginate import Page, paginate
from sitegen.site.people import (
    People,
    PersonPage,
    co_mentioned,
    most_common,
    split_field,
    top_tags,
)
from sitegen.site.sentences import occurrences, pick_sentence

TOP_PEOPLE = 500  # people shown on person/top/
# People per page of the A-Z index (person/ itself while there are no more than this, then
# person/XX/ for each shard). ~80 bytes of HTML each.
PEOPLE_PER_PAGE = 500


def person_folder(slug: str) -> str:
    """person/SHARD/SLUG/: the full release names ~800,000 people (extrapolated from the
    synthetic corpus), too many for one folder (hosts refuse more than ~50,000 entries), so
    people are filed by the first two letters of their slug, as a dictionary's thumb index."""
    if not _SLUG.fullmatch(slug):  # slugs are made safe already; anything else is made so
        slug = urls.segment(slug)
    return f"person/{shard(slug)}/{slug}/"


def shard(slug: str) -> str:
    """ "yevgeniy-zhovtis" -> "ye"; the largest two-letter shard holds ~3 % of people."""
    return _NOT_ALNUM.sub("", slug.lower())[:2] or "_"


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


@dataclass
class PersonPageSpec(PageSpec):
    """A page of a person's listing; `sources` are (cache record key, reference id, the
    person's positions in the cable's `persons`) for each cable on the page: the render
    worker reads the sentences naming them from the cache. `build` makes both."""

    sources: list[tuple[str, str, tuple[int, ...]]] = field(default_factory=list)

    def ready(self) -> PersonPageSpec:
        if self.build is not None:
            self.context, self.sources = self.build()
            self.build = None
        return self


def person_specs(
    people: People,
    config: SiteConfig,
    tag_folders: dict[str, str],
    per_page: int = PEOPLE_PER_PAGE,
) -> Iterator[PageSpec]:
    """The index pages and every person's pages; `tag_folders` as the build made them.
    Contexts are made by `PageSpec.ready()`, when a page is rendered."""
    set_tokens(people, tag_folders)
    yield from _index_specs(people, per_page)
    yield _top_spec(people)
    for page in people.pages.values():
        yield from _person_pages(page, people, config, tag_folders)


def person_page_count(people: People, config: SiteConfig,
                      per_page: int = PEOPLE_PER_PAGE) -> int:
    """How many pages `person_specs` makes (for the progress bar)."""
    shards: dict[str, int] = {}
    listings = 0
    for page in people.pages.values():
        key = shard(page.slug)
        shards[key] = shards.get(key, 0) + 1
        listings += max(1, -(-len(page.cables) // config.per_page))
    return 2 + listings + sum(max(1, -(-n // per_page)) for n in shards.values())


def set_tokens(people: People, tag_folders: dict[str, str]) -> None:
    """Give each person without one the fingerprint of what their pages show (see the
    module's notes). (A merge taken back from the last build keeps the tokens that cannot
    have changed: sitegen.site.kept_people.update_people.)

    A cable's part is hashed once however many people it names; the names of the others it
    names are in it because the person page lists the people named with them."""
    pages = people.pages
    by_cable: dict[int, str] = {}
    for page in pages.values():
        if page.token:
            continue
        parts = [page.slug, page.name, page.description, *page.links]
        for cable in page.cables:
            part = by_cable.get(id(cable))
            if part is None:
                named = "\x1f".join(f"{slug}\x1e{pages[slug].name}" if slug in pages else ""
                                     for slug in cable.slugs())
                # (the folders of its tags: the person's frequent tags link to them)
                tags = "\x1f".join(tag_folders.get(tag, "") for tag in cable.tags)
                part = by_cable[id(cable)] = _hash(
                    f"{cable.record_key}\x1f{cable.digest}\x1f{named}\x1d{tags}")
            parts.append(part)
        page.token = _hash("\x1d".join(parts))


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _index_specs(people: People, per_page: int) -> Iterator[PageSpec]:
    """person/: everyone A to Z while they fit on one page, else the shards A to Z; and
    person/XX/ (paginated): the people of each shard."""
    shards: dict[str, list[PersonPage]] = {}
    for page in people.pages.values():  # in name order
        shards.setdefault(shard(page.slug), []).append(page)
    total = len(people.pages)
    views = [("Most mentioned", "person/top/")]
    if total <= per_page:
        intro = (f"{total} people named in the cables, A to Z, with the number of "
                 "cables naming each.")
        everyone = list(people.pages.values())

        def by_letter() -> list[dict]:
            letters: dict[str, list] = {}
            for page in everyone:
                letter = page.name[:1].upper()
                letters.setdefault(letter if letter.isalpha() else "#", []).append(_item(page))
            return [dict(title=letter, items=items) for letter, items in sorted(letters.items())]

        yield _groups("person/", "People", by_letter, everyone, intro, views)
    else:
        letters: dict[str, list] = {}
        for key, pages in sorted(shards.items()):
            letter = key[0].upper() if key[0].isalpha() else "#"
            span = f"{pages[0].name} … {pages[-1].name}" if len(pages) > 1 else pages[0].name
            letters.setdefault(letter, []).append(
                (key.capitalize(), len(pages), f"person/{key}/", span))
        groups = [dict(title=letter, items=items) for letter, items in sorted(letters.items())]
        intro = (f"{total:,} people named in the cables, filed by the first two letters of "
                 "their page's address; each list gives the number of cables naming each.")
        context = dict(title="People", heading="People", intro=intro, groups=groups, chart="",
                       path="person/", description=intro, views=views, page=None)
        yield PageSpec("person/", "groups.html", context, [intro, repr(groups), repr(views)])
    for key, pages in sorted(shards.items()):
        heading = f"People: {key.capitalize()}"
        intro = f"{len(pages):,} people whose page's address starts with “{key}”."
        for listing in paginate(pages, per_page, f"person/{key}/"):
            yield _groups(listing.path, heading, _one_group(heading, listing.items),
                          listing.items, intro, [("All people", "person/"), *views], listing)


def _one_group(heading: str, pages: list[PersonPage]):
    return lambda: [dict(title=heading, items=[_item(page) for page in pages])]


def _top_spec(people: People) -> PageSpec:
    ranked = people.by_count(TOP_PEOPLE)
    return _groups("person/top/", "Most mentioned people", _one_group("Most mentioned", ranked),
                   ranked, "The people named in the most cables, most mentioned first.",
                   [("All people, A to Z", "person/")])


def _item(page: PersonPage) -> tuple[str, int, str, str]:
    roles = ", ".join(role for role, _ in most_common(page.roles, 2))
    return page.name, len(page.cables), person_folder(page.slug), roles


def _groups(path: str, heading: str, groups, listed: list[PersonPage], intro: str,
            views: list, listing=None) -> PageSpec:
    """A page listing people; `groups()` makes its groups, `listed` are the people on it."""
    title = heading if listing is None or listing.number == 1 else (
        f"{heading} (page {listing.number})")

    def build() -> dict:
        return dict(title=title, heading=heading, intro=intro, groups=groups(), chart="",
                    path=path, description=intro, views=views, page=listing)

    pages = f"{listing.number}/{listing.count}" if listing else ""
    signature = [title, intro, repr(views), pages, *(page.token for page in listed)]
    return PageSpec(path, "groups.html", None, signature, build)


def _person_pages(
    page: PersonPage, people: People, config: SiteConfig, tag_folders: dict
) -> Iterator[PageSpec]:
    about: dict = {}  # worked out for the first of the person's pages that is rendered

    def make_about() -> dict:
        if not about:
            about.update(
                name=page.name,
                description=page.description,
                links=page.links,
                aliases=page.aliases,
                roles=[role for role, _ in most_common(page.roles)],
                together=[(p.name, n, person_folder(p.slug), "")
                          for p, n in co_mentioned(page, people)],
                tags=[(tag, n, tag_folders.get(tag) or urls.tag_folder(tag))
                      for tag, n in top_tags(page)],
                total=len(page.cables),
                chart=year_chart(per_year(page.cables),
                                 label=f"Cables naming {page.name}, per year"),
            )
        return about

    # (Pages are numbered, not made, here: most are only compared with the last build's.)
    folder, per_page = person_folder(page.slug), config.per_page
    count = max(1, -(-len(page.cables) // per_page))
    for number in range(1, count + 1):

        def build(number=number) -> tuple[dict, list]:
            first = (number - 1) * per_page
            listing = Page(number, count, page.cables[first:first + per_page], folder)
            title = page.name if number == 1 else f"{page.name} (page {number})"
            person = dict(make_about())
            chart = person.pop("chart")
            sources = [(c.record_key, c.reference_id, indexes) for c, indexes in
                       zip(listing.items, page.indexes[first:], strict=False)]
            context = dict(
                title=title,
                heading=page.name,
                person=person,
                page=listing,
                chart=chart,
                path=listing.path,
                description=page.description
                or f"{page.name}: named in {len(page.cables)} cables.",
            )
            return context, sources

        signature = [page.token, str(number), str(count)]
        yield PersonPageSpec(urls.paged(folder, number), "person.html", None, signature, build)


# --- sentences ------------------------------------------------------------------------------


def sentences(cache, sources: list[tuple[str, str, tuple[int, ...]]]) -> dict[str, str]:
    """{reference id: sentence} for the cables of a person page: the sentences found when
    each cable was parsed, kept in the build cache beside it (sitegen.site.sentences)."""
    return {
        reference_id: pick_sentence(cache.read_sentences(record_key), indexes)
        for record_key, reference_id, indexes in sources
    }


# --- links on cable pages -------------------------------------------------------------------

_BLOCK = re.compile(r"(<(p|li|h[1-6]|td|blockquote)\b[^>]*>)(.*?)(</\2>)", re.S)
_TAG = re.compile(r"(<[^>]+>)")


def cable_people(persons: tuple) -> list[dict]:
    """The cable's people for its page: name, roles and the folder of their page (or "")."""
    return [dict(name=data[0], roles=[role for role in split_field(data, 3) if role],
                 folder=person_folder(data[1]) if data[1] else "") for data in persons]


def link_mentions(html: str, persons: tuple, url) -> Markup:
    """Link the first mention of each person with a page, in each paragraph of a cable's
    rendered body. Only text is touched, never tags, and never text already inside a link."""
    targets = []
    for data in persons:
        forms = dict.fromkeys(f for f in (data[0], *split_field(data, 2)) if f and "," not in f)
        if data[1] and forms:
            # Each form as its words written in HTML, longest form first (it wins where two
            # start at the same place); the first words tell cheaply whether a paragraph
            # can name the person at all.
            words = [[_as_html(w) for w in form.split()]
                     for form in sorted(forms, key=len, reverse=True)]
            firsts = {w[0] for w in words if w}
            targets.append((words, firsts, escape(url(person_folder(data[1])))))
    if not targets:
        return Markup(html)

    def link_block(match: re.Match) -> str:
        opening, _name, inner, closing = match.groups()
        pieces = None
        for words, firsts, href in targets:
            if not any(first in inner for first in firsts):
                continue
            if pieces is None:
                pieces = _TAG.split(inner)
            _link_first(pieces, words, href)
        return opening + ("".join(pieces) if pieces is not None else inner) + closing

    return Markup(_BLOCK.sub(link_block, html))


def _link_first(pieces: list[str], words: list[list[str]], href: str) -> None:
    """Link the first mention outside links in a paragraph split into text and tags."""
    inside_link = 0
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            if _OPENS_LINK.match(piece):
                inside_link += 1
            elif piece.startswith("</a"):
                inside_link = max(0, inside_link - 1)
            continue
        if inside_link or not piece:
            continue
        found = None  # the leftmost mention; at one place, the longest form
        for form in words:
            for start, end in occurrences(piece, form):
                if found is None or start < found[0]:
                    found = (start, end)
                break
        if found:
            start, end = found
            pieces[i : i + 1] = [piece[:start], f'<a class="person" href="{href}">',
                                 piece[start:end], "</a>", piece[end:]]
            return


_OPENS_LINK = re.compile(r"<a\b")


def _as_html(text: str) -> str:
    """Text as markdown-it writes it in HTML (it leaves apostrophes alone)."""
    return escape(text, quote=False).replace('"', "&quot;")
