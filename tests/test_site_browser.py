"""The demo site in headless Chromium: browse home -> tag -> cable -> cited cable, no console
errors, the skip link works, nothing overflows a phone screen. Screenshots at 390 and 1280 px
go to build/test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


def citing_cable(site: Path) -> tuple[str, str, str]:
    """(tag, citing cable path, cited cable path) for a demo cable citing another one."""
    for page in sorted((site / "cable").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        references = html.split('id="references-heading"')[1].split("</section>")[0]
        cited = re.search(r'href="(/cable/[^"]+\.html)"', references)
        tag = re.search(r'href="/tag/([^"/]+)/"', html)
        if cited and tag:
            return tag.group(1), "/" + page.relative_to(site).as_posix(), cited.group(1)
    pytest.fail("no demo cable cites another demo cable")


@pytest.mark.parametrize("width", [390, 1280])
def test_home_tag_cable_cited_cable(browser, demo_site, demo_server, width):
    tag, citing, cited = citing_cable(demo_site)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(demo_server + "/")
    page.screenshot(path=ARTIFACTS / f"home-{width}.png", full_page=True)
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Tags").click()
    page.locator(f'main a[href="/tag/{tag}/"]').first.click()
    page.wait_for_url(f"**/tag/{tag}/")
    page.screenshot(path=ARTIFACTS / f"tag-{width}.png", full_page=True)
    while page.locator(f'main a[href="{citing}"]').count() == 0:
        page.get_by_role("link", name="Older →").click()  # the cable is on a later page
    page.locator(f'main a[href="{citing}"]').first.click()
    page.wait_for_url(f"**{citing}")
    page.screenshot(path=ARTIFACTS / f"cable-{width}.png", full_page=True)
    page.locator(f'.references a[href="{cited}"]').click()
    page.wait_for_url(f"**{cited}")
    assert page.locator("h1").inner_text().strip()
    page.screenshot(path=ARTIFACTS / f"cited-cable-{width}.png", full_page=True)

    assert errors == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.close()


def test_skip_link_moves_focus_to_the_content(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0  # shown on screen while focused
    page.keyboard.press("Enter")
    # The fragment navigation is reported to Playwright asynchronously: wait for it
    # (a timeout fails the test) rather than read page.url at once.
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)
    page.wait_for_function("document.activeElement.id === 'main'", timeout=5000)
    page.close()


def test_dark_scheme_applies(browser, demo_server):
    page = browser.new_page(color_scheme="dark")
    page.goto(demo_server + "/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 23, 26)"
    page.close()
