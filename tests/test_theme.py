"""The default theme's colours meet WCAG 2.2 AA contrast in the light and the dark scheme,
and the theme loads nothing from other sites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

THEME = Path(__file__).resolve().parent.parent / "themes" / "default"
CSS = (THEME / "static" / "style.css").read_text(encoding="utf-8")

# (text colour, background) pairs the stylesheet actually uses for text.
TEXT_PAIRS = [("fg", "bg"), ("muted", "bg"), ("muted", "soft"), ("link", "bg"), ("link", "soft"),
              ("link", "summary-bg"), ("visited", "bg"), ("accent", "bg"), ("label-fg", "label-bg"),
              ("fg", "summary-bg"), ("fg", "comment-bg"), ("fg", "soft"), ("bg", "fg")]
# Non-text parts (focus outline, chart bars) need 3:1.
GRAPHIC_PAIRS = [("focus", "bg"), ("bar", "bg")]


def palette(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


def schemes() -> dict[str, dict[str, str]]:
    light = palette(CSS.split("@media (prefers-color-scheme: dark)")[0])
    dark_block = CSS.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]
    return {"light": light, "dark": {**light, **palette(dark_block)}}


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_meets_wcag_aa(scheme):
    colours = schemes()[scheme]
    for fg, bg in TEXT_PAIRS:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (scheme, fg, bg)
    for fg, bg in GRAPHIC_PAIRS:
        assert contrast(colours[fg], colours[bg]) >= 3, (scheme, fg, bg)


def test_dark_scheme_changes_the_colours():
    light, dark = schemes()["light"], schemes()["dark"]
    assert light["bg"] != dark["bg"] and light["fg"] != dark["fg"]


def test_no_third_party_assets():
    for path in THEME.rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path
            assert "@import" not in text and "url(http" not in text, path
