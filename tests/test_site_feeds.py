"""The Atom feed: valid XML, escaped titles, no build timestamp."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sitegen.config import SiteConfig
from sitegen.site.collections import CableMeta
from sitegen.site.feeds import atom_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_entries_and_updated_come_from_the_cables():
    config = SiteConfig(base_url="https://example.org/c/")
    cables = [CableMeta("09ASTANA1182", "2009-07-14T09:57Z", "A <b>&</b> \"title\"",
                        "Embassy Astana", "SECRET", tags=("PHUM", "KZ")),
              CableMeta("08ASTANA1", "2008-01-01T00:00Z", "", "Embassy Astana", "")]
    feed = atom_feed(config, cables)
    root = ET.fromstring(feed)
    assert root.find(f"{ATOM}updated").text == "2009-07-14T09:57:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ['A <b>&</b> "title"', "08ASTANA1"]
    assert (entries[0].find(f"{ATOM}id").text
            == "https://example.org/c/cable/2009/07/09ASTANA1182.html")
    assert [c.get("term") for c in entries[0].findall(f"{ATOM}category")] == ["PHUM", "KZ"]
    assert atom_feed(config, cables) == feed  # same input, same bytes
