"""parse_cable and apply_metadata end to end: the three input formats, fragments, broken
text, and a property-based test that parsing never raises."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.cable import apply_metadata, parse_cable
from sitegen.cable.model import Cable, ClassifiedBy
from sitegen.cable.parse import read_cable
from sitegen.sources import read_sources
from sitegen.sources.decode import decode_bytes
from sitegen.sources.text import parse_text
from sitegen.sources.wikileaks_html import read_wikileaks_html

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "09ASTANA1182.txt"
HTML = CORPUS / "cablegate-html" / "cable"


def seed_text() -> str:
    return SEED.read_text("utf-8")


def test_seed_every_field():
    cable = parse_cable(seed_text())
    assert cable.reference_id == "09ASTANA1182"
    assert cable.created == "2009-07-14T09:57Z"
    assert cable.origin == "Embassy Astana"
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert cable.precedence == "IMMEDIATE"
    assert cable.recipients == ["SECSTATE WASHDC"]
    assert "USMISSION USNATO" in cable.info_recipients
    assert cable.tags == ["PHUM", "PREL", "PGOV", "KDEM", "OSCE", "KZ"]
    assert cable.subject == (
        "KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED WITH KAZAKHSTAN'S PROGRESS ON "
        "DEMOCRATIZATION AND HUMAN RIGHTS"
    )
    assert cable.summary.startswith("On June 22, several leading civil society activists")
    assert cable.summary.endswith("for further reform.")
    assert cable.signers == ["HOAGLAND"]
    assert cable.declassify_on == "N/A"
    assert cable.sections == 2
    assert cable.partial is False
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert cable.paragraphs[3].heading == "POLITICAL RIGHTS ON THE DECLINE?"
    assert {p.marking for p in cable.paragraphs[1:]} == {"SBU"}
    assert "ASTANA 00001182 002 OF 002" not in cable.body
    assert cable.header.startswith("VZCZCXRO6705") and "FM AMEMBASSY ASTANA" in cable.header
    assert cable.persons  # the person finder ran
    assert cable.warnings == []


def test_to_dict_is_asdict_without_the_header():
    """to_dict converts the records by hand (asdict is slow): the same values, key order and
    types as dataclasses.asdict, and copies of the lists."""
    cable = parse_cable(seed_text())
    cable.classified_by = ClassifiedBy("Jane Doe", "Ambassador", ["1.4 (b)"], "text")
    expected = asdict(cable)
    del expected["header"]
    data = cable.to_dict()
    assert data == expected and list(data) == list(expected)
    assert [list(p) for p in data["persons"]] == [list(p) for p in expected["persons"]]
    assert isinstance(data["classified_by"], dict) and isinstance(data["paragraphs"][0], dict)
    data["tags"].append("XX")
    assert "XX" not in cable.tags


def test_seed_body_loses_no_word():
    """Every word of the message is in the body, in order; only the page line is gone."""
    text = seed_text()
    cable = parse_cable(text)
    message = text[text.index("UNCLAS SECTION 01 OF 02") :].replace(
        "ASTANA 00001182 002 OF 002", ""
    )
    assert cable.body.split() == message.split()


def test_classified_cable_from_html():
    record = read_wikileaks_html(HTML / "2001" / "02" / "01PRETORIA1173.html")
    cable = parse_cable(record.text)
    assert cable.reference_id == "01PRETORIA1173"
    assert cable.created == "2001-02-23T15:53Z"
    assert cable.classification == "CONFIDENTIAL"
    assert cable.tags == ["PREL", "PGOV", "SF"]
    assert cable.references[:3] == ["99PRETORIA12315", "99PRETORIA12316", "00PRETORIA9150"]
    assert "01PRETORIA425" in cable.references  # "E. PRETORIA 425": the cable's own year
    assert cable.classified_by.reasons == ["1.5 (b)", "1.5 (d)"]
    assert cable.declassify_on == "2011-02-22"
    assert cable.signers == ["LEWIS"]
    # the page's table states 15:03 (its minutes repeat the hour): the DTG's minutes stay
    cable = apply_metadata(cable, record.metadata)
    assert cable.created == "2001-02-23T15:53Z"
    assert cable.released == "2010-12-08T21:09Z"


def test_partial_extract_from_html():
    record = read_wikileaks_html(HTML / "2004" / "01" / "04RANGOON88.html")
    cable = parse_cable(record.text)
    assert cable.partial is True
    assert cable.reference_id == "04RANGOON88"
    assert cable.created == "2004-01-20T09:44Z"  # from the dateline
    assert cable.origin == "Embassy Rangoon"  # no FM line: from the station
    assert cable.classification == "SECRET//NOFORN"
    assert cable.references == ["04STATE297614", "03RANGOON1427"]


def test_partial_extract_without_a_date_takes_the_year_from_the_declassification_date():
    record = read_wikileaks_html(HTML / "2005" / "05" / "05BRASILIA1396.html")
    cable = parse_cable(record.text)
    assert cable.reference_id == "05BRASILIA1396"
    assert cable.created == ""
    assert any(w.startswith("created:") for w in cable.warnings)
    assert any("declassification date" in w for w in cable.warnings)
    cable = apply_metadata(cable, record.metadata)
    assert cable.created == "2005-05-24T19:07Z"
    assert not any(w.startswith("created:") for w in cable.warnings)


def test_mirror_page_with_another_cables_text_keeps_its_routing_identity():
    """09CHISINAU694's page carries an Ulaanbaatar message under Chisinau's routing header."""
    record = read_wikileaks_html(HTML / "2009" / "09" / "09CHISINAU694.html")
    cable = parse_cable(record.text)
    assert cable.reference_id == "09CHISINAU694"
    assert any("routing header is used" in w for w in cable.warnings)


def test_cables_csv_records():
    records = list(read_sources([ROOT / "tests" / "data" / "cables-sample.csv"]))
    assert records and all(hasattr(r, "text") for r in records)
    for record in records:
        cable = parse_cable(record.text)
        assert cable.reference_id == record.metadata["reference_id"].upper(), record.location
        assert cable.origin == record.metadata["origin"], record.location
    first = apply_metadata(parse_cable(records[0].text), records[0].metadata)
    assert first.tags == ["KSCA", "SENV", "AORC", "NO"]
    assert first.references == ["08STATE82698"]


def test_front_matter_overrides_the_text():
    source = (
        "---\nreference_id: 09astana001182\norigin: Embassy Astana\n"
        'classification: unclas sensitive\ntags: [PHUM, "CLINTON, HILLARY"]\n---\n' + seed_text()
    )
    record = parse_text(source, "seed.txt")
    cable = apply_metadata(
        parse_cable(record.text, record.metadata.get("reference_id")), record.metadata
    )
    assert cable.reference_id == "09ASTANA1182"
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert cable.tags == ["PHUM", "CLINTON, HILLARY"]


@pytest.mark.parametrize(
    "metadata, field, value",
    [
        ({"created": "2009-07-14 09:57"}, "created", "2009-07-14T09:57Z"),
        ({"created": "07/14/2009 09:57"}, "created", "2009-07-14T09:57Z"),
        ({"classification": "SECRET//NOFORN"}, "classification", "SECRET//NOFORN"),
        ({"classification": "C O N F I D E N T I A L"}, "classification", "CONFIDENTIAL"),
        ({"reference_id": "09ASTANA001182"}, "reference_id", "09ASTANA1182"),
        ({"tags": "PREL, PGOV"}, "tags", ["PREL", "PGOV"]),
        ({"references": ["09astana0678", "not an id"]}, "references", ["09ASTANA678"]),
        ({"origin": "  Embassy   Astana "}, "origin", "Embassy Astana"),
    ],
)
def test_apply_metadata_normalises(metadata, field, value):
    cable = apply_metadata(Cable(), metadata)
    assert getattr(cable, field) == value


def test_apply_metadata_keeps_parsed_value_when_source_value_is_not_understood():
    cable = apply_metadata(Cable(created="2009-07-14T09:57Z"), {"created": "someday"})
    assert cable.created == "2009-07-14T09:57Z"
    assert any("created" in w and "someday" in w for w in cable.warnings)


@pytest.mark.parametrize(
    "fragment, field, value",
    [
        ("TAGS: OVIP CLINTON HILLARY PREL", "tags", ["OVIP", "CLINTON, HILLARY", "PREL"]),
        ("UNCLAS SECTION 01 OF 02 ASTANA 001182", "sections", 2),
        ("C O N F I D E N T I A L ASTANA 000982", "classification", "CONFIDENTIAL"),
        ("SUBJECT: (C) A TALE OF TWO KABUL MAYORS", "subject", "A TALE OF TWO KABUL MAYORS"),
        ("O 140957Z JUL 09\nFM AMEMBASSY ASTANA", "origin", "Embassy Astana"),
        ("O 140957Z JUL 09\nFM AMEMBASSY ASTANA", "created", "2009-07-14T09:57Z"),
    ],
)
def test_fragments(fragment, field, value):
    cable = parse_cable(fragment)
    assert getattr(cable, field) == value
    assert not any(w.startswith("parser error") for w in cable.warnings)


def test_empty_text_names_what_is_missing():
    cable = parse_cable("")
    assert cable.reference_id == cable.created == cable.subject == ""
    named = {w.split(":")[0] for w in cable.warnings}
    assert {"reference_id", "created", "origin", "classification", "tags", "subject"} <= named


def test_given_reference_id_wins_and_a_bad_one_is_reported():
    assert parse_cable("TAGS: PREL", "10state4108").reference_id == "10STATE4108"
    cable = parse_cable(seed_text(), "nonsense")
    assert cable.reference_id == "09ASTANA1182"
    assert any("'nonsense' is not a reference id" in w for w in cable.warnings)


def test_line_ends_and_nul_bytes_do_not_change_the_result():
    text = seed_text()
    expected = parse_cable(text, find_people=False)
    broken = parse_cable(text.replace("\n", "\r\n").replace("TAGS", "TA\x00GS"), find_people=False)
    assert (broken.reference_id, broken.tags, broken.subject) == (
        expected.reference_id,
        expected.tags,
        expected.subject,
    )
    assert broken.body == expected.body


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_text_decoded_from_legacy_encodings_parses(encoding):
    text = seed_text().replace("Zhovtis", "Zhóvtis")
    decoded, warnings = decode_bytes(text.encode(encoding))
    cable = parse_cable(decoded, find_people=False)
    assert cable.reference_id == "09ASTANA1182"
    assert "Zhóvtis" in cable.body
    assert warnings  # the repair is reported by the reader


_SEED_LINES = SEED.read_text("utf-8").split("\n") if SEED.exists() else ["TAGS: PREL"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(st.sampled_from(_SEED_LINES), max_size=40).map("\n".join),
        st.lists(st.one_of(st.sampled_from(_SEED_LINES), st.text(max_size=30)), max_size=30).map(
            "\n".join
        ),
    )
)
def test_parsing_never_raises(text):
    """read_cable has no safety net (parse_cable adds one): it must not raise on any text."""
    cable = Cable()
    read_cable(text, None, cable, find_people=False)
    assert isinstance(cable.to_dict(), dict)


def test_paragraph_one_run_onto_the_classified_by_line():
    text = (
        "C O N F I D E N T I A L VATICAN 000013\n"
        "TAGS KGHG, PGOV, PREL, CU, VE, VT\n"
        "SUBJECT: GREEN POPE SUPPORTS US PATH FORWARD FROM COPENHAGEN\n"
        "REF: A. A. STATE 3080  B. B. 09 VATICAN 132\n"
        "CLASSIFIED BY: Julieta Valls Noyes, DCM. REASON: 1.4 (b), (d) 1. (C) Summary: The "
        "Holy See supports USG efforts. End Summary.\n"
        "2. (C) On January 20, P/EOff met with Dr. Paolo Conversi.\n"
    )
    cable = parse_cable(text, "10VATICAN13", find_people=False)
    assert [p.number for p in cable.paragraphs] == [1, 2]
    assert cable.summary == "The Holy See supports USG efforts."
    assert cable.references == ["10STATE3080", "09VATICAN132"]
    assert (cable.classified_by.name, cable.classified_by.title) == ("Julieta Valls Noyes", "DCM")
    assert cable.classified_by.reasons == ["1.4 (b)", "1.4 (d)"]


@pytest.mark.parametrize(
    "parsed, stated, expected",
    [
        ("2009-06-08T10:08Z", "2009-06-08 10:10", "2009-06-08T10:08Z"),  # mirror's minutes
        ("2009-06-08T10:08Z", "2009-06-09 11:10", "2009-06-09T11:10Z"),  # a real correction
        ("", "2009-06-08 10:10", "2009-06-08T10:10Z"),  # nothing parsed: the source's
    ],
)
def test_stated_created_keeps_the_dtg_minutes_when_the_hour_agrees(parsed, stated, expected):
    assert apply_metadata(Cable(created=parsed), {"created": stated}).created == expected
