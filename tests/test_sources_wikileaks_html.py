"""Reading pages of the WikiLeaks mirror: text of the two <pre> blocks and the metadata table."""

import json
from pathlib import Path

import pytest

from sitegen.sources.record import SourceProblem, SourceRecord
from sitegen.sources.wikileaks_html import parse_page, read_wikileaks_html

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PAGES = CORPUS / "cablegate-html" / "cable"

# A page reduced to what the reader looks at, in the mirror's own markup.
PAGE = """<html><body><div class='pane big'>
<table class='cable'>
<tr><th>Reference ID</th><th>Created</th><th>Released</th>
<th>Classification</th><th>Origin</th></tr>
<tr>
<td><a href='/cable/2009/01/09LAPAZ96.html'>09LAPAZ96</a></td>
<td><a href='/date/2009-01_0.html'>2009-01-23 13:01</a></td>
<td><a href='/reldate/2010-11-30_0.html'>2010-11-30 21:09</a></td>
<td><a href='/classification/2_0.html' title='confidential'>CONFIDENTIAL</a></td>
<td><a href='/origin/58_0.html'>Embassy La Paz</a></td>
</tr></table>
<code><pre>VZCZCXYZ0000&#x000A;PP RUEHWEB&#x000A;&#x000A;DE RUEHLP #0096/01 0231326</pre></code>
<code><pre>SIPDIS <br>&#x000A;TAGS: <a href='/tag/PGOV_0.html'>PGOV</a> \
<a href='/tag/BL_0.html'>BL</a>&#x000A;\
REF: A. 08 LAPAZ 2606 <br>&#x000A;<a id='parB' href='#parB'>¶</a>B. LA PAZ 6 <br>&#x000A;&#x000A;\
<a id='par1' href='#par1'>¶</a>1. (C) HYPERTENSION & DIABETES &lt;b&gt; &amp;c</pre></code>
</div></body></html>"""


def test_text_is_the_two_blocks_joined_by_a_blank_line():
    record = parse_page(PAGE, "p.html")
    assert record.text == (
        "VZCZCXYZ0000\nPP RUEHWEB\n\nDE RUEHLP #0096/01 0231326"
        "\n\n"
        "SIPDIS \nTAGS: PGOV BL\nREF: A. 08 LAPAZ 2606 \nB. LA PAZ 6 \n\n"
        "1. (C) HYPERTENSION & DIABETES <b> &c"
    )
    assert record.location == "p.html"


def test_metadata_table_uses_cable_field_names_and_iso_dates():
    assert parse_page(PAGE).metadata == {
        "reference_id": "09LAPAZ96",
        "created": "2009-01-23T13:01Z",
        "released": "2010-11-30T21:09Z",
        "classification": "CONFIDENTIAL",
        "origin": "Embassy La Paz",
    }


def test_bad_date_in_table_is_a_warning_not_a_value():
    record = parse_page(PAGE.replace("2009-01-23 13:01", "2009-13-45 13:01"))
    assert "created" not in record.metadata
    assert any("Created" in warning for warning in record.warnings)


def test_page_without_pre_block_is_a_problem(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html><body><p>Not a cable</p></body></html>")
    problem = read_wikileaks_html(page)
    assert isinstance(problem, SourceProblem)
    assert problem.location == str(page)
    assert "<pre>" in problem.message


def test_missing_file_is_a_problem(tmp_path):
    problem = read_wikileaks_html(tmp_path / "gone.html")
    assert isinstance(problem, SourceProblem)
    assert "cannot read" in problem.message


def test_broken_utf8_is_decoded_with_a_warning(tmp_path):
    page = tmp_path / "broken.html"
    page.write_bytes(PAGE.replace("DIABETES", "DIAB\xc9TES").encode("cp1252"))
    record = read_wikileaks_html(page)
    assert isinstance(record, SourceRecord)
    assert "DIABÉTES" in record.text
    assert record.warnings and "UTF-8" in record.warnings[0]


@pytest.mark.parametrize(
    "page, starts, contains",
    [
        (
            "2006/03/06LAPAZ906.html",
            "VZCZCXRO8861\nPP RUEHLMC\nDE RUEHLP #0906/01 0901326\n",
            "REF: A. LA PAZ 00691 \n\nB. LA PAZ 00600 \nC. LA PAZ 00406 \n",
        ),
        (
            "2009/01/09LAPAZ96.html",
            "VZCZCXYZ0000\nPP RUEHWEB\n\nDE RUEHLP",
            "DIA WASHINGTON DC\n\nSIPDIS \n\nE.O. 12958: DECL: 01/21/2019 \n"
            "TAGS: PGOV KDEM PREL PHUM PINR ENVR BL\n",
        ),
    ],
)
def test_real_pages(page, starts, contains):
    record = read_wikileaks_html(PAGES / page)
    assert record.text.startswith(starts)
    assert contains in record.text
    assert "¶" not in record.text and "<a" not in record.text


def test_every_dev_page_matches_the_truth_file():
    truth = {}
    for line in (CORPUS / "cablegate-truth.jsonl").read_text().splitlines():
        entry = json.loads(line)
        truth[entry["reference_id"]] = entry
    pages = sorted(PAGES.rglob("*.html"))
    assert len(pages) == 392
    for page in pages:
        record = read_wikileaks_html(page)
        expected = truth[page.stem]
        assert record.metadata["reference_id"] == page.stem
        assert record.metadata["created"] == expected["created"].replace(" ", "T") + "Z"
        assert record.metadata["released"] == expected["released"].replace(" ", "T") + "Z"
        assert record.metadata["classification"] == expected["classification"]
        assert record.metadata["origin"] == expected["origin"]
        assert record.warnings == []
        assert "¶" not in record.text
