"""Timelines of cables per year, drawn at build time as inline SVG (no chart library).

Colours come from CSS (`currentColor` and classes), so the charts follow the light and dark
themes. Each bar has a <title> with its count, and the whole chart an accessible label.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from markupsafe import Markup


def year_chart(counts: dict[str, int], link: Callable[[str], str] | None = None,
               label: str = "Cables per year") -> Markup:
    """A bar chart of {year: count}; bars link to `link(year)` when given. Empty: no chart."""
    years = [year for year in counts if year.isdigit()]
    if not years:
        return Markup("")
    first, last = int(min(years)), int(max(years))
    span = list(range(first, last + 1))
    highest = max(counts[y] for y in years)
    bar, gap, height, top, bottom = 24, 6, 120, 16, 20
    width = len(span) * (bar + gap) + gap
    total = sum(counts[y] for y in years)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height + top + bottom}" '
        f'width="{width}" height="{height + top + bottom}" role="img" '
        f'aria-label="{escape(label)}: {total} cables, {first} to {last}">'
    ]
    for index, year in enumerate(span):
        count = counts.get(str(year), 0)
        x = gap + index * (bar + gap)
        h = round(height * count / highest) if count else 0
        y = top + height - h
        shape = (f'<rect class="bar" x="{x}" y="{y}" width="{bar}" height="{max(h, 1)}">'
                 f'<title>{year}: {count} cables</title></rect>')
        if count:
            shape += (f'<text class="count" x="{x + bar / 2}" y="{y - 3}" '
                      f'text-anchor="middle">{count}</text>')
        if count and link:
            shape = f'<a href="{escape(link(str(year)))}">{shape}</a>'
        parts.append(shape)
        if len(span) <= 12 or year % 2 == 0 or year in (first, last):
            parts.append(f'<text class="year" x="{x + bar / 2}" y="{top + height + 14}" '
                         f'text-anchor="middle">{str(year)[2:] if len(span) > 12 else year}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
