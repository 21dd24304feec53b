"""Cable text -> Markdown -> HTML: every word kept, nothing interpreted as markup."""

from __future__ import annotations

import re

import pytest
import yaml
from pagetext import visible_text, words

from sitegen.cable.model import Cable, Paragraph
from sitegen.markdown import Links, body_markdown, cable_document, escape, render, render_body

LINKS = Links(tag_url=lambda tag: f"/tag/{tag}/",
              cable_url=lambda ref: f"/cable/2009/06/{ref}.html" if ref == "09ASTANA1012" else None,
              tags=["PHUM", "PREL", "KZ"])


def html_of(body: str) -> str:
    html = render_body(body_markdown(body, LINKS))
    assert html == render(body_markdown(body, LINKS))  # the fast renderer changes nothing
    return html


def shown(body: str) -> str:
    """What a reader sees of a body, without the added paragraph signs."""
    return visible_text(html_of(body)).replace("¶ ", "").replace("¶", "")


HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "*a* and **b** and _c_ and __d__",
    "# x",
    "## not a heading either",
    "1. x",
    "2) y",
    "- item",
    "+ item",
    "> quoted",
    "---",
    "***",
    "    indented code",
    "```\nfenced\n```",
    "~~~\nfenced\n~~~",
    "<http://example.org/>",
    "![image](http://example.org/a.png)",
    "title\n===",
    "title\n---",
    "&amp; &lt;b&gt; &#x41; &copy;",
    "`code` and ``more``",
    "back\\slash \\* \\[",
    "{{ config }} {% raw %} {# comment #}",
    "{#par1 .summary}",
    "text\n{#par9}",
    "| a | b |\n|---|---|",
    "~~struck~~",
    "<!-- comment --> <b onclick=x>bold</b>",
    "[link][ref]\n\n[ref]: javascript:alert(1)",
    "a_b_c MY_VAR 3*4*5",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(text):
    html = html_of(text)
    assert shown(text) == re.sub(r"\s+", " ", text).strip()
    for markup in ("<script", "<em", "<strong", "<h1", "<h2", "<ol", "<ul", "<blockquote",
                   "<hr", "<img", "<table", "<del", 'href="javascript', "<b ", "<!--"):
        assert markup not in html, (markup, html)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_inside_a_numbered_paragraph(text):
    body = f"1. (SBU) Before.\n{text}\nAfter."
    assert "<script" not in html_of(body)
    assert shown(body).replace("(SBU)", "").split() == (
        "1. " + re.sub(r"\s+", " ", f"Before. {text} After.")).split()


def test_escape_covers_every_inline_special_character():
    assert escape("*_`[]<>{}|~&#\\") == r"\*\_\`\[\]\<\>\{\}\|\~\&\#\\"


SEED_BODY = """UNCLAS SECTION 01 OF 02 ASTANA 001182

SENSITIVE
SIPDIS

STATE FOR SCA/CEN, DRL

E.O. 12958: N/A

TAGS: [PHUM](#) [PREL](#) [KZ](#)

SUBJECT: KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED WITH KAZAKHSTAN'S
PROGRESS ON DEMOCRATIZATION AND HUMAN RIGHTS

REF: 09ASTANA 1012

1. (U) Sensitive but unclassified. Not for public Internet.

2. (SBU) SUMMARY: On June 22, several leading civil society activists briefed members of
the diplomatic community. END SUMMARY.

POLITICAL RIGHTS ON THE DECLINE?

3. (SBU) Yevgeny Zhovtis asserted that little progress has been made.

4. (C) COMMENT: The activists were frank.

5. (S//NF) They asked for help. END COMMENT.

6. (U) The end.

HOAGLAND
"""


@pytest.fixture(scope="module")
def seed_html():
    return html_of(SEED_BODY)


def test_every_word_in_order(seed_html):
    assert words(visible_text(seed_html)) == words(SEED_BODY.replace("(#)", ""))


def test_paragraph_anchors_count_numbered_paragraphs(seed_html):
    assert re.findall(r'<p id="(par\d+)"', seed_html) == [f"par{n}" for n in range(1, 7)]
    assert '<a href="#par3">¶</a> 3.' in seed_html


def test_markings_are_labels(seed_html):
    assert "<code>(SBU)</code>" in seed_html and "<code>(S//NF)</code>" in seed_html


