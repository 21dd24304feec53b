"""REF lines from the dev cables: cited cables and other references."""

import pytest

from sitegen.cable.references import cited_ids, find_references_text, parse_references


@pytest.mark.parametrize(
    "text, year, cited, others",
    [
        ("REF: ASTANA 0678", "09", ["09ASTANA678"], []),
        ("REF: A. 08 STATE 12345 B. MOSCOW 123", "09", ["08STATE12345", "09MOSCOW123"], []),
        (
            "REFS: A) USNATO 561  B) USNATO 464  C) VILNIUS 569 D) RIGA 514",
            "09",
            ["09USNATO561", "09USNATO464", "09VILNIUS569", "09RIGA514"],
            [],
        ),
        ("REF: SECSTATE 134796", "05", ["05STATE134796"], []),
        ("REF: A. BRASILIA 73 B. SAOPAULO 31", "09", ["09BRASILIA73", "09SAOPAULO31"], []),
        ("REF: RIO DE JANEIRO 32", "09", ["09RIODEJANEIRO32"], []),
        (
            "REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427",
            "04",
            ["04STATE297614", "03RANGOON1427"],
            [],
        ),
        (
            "REF: A. PARIS 7599 B. PARIS 7525 C. EMBASSY PARIS SIPRNET DAILY REPORT FOR NOV 9",
            "05",
            ["05PARIS7599", "05PARIS7525"],
            ["EMBASSY PARIS SIPRNET DAILY REPORT FOR NOV 9"],
        ),
        (
            "REF: EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14",
            "04",
            [],
            ["EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14"],
        ),
        (
            "Ref: a. 07 state 75839 b. State 15220 c. Berlin 195",
            "08",
            ["07STATE75839", "08STATE15220", "08BERLIN195"],
            [],
        ),
        (
            "REF: A. 05 PARIS 7528 AND PREVIOUS B. 01/11/06 PARIS POINTS",
            "06",
            ["05PARIS7528"],
            ["01/11/06 PARIS POINTS"],
        ),
        # the citing cable's year unknown: no id to make, the citation is kept as written
        ("REF: ASTANA 0678", "", [], ["ASTANA 0678"]),
    ],
)
def test_parse_references(text, year, cited, others):
    assert parse_references(text, year) == (cited, others)


@pytest.mark.parametrize(
    "text",
    [
        "reference to his statements/measures that have upset\nU.S.-Spain relations.",
        "REFERENCE IS MADE TO THE TALKS",
    ],
)
def test_words_that_start_like_a_label_are_no_ref_line(text):
    assert find_references_text(text) == ""


def test_items_run_a_b_c():
    # doubled markers, and "U.S." that is no marker
    assert parse_references("REF: A. A. BRASILIA 01206  B. B. BRASILIA 00156", "09") == (
        ["09BRASILIA1206", "09BRASILIA156"],
        [],
    )
    assert parse_references("REF: A. PARIS 12 B. U.S. EMBASSY NOTE", "09") == (
        ["09PARIS12"],
        ["U.S. EMBASSY NOTE"],
    )


def test_cited_ids_need_a_known_station():
    assert cited_ids("PARA 5 AND PAGE 12", "09") == []


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "REF: A. 05 ABU DHABI 3243 \n     B. 05 ABU DHABI 3565 \n\nClassified By: X",
            "A. 05 ABU DHABI 3243 B. 05 ABU DHABI 3565",
        ),
        ("REF: A. DUBLIN 891 \n\nB. DUBLIN 709 \n\n1. (C) Text", "A. DUBLIN 891 B. DUBLIN 709"),
        (
            "REF: A. 05 PARIS 7528 \nB. PARIS POINTS \n\nPARIS 00002069 001.2 OF 002 \n\n1. (C) X",
            "A. 05 PARIS 7528 B. PARIS POINTS",
        ),
        ("REF: STATE 193439 \n\n1. (U) Per reftel", "STATE 193439"),
        (
            ("REF: A. (A) RIO 329 B. (B) RIO 346 Classified By: Principal Officer"),
            "A. (A) RIO 329 B. (B) RIO 346",
        ),
        ("no reference", ""),
    ],
)
def test_find_references_text(text, found):
    assert find_references_text(text) == found
