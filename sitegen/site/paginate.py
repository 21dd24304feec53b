"""Long listings split into numbered pages: `tag/PHUM/`, `tag/PHUM/page/2/`, ..."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.site import urls


@dataclass
class Page:
    number: int  # 1-based
    count: int  # number of pages in the listing
    items: list
    folder: str  # the listing's first page: "tag/PHUM/"

    @property
    def path(self) -> str:
        return urls.paged(self.folder, self.number)

    @property
    def previous_path(self) -> str | None:
        return urls.paged(self.folder, self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return urls.paged(self.folder, self.number + 1) if self.number < self.count else None


def paginate(items: list, per_page: int, folder: str) -> list[Page]:
    """At least one page, even for an empty listing."""
    count = max(1, -(-len(items) // per_page))
    return [Page(n + 1, count, items[n * per_page:(n + 1) * per_page], folder)
            for n in range(count)]
