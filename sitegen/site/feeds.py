"""The Atom feed of the newest cables.

No build time is written anywhere: `updated` is the newest cable's date, so an unchanged
corpus gives a byte-identical feed.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from sitegen.config import SiteConfig
from sitegen.site.collections import CableMeta


def _timestamp(created: str) -> str:
    """Atom wants RFC 3339 seconds: "2009-07-14T09:57Z" -> "2009-07-14T09:57:00Z"."""
    if len(created) == 17 and created.endswith("Z"):
        return created[:-1] + ":00Z"
    if len(created) == 10:
        return created + "T00:00:00Z"
    return created or "1970-01-01T00:00:00Z"


def atom_feed(config: SiteConfig, cables: list[CableMeta], feed_path: str = "feed.xml") -> str:
    """Atom XML for `cables` (newest first)."""
    updated = _timestamp(cables[0].created) if cables else _timestamp("")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(config.language)}">',
        f"  <title>{escape(config.title)}</title>",
        f"  <subtitle>{escape(config.description)}</subtitle>",
        f"  <id>{escape(config.absolute(''))}</id>",
        f'  <link rel="self" href="{escape(config.absolute(feed_path))}"/>',
        f'  <link rel="alternate" href="{escape(config.absolute(""))}"/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(config.title)}</name></author>",
    ]
    for cable in cables:
        url = escape(config.absolute(cable.path))
        summary = " · ".join(x for x in (cable.reference_id, cable.origin,
                                          cable.classification) if x)
        lines += [
            "  <entry>",
            f"    <title>{escape(cable.subject or cable.reference_id)}</title>",
            f"    <id>{url}</id>",
            f'    <link href="{url}"/>',
            f"    <updated>{_timestamp(cable.created)}</updated>",
            f"    <summary>{escape(summary)}</summary>",
            *(f'    <category term="{escape(tag, {chr(34): "&quot;"})}"/>' for tag in cable.tags),
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
