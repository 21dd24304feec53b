"""Per-year timelines drawn as inline SVG at build time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sitegen.site.charts import year_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_valid_svg_with_a_bar_per_year_including_gaps():
    svg = str(year_chart({"2006": 3, "2009": 10}, link=lambda y: f"/date/{y}/"))
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    bars = root.iter(f"{SVG}rect")
    titles = [bar.find(f"{SVG}title").text for bar in bars]
    assert titles == ["2006: 3 cables", "2007: 0 cables", "2008: 0 cables", "2009: 10 cables"]
    assert 'href="/date/2009/"' in svg and 'href="/date/2007/"' not in svg
    assert 'role="img"' in svg and "13 cables, 2006 to 2009" in svg


def test_tallest_bar_is_the_largest_count():
    svg = str(year_chart({"2001": 5, "2002": 10}))
    heights = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', svg)]
    assert heights[1] == 2 * heights[0]


def test_no_years_no_chart():
    assert str(year_chart({})) == "" and str(year_chart({"undated": 4})) == ""
