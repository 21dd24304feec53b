"""The TAGS glossary: meanings and kinds of the codes on a cable's TAGS line."""

import json
from pathlib import Path

import pytest

from sitegen.cable.glossary import KINDS, glossary, lookup, tag_kind, tag_meaning
from sitegen.cable.parse import parse_cable
from sitegen.sources.wikileaks_html import read_wikileaks_html

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.parametrize(
    "code, kind, meaning",
    [
        # From the seed cable: TAGS: PHUM PREL PGOV KDEM OSCE KZ
        ("PHUM", "subject", "Human Rights"),
        ("PREL", "subject", "External Political Relations"),
        ("PGOV", "subject", "Internal Governmental Affairs"),
        ("KDEM", "program", "Democratization"),
        ("OSCE", "organisation", "Organization for Security and Co-operation in Europe"),
        ("KZ", "country", "Kazakhstan"),
        # FIPS 10-4, where it differs from ISO 3166
        ("RS", "country", "Russia"),
        ("CH", "country", "China"),
        ("GM", "country", "Germany"),
        ("UK", "country", "United Kingdom"),
        ("SZ", "country", "Switzerland"),
        ("IZ", "country", "Iraq"),
        ("TX", "country", "Turkmenistan"),
        ("KS", "country", "South Korea"),
        ("KN", "country", "North Korea"),
        ("MU", "country", "Oman"),
        ("NO", "country", "Norway"),
        ("EPET", "subject", "Petroleum and Natural Gas"),
        ("KNNP", "program", "Nuclear Nonproliferation"),
        ("NATO", "organisation", "North Atlantic Treaty Organization"),
        ("IAEA", "organisation", "International Atomic Energy Agency"),
        ("phum", "subject", "Human Rights"),  # case does not matter
        (" KZ ", "country", "Kazakhstan"),
    ],
)
def test_known_codes(code, kind, meaning):
    assert tag_meaning(code) == meaning
    assert tag_kind(code) == kind


@pytest.mark.parametrize(
    "code, meaning",
    [
        ("CLINTON, HILLARY", "Hillary Clinton"),  # TAGS: OVIP CLINTON HILLARY PREL
        ("ZHOVTIS, YEVGENIY", "Yevgeniy Zhovtis"),
        ("RICE, CONDOLEEZZA", "Condoleezza Rice"),
    ],
)
def test_person_tags(code, meaning):
    assert tag_kind(code) == "person"
    assert tag_meaning(code) == meaning


@pytest.mark.parametrize(
    "code, kind, words",
    [
        ("KDEMAF", "program", "Democratization; Afghanistan (KDEM + AF)"),  # 09KABUL4150
        ("PGOVRS", "subject", "Internal Governmental Affairs; Russia"),
        ("POGOV", "subject", "probably PGOV"),  # 09LONDON2222: one letter too many
        ("PHM", "subject", "probably PHUM"),  # one letter too few
        ("PERL", "subject", "probably PREL"),  # two letters swapped
        ("XK", "country", "region"),
    ],
)
def test_codes_explained_by_their_shape(code, kind, words):
    assert words in tag_meaning(code)
    assert tag_kind(code) == kind


@pytest.mark.parametrize(
    "code, kind",
    [("QQ", "country"), ("KQQQ", "program"), ("ZZZZZZ", "subject"), ("", "subject")],
)
def test_unknown_codes_have_no_meaning_and_a_kind_by_shape(code, kind):
    assert tag_meaning(code) == ""
    assert tag_kind(code) == kind
    assert lookup(code) is None


def test_a_slip_matching_two_codes_is_not_guessed():
    # "KCR" is one letter short of KCRM (Criminal Activity) and of KCOR (Corruption).
    assert tag_meaning("KCR") == ""
    assert "KCRM" in tag_meaning("KCRMM")


def test_data_file_is_well_formed():
    entries = glossary()
    assert len(entries) > 450
    for code, entry in entries.items():
        assert code == entry.code == code.strip().upper()
        assert entry.kind in KINDS and entry.kind != "person"
        assert entry.meaning.strip() == entry.meaning and entry.meaning
    countries = [code for code, entry in entries.items() if entry.kind == "country"]
    assert len(countries) >= 260  # the whole FIPS 10-4 list, not only the sample's


def test_glossary_names_95_percent_of_the_tags_in_the_truth_file():
    tags = set()
    for line in (CORPUS / "cablegate-truth.jsonl").read_text().splitlines():
        tags.update(json.loads(line)["tags"])
    named = {tag for tag in tags if tag_meaning(tag)}
    assert len(tags) >= 250
    assert len(named) / len(tags) >= 0.95, sorted(tags - named)


def test_glossary_names_95_percent_of_the_tags_the_parser_finds():
    tags = set()
    for page in sorted((CORPUS / "cablegate-html").rglob("*.html")):
        tags.update(parse_cable(read_wikileaks_html(page).text).tags)
    named = {tag for tag in tags if tag_meaning(tag)}
    assert len(tags) >= 250
    assert len(named) / len(tags) >= 0.95, sorted(tags - named)
