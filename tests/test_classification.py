"""Classification lines, caveats, `Classified By:` and E.O. lines from the dev cables."""

import pytest

from sitegen.cable.classification import (
    CONFIDENTIAL,
    FOUO,
    SECRET,
    UNCLASSIFIED,
    caveat_words,
    classification,
    classified_by_text,
    declassify_on,
    read_classification_line,
    read_classified_by,
    reasons_of,
    routing_level,
    subject_caveats,
)


@pytest.mark.parametrize(
    "line, level, station, number, sections",
    [
        ("UNCLAS SECTION 01 OF 02 ASTANA 001182", UNCLASSIFIED, "ASTANA", "001182", 2),
        ("C O N F I D E N T I A L ASTANA 000982", CONFIDENTIAL, "ASTANA", "000982", 1),
        (
            "C O N F I D E N T I A L SECTION 01 OF 02 PRETORIA 001173 ",
            CONFIDENTIAL,
            "PRETORIA",
            "001173",
            2,
        ),
        ("S E C R E T RANGOON 000088 ", SECRET, "RANGOON", "000088", 1),
        ("S e c r e t berlin 000643", SECRET, "BERLIN", "000643", 1),
        ("E C R E T SANAA 000473 ", SECRET, "SANAA", "000473", 1),  # S lost
        ("C ONFIDENTIAL SECTION 01 of 03 BAKU 000744 ", CONFIDENTIAL, "BAKU", "000744", 3),
        (
            "CC O N F I D E N T I A L SECTION 01 OF 02 SAO PAULO 000104 ",
            CONFIDENTIAL,
            "SAO PAULO",
            "000104",
            2,
        ),
        ("UUNCLAS MANAGUA 001002 ", UNCLASSIFIED, "MANAGUA", "001002", 1),
        ("UNCLASSIFIED BUENOS AIRES 2481 ", UNCLASSIFIED, "BUENOS AIRES", "2481", 1),
        ("C O N F I D E N T I A L        ABU DHABI 02641", CONFIDENTIAL, "ABU DHABI", "02641", 1),
        ("S E C R E T STATE 127892", SECRET, "STATE", "127892", 1),
    ],
)
def test_classification_line(line, level, station, number, sections):
    read = read_classification_line(line)
    assert (read.level, read.station, read.number, read.sections) == (
        level,
        station,
        number,
        sections,
    )


@pytest.mark.parametrize(
    "line",
    [
        "SECRETARY RICE MET 2009 DELEGATES",  # a word that starts like a marking
        "SECSTATE WASHDC",
        "ZNY SSSSS ZZH",
        "Sensitive but unclassified. Not for public Internet.",
        "",
    ],
)
def test_not_a_classification_line(line):
    read = read_classification_line(line)
    assert read is None or not read.station


@pytest.mark.parametrize(
    "line, level, station, caveat",
    [
        ("LIMITED OFFICIAL USE SECTION 01 OF 02 MADRID 001234", FOUO, "MADRID", ""),
        ("UNCLAS E F T O SECTION 01 OF 02 STATE 123456", UNCLASSIFIED, "STATE", "E F T O"),
        ("SECRET//NOFORN SECTION 01 OF 03 LONDON 001234", SECRET, "LONDON", "NOFORN"),
        ("C O N F I D E N T I A L NOFORN PARIS 001234", CONFIDENTIAL, "PARIS", "NOFORN"),
        ("CONFIDENTIAL PARIS 001234 NOFORN", CONFIDENTIAL, "PARIS", "NOFORN"),
    ],
)
def test_classification_line_with_caveats(line, level, station, caveat):
    read = read_classification_line(line)
    assert (read.level, read.station) == (level, station)
    assert caveat in read.caveats


def test_marking_alone():
    read = read_classification_line("CONFIDENTIAL")
    assert (read.level, read.station) == (CONFIDENTIAL, "")


@pytest.mark.parametrize(
    "header, level",
    [
        ("ZNY SSSSS ZZH", SECRET),
        ("ZNY CCCCC ZZH", CONFIDENTIAL),
        ("ZNR UUUUU ZZH", UNCLASSIFIED),
        ("", ""),
    ],
)
def test_routing_level(header, level):
    assert routing_level(header) == level


@pytest.mark.parametrize(
    "line, words",
    [
        ("SENSITIVE", {"SENSITIVE"}),
        ("SIPDIS NOFORN", {"SIPDIS", "NOFORN"}),
        ("NOFORN ", {"NOFORN"}),
        ("STATE FOR SCA/CEN, DRL", set()),  # an addressee line, not caveats
        ("", set()),
    ],
)
def test_caveat_words(line, words):
    assert caveat_words(line) == words


