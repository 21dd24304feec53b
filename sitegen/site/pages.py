"""Every page of the site except the cables' own, described as data: path, template, context.

A `PageSpec` also carries a `signature`: the strings that decide what the page shows (its
template and the digests of the cables it lists). The build hashes it into the page's key, so
an index page is rendered again only when something it shows has changed; a spec whose
context is costly to make may make it only then (`build`, `ready`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sitegen.config import SiteConfig
from sitegen.site import urls
from sitegen.site.charts import year_chart
from sitegen.site.collections import CableMeta, Collections, per_year, top
from sitegen.site.paginate import paginate

TAG_KINDS = [("subject", "Subject tags"), ("program", "Program tags"),
             ("country", "Countries"), ("organisation", "Organisations"), ("person", "People")]


@dataclass
class PageSpec:
    path: str  # site path: "tag/PHUM/" (a folder, served by its index.html) or "404.html"
    template: str
    context: dict | None  # None until `ready()`, when `build` makes it
    signature: list[str] = field(default_factory=list)
    # Makes the context, for pages whose context costs more than their signature: it is
    # only needed when the page is rendered, and a rebuild renders few pages.
    build: Callable[[], dict] | None = None

    def ready(self) -> PageSpec:
        """The spec with its context made (and without `build`, which cannot be pickled)."""
        if self.build is not None:
            self.context = self.build()
            self.build = None
        return self


def _chart(cables: list[CableMeta], config: SiteConfig):
    """The listing's timeline; each year's bar links to that year's page."""
    return year_chart(per_year(cables),
                      link=lambda year: config.base_path + urls.date_folder(year))


def _listing(folder: str, heading: str, cables: list[CableMeta], config: SiteConfig,
             intro: str = "", links: list | None = None) -> Iterator[PageSpec]:
    """The pages of one listing, `per_page` cables each, with the listing's timeline."""
    chart = _chart(cables, config)
    shown = str(chart)  # (once: a copy in each page's signature: ~140 MB at full scale)
    for page in paginate(cables, config.per_page, folder):
        title = heading if page.number == 1 else f"{heading} (page {page.number})"
        context = dict(title=title, heading=heading, intro=intro, total=len(cables), page=page,
                       chart=chart, links=links or [], path=page.path,
                       description=intro or f"{len(cables)} cables: {heading}")
        signature = [title, intro, str(len(cables)), str(page.count), shown,
                     repr(links), *(c.digest for c in page.items)]
        yield PageSpec(page.path, "listing.html", context, signature)


def _groups_page(path: str, heading: str, groups: list[dict], chart, intro: str = "") -> PageSpec:
    context = dict(title=heading, heading=heading, intro=intro, groups=groups, chart=chart,
                   path=path, description=intro or heading)
    return PageSpec(path, "groups.html", context, [heading, intro, str(chart), repr(groups)])


def _unique_folders(names: list[str], folder_of) -> dict[str, str]:
    """A folder per name; names whose folders collide ("A B" and "A-B") get "-2", "-3"..."""
    result, taken = {}, set()
    for name in names:
        folder = folder_of(name)
        number = 1
        while folder in taken:
            number += 1
            folder = folder_of(name).rstrip("/") + f"-{number}/"
        taken.add(folder)
        result[name] = folder
    return result