def test_all_caps_heading_after_paragraphs_began(seed_html):
    assert "<h3>POLITICAL RIGHTS ON THE DECLINE?</h3>" in seed_html
    assert "<h3>SIPDIS" not in seed_html and "<h3>HOAGLAND" not in seed_html


def test_summary_and_comment_blocks_are_set_apart(seed_html):
    assert '<p id="par2" class="summary">' in seed_html
    assert '<p id="par4" class="comment">' in seed_html
    assert '<p id="par5" class="comment">' in seed_html
    assert '<p id="par6">' in seed_html  # the comment ended in paragraph 5


def test_tags_and_known_references_are_linked(seed_html):
    assert '<a href="/tag/PHUM/">PHUM</a>' in seed_html
    assert '<a href="/cable/2009/06/09ASTANA1012.html">09ASTANA 1012</a>' in seed_html


def test_unknown_references_stay_plain_text():
    assert "<a" not in html_of("REF: 08STATE 123456")


def test_summary_without_end_marks_one_paragraph_only():
    html = html_of("1. (C) Summary: short.\n\n2. (C) Next.\n")
    assert '<p id="par1" class="summary">' in html and '<p id="par2">' in html


def test_list_lines_keep_their_line_breaks():
    html = html_of("1. (U) Points:\n-- first\n-- second\n")
    assert html.count("<br />") == 2


def test_aligned_columns_become_a_code_block():
    table = "NAME      VOTES\nSMITH     1200\nJONES      800"
    html = html_of(table)
    assert "<pre><code" in html and "SMITH     1200" in html


def test_document_has_front_matter_with_every_field():
    cable = Cable(reference_id="09ASTANA1182", created="2009-07-14T09:57Z", tags=["PHUM"],
                  subject="KAZAKHSTAN: <b>", body="1. (U) Text *x*.",
                  paragraphs=[Paragraph(1, "Text *x*.", "U")], header="O 140957Z JUL 09")
    document = cable_document(cable, LINKS, url="http://x/cable/2009/07/09ASTANA1182.html")
    _, front, body = document.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert set(cable.to_dict()) - {"body", "paragraphs"} <= set(meta)
    assert "body" not in meta and "paragraphs" not in meta  # they are the Markdown body
    assert meta["subject"] == "KAZAKHSTAN: <b>" and meta["header"] == "O 140957Z JUL 09"
    assert meta["url"].endswith("09ASTANA1182.html")
    # what Hugo and Eleventy read: RFC 3339 date with seconds, a title
    assert meta["date"] == "2009-07-14T09:57:00Z" and meta["title"] == "KAZAKHSTAN: <b>"
    assert r"\*x\*" in body and "{#par1}" in body


@pytest.mark.parametrize("block, heading", [
    ("POLITICAL RIGHTS ON THE DECLINE?", "POLITICAL RIGHTS ON THE DECLINE?"),
    ("Tadic Meeting\n------------", "Tadic Meeting"),
    ("--------------------\nAlvaro Garcia Linera", "Alvaro Garcia Linera"),
    ("LET'S GET BEYOND THE HEADLINES ------------------------------",
     "LET'S GET BEYOND THE HEADLINES"),
    ("- - - - - - - - - - - - -\nMAS Victory Seems Assured", "MAS Victory Seems Assured"),
    ("//THE ALLEGATIONS//", "//THE ALLEGATIONS//"),
    ("ASTANA 00001182 002 OF 002", None),  # a page-continuation line
    ("BISHKEK 00000135  002.2 OF 002", None),
    ("XXXXXXXXXXXX", None),  # a redaction
    ("END SUMMARY.", None),
    ("A sentence in ordinary case.", None),
])
def test_section_headings(block, heading):
    html = html_of(f"1. (C) First.\n\n{block}\n\n2. (C) Second.\n")
    found = re.findall(r"<h3>(.*?)</h3>", html)
    assert found == ([heading] if heading else [])


def test_paragraph_cut_by_a_page_break_is_joined_again():
    body = ("5. (SBU) Defendants face a distinct disadvantage in the\n\n"
            "courtroom: the acquittal rate is just 0.9 percent.\n\n6. (SBU) Next.\n")
    html = html_of(body)
    assert re.findall(r"<p[^>]*>", html) == ['<p id="par1">', '<p id="par2">']
    assert "disadvantage in the courtroom:" in html