@pytest.mark.parametrize(
    "level, caveats, value",
    [
        (UNCLASSIFIED, {"SENSITIVE", "SIPDIS"}, FOUO),
        (UNCLASSIFIED, {"SBU"}, FOUO),
        (UNCLASSIFIED, set(), UNCLASSIFIED),
        (CONFIDENTIAL, {"NOFORN"}, "CONFIDENTIAL//NOFORN"),
        (SECRET, {"NOFORN", "SIPDIS"}, "SECRET//NOFORN"),
        (SECRET, {"SENSITIVE"}, SECRET),  # SENSITIVE only refines unclassified cables
    ],
)
def test_classification_value(level, caveats, value):
    assert classification(level, caveats) == value


def test_subject_marked_noforn():
    assert subject_caveats("(C/NF) WHO WOULD REPLACE GORDON BROWN") == {"NOFORN"}
    assert subject_caveats("(C) NIGERIA: SHELL BRIEFS AMBASSADOR") == set()


@pytest.mark.parametrize(
    "line, name, title, reasons",
    [
        (
            "Ambassador Richard E. Hoagland, 1.4 (b), (d)",
            "Richard E. Hoagland",
            "Ambassador",
            ["1.4 (b)", "1.4 (d)"],
        ),
        (
            "Acting DCM Valerie C. Fowler for reasons 1.4 (B) and (D)",
            "Valerie C. Fowler",
            "Acting DCM",
            ["1.4 (b)", "1.4 (d)"],
        ),
        (
            (
                "Gene A. Cretz, Ambassador, U.S. Embassy Tripoli, "
                "Department of State. REASON: 1.4 (b), (d)"
            ),
            "Gene A. Cretz",
            "Ambassador",
            ["1.4 (b)", "1.4 (d)"],
        ),
        (
            "COM Carmen Martinez for Reasons 1.5 (B,D)",
            "Carmen Martinez",
            "COM",
            ["1.5 (b)", "1.5 (d)"],
        ),
        (
            "CDA LAURA J. KIRKCONNELL FOR REASONS 1.4(B) AND (D)",
            "LAURA J. KIRKCONNELL",
            "CDA",
            ["1.4 (b)", "1.4 (d)"],
        ),
        (
            "Pol/MC Josiah Rosenblatt for reasons 1.4 (b) and (d)",
            "Josiah Rosenblatt",
            "Pol/MC",
            ["1.4 (b)", "1.4 (d)"],
        ),
        ("Political Internal Unit Chief", "", "Political Internal Unit Chief", []),
        (
            "Deputy Chief of Mission Krishna Urs for reasons 1.4 (b) and (d).",
            "Krishna Urs",
            "Deputy Chief of Mission",
            ["1.4 (b)", "1.4 (d)"],
        ),
        (
            "Charge d’Affaires, a.i. Dan Piccuta. Reasons 1.4 (b) and (d).",
            "Dan Piccuta",
            "Charge d’Affaires, a.i.",
            ["1.4 (b)", "1.4 (d)"],
        ),
        (
            "Political Minister-Counselor Josiah Rosenblatt for reaso ns 1.4 b and d.",
            "Josiah Rosenblatt",
            "Political Minister-Counselor",
            ["1.4 (b)", "1.4 (d)"],
        ),
    ],
)
def test_read_classified_by(line, name, title, reasons):
    assert read_classified_by(line) == (name, title, reasons)


@pytest.mark.parametrize(
    "text, reasons",
    [
        ("reasons 1.4 b and d", ["1.4 (b)", "1.4 (d)"]),
        ("Reason 1.4 B/D", ["1.4 (b)", "1.4 (d)"]),
        ("reasons 14 (b) and (d)", ["1.4 (b)", "1.4 (d)"]),  # the dot lost
        ("no reasons", []),
    ],
)
def test_reasons(text, reasons):
    assert reasons_of(text) == reasons


def test_classified_by_continues_on_next_line():
    text = (
        "Classified By: Acting Political Counselor Bruce "
        "Turner for reasons 1.4\n(b) and (d)\n\n1. (C) Text"
    )
    assert (
        classified_by_text(text)
        == "Acting Political Counselor Bruce Turner for reasons 1.4 (b) and (d)"
    )


def test_classified_by_stops_at_the_paragraph_run_onto_it():
    text = "CLASSIFIED BY: Thomas Shannon, Ambassador; REASON: 1.4(D) 1. (C) Summary: text"
    assert classified_by_text(text) == "Thomas Shannon, Ambassador; REASON: 1.4(D)"


@pytest.mark.parametrize(
    "text, value",
    [
        ("E.O. 12958: DECL: 06/08/2029", "2029-06-08"),
        ("EO 12958 DECL: 02/22/2011 ", "2011-02-22"),
        ("E.o. 12958: decl: 05/16/2033", "2033-05-16"),
        ("E.O. 12958: N/A", "N/A"),
        ("E.O. 12958: DECL: 2020/01/21 TAGS: SENV ENRG KGHG BR", "2020/01/21"),
        ("DEPT FOR WHA/BSC E.O. 12958: DECL: 11/22/2012 ", "2012-11-22"),
        ("no E.O. line", ""),
    ],
)
def test_declassify_on(text, value):
    assert declassify_on(text) == value