def index_pages(collections: Collections, config: SiteConfig, folders: dict,
                tag_meaning, tag_kind) -> Iterator[PageSpec]:
    """Home, tag, origin, date, classification and release pages."""
    everything = _chart(collections.cables, config)
    tag_folders, origin_folders = folders["tag"], folders["origin"]
    class_folders = folders["classification"]

    home = dict(
        title="", path="",
        totals=dict(cables=len(collections.cables), origins=len(collections.origins),
                    tags=len(collections.tags),
                    years=len([y for y in collections.years if y.isdigit()])),
        newest=collections.cables[:config.home_newest], chart=everything,
        top_tags=[(t, n, tag_folders[t], tag_meaning(t))
                  for t, n in top(collections.tags, config.home_top)],
        top_origins=[(o, n, origin_folders[o], "")
                     for o, n in top(collections.origins, config.home_top)],
    )
    yield PageSpec("", "home.html", home, [
        repr(home["totals"]), str(everything), repr(home["top_tags"]),
        repr(home["top_origins"]), *(c.digest for c in home["newest"])])

    # Tags, grouped by kind.
    by_kind: dict[str, list] = {kind: [] for kind, _ in TAG_KINDS}
    for tag, cables in collections.tags.items():
        kind = tag_kind(tag)
        by_kind.setdefault(kind, []).append((tag, len(cables), tag_folders[tag], tag_meaning(tag)))
    titles = dict(TAG_KINDS)
    groups = [dict(title=titles.get(kind, kind.title()), items=items)
              for kind, items in by_kind.items() if items]
    yield _groups_page("tag/", "Tags", groups, everything,
                       "Every tag, grouped by kind, with the number of cables that carry it.")
    for tag, cables in collections.tags.items():
        meaning = tag_meaning(tag)
        heading = f"{tag}: {meaning}" if meaning else f"Tag {tag}"
        yield from _listing(tag_folders[tag], heading, cables, config)

    # Origins.
    origins = [(o, len(c), origin_folders[o], "") for o, c in collections.origins.items()]
    yield _groups_page("origin/", "Origins", [dict(title="Embassies, consulates, missions",
                                                   items=origins)], everything,
                       "Where the cables were sent from.")
    for origin, cables in collections.origins.items():
        yield from _listing(origin_folders[origin], origin, cables, config)

    # Classifications.
    classes = [(c, len(v), class_folders[c], "") for c, v in collections.classifications.items()]
    yield _groups_page("classification/", "Classifications",
                       [dict(title="Classifications", items=classes)], everything)
    for name, cables in collections.classifications.items():
        yield from _listing(class_folders[name], name, cables, config)

    # Dates: years, then months.
    year_groups = []
    for year, cables in collections.years.items():
        months = [(f"{y}-{m}", len(c), urls.date_folder(y, m), "")
                  for (y, m), c in collections.months.items() if y == year]
        year_groups.append(dict(title=year, items=[(year, len(cables),
                                                    urls.date_folder(year), "all")] + months))
    yield _groups_page("date/", "Dates", year_groups, everything,
                       "Cables by the year and month they were written.")
    for year, cables in collections.years.items():
        months = [(f"{y}-{m}", len(c), urls.date_folder(y, m), "")
                  for (y, m), c in collections.months.items() if y == year]
        yield from _listing(urls.date_folder(year), f"Cables of {year}", cables, config,
                            links=months)
    for (year, month), cables in collections.months.items():
        yield from _listing(urls.date_folder(year, month), f"Cables of {year}-{month}",
                            cables, config)

    # Release dates.
    yield from _listing("released/", "Released", collections.released, config,
                        "Cables in the order WikiLeaks released them, latest release first.")


def index_page_count(collections: Collections, config: SiteConfig) -> int:
    """How many pages `index_pages` makes, without making them (for the progress bar)."""
    listings = itertools.chain(
        collections.tags.values(), collections.origins.values(),
        collections.classifications.values(), collections.years.values(),
        collections.months.values(), [collections.released])
    groups = 5  # home, tag/, origin/, classification/, date/
    return groups + sum(max(1, -(-len(cables) // config.per_page)) for cables in listings)


def folders_for(collections: Collections) -> dict[str, dict[str, str]]:
    """The folder of every tag, origin and classification: unique even when slugs collide."""
    return {
        "tag": _unique_folders(list(collections.tags), urls.tag_folder),
        "origin": _unique_folders(list(collections.origins), urls.origin_folder),
        "classification": _unique_folders(list(collections.classifications),
                                          urls.classification_folder),
    }
