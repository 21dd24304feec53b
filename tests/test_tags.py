"""TAGS lines as the seed and the dev cables write them."""

import pytest

from sitegen.cable.tags import find_tags_text, parse_tags


@pytest.mark.parametrize(
    "line, tags",
    [
        (
            "TAGS: [PHUM](#) [PREL](#) [PGOV](#) [KDEM](#) [OSCE](#) [KZ](#)",
            ["PHUM", "PREL", "PGOV", "KDEM", "OSCE", "KZ"],
        ),
        ("TAGS: PGOV PREL ECON BR", ["PGOV", "PREL", "ECON", "BR"]),
        ("TAGS PREL, PGOV, SF", ["PREL", "PGOV", "SF"]),
        (
            "Tags: parm, prel, ettc, mtcre, ksca, ir, gm",
            ["PARM", "PREL", "ETTC", "MTCRE", "KSCA", "IR", "GM"],
        ),
        (
            "TAGS:     PREL, EPET, EAID, PGOV                                 ",
            ["PREL", "EPET", "EAID", "PGOV"],
        ),
        ("TAGS: OVIP CLINTON HILLARY PREL", ["OVIP", "CLINTON, HILLARY", "PREL"]),
        ("TAGS: PREL, STEINBERG, JAMES B., CH", ["PREL", "STEINBERG, JAMES B.", "CH"]),
        ("TAGS: OVIP (CLINTON, HILLARY R.) PREL", ["OVIP", "CLINTON, HILLARY R.", "PREL"]),
        ("TAGS: OVIP RICE CONDOLEEZZA PREL IZ", ["OVIP", "RICE, CONDOLEEZZA", "PREL", "IZ"]),
        ("TAGS: PREL PGOV PREL", ["PREL", "PGOV"]),  # unique
        (
            "TAGS PREL, ECON, EFIN, EAID, EINV, ETRD, PHUM, AU-1, CH",
            ["PREL", "ECON", "EFIN", "EAID", "EINV", "ETRD", "PHUM", "AU", "CH"],
        ),
        ("TAGS KDEM, PGOV, PINR, KDEMAF, AF", ["KDEM", "PGOV", "PINR", "KDEMAF", "AF"]),
        ("TAGS: PREL PGOV KJUS INTERPOL RW FR", ["PREL", "PGOV", "KJUS", "INTERPOL", "RW", "FR"]),
        ("TAGS: PREL MTCRE KSCA", ["PREL", "MTCRE", "KSCA"]),  # two unknown short codes, no name
        ("TAGS PREL, ECON SUBJECT: A RUN-ON SUBJECT", ["PREL", "ECON"]),
        ("TAGS:", []),
    ],
)
def test_parse_tags(line, tags):
    assert parse_tags(line) == tags


@pytest.mark.parametrize(
    "text, found",
    [
        # wrapped after a trailing comma
        (
            "TAGS CASC, PGOV, PHUM, IR, \nTU, IQ \nSUBJECT: ELDERLY AMERICAN",
            "CASC, PGOV, PHUM, IR,  TU, IQ ",
        ),
        # wrapped without a comma: a line of short codes only
        (
            "TAGS: PREL PINS MNUC RS KGIC KNNP KRAD ENRG\nLY\nSUBJECT: FINAL HEU",
            " PREL PINS MNUC RS KGIC KNNP KRAD ENRG LY",
        ),
        # the next line is the subject, not tags
        ("TAGS: PREL KZ\nSUBJECT: KAZAKHSTAN", " PREL KZ"),
        ("TAGS: PREL KZ\n\nCIVIL SOCIETY", " PREL KZ"),
        # run onto the E.O. line by a copy that lost line breaks
        ("E.O. 12958: DECL: 02/14/2018 TAGS: BR PREL MARR\nSUBJECT: X", " BR PREL MARR"),
        ("no tags line", ""),
    ],
)
def test_find_tags_text(text, found):
    assert find_tags_text(text) == found


def test_first_line_only():
    assert find_tags_text("TAGS CASC, IR, \nTU, IQ", wrapped=False) == "CASC, IR, "


def test_wrapped_line_tags_are_read():
    text = (
        "TAGS PREL, PGOV, PTER, PHUM, EAID, ECON, EFIN, "
        "ELAB, MARR, MASS, \nOEXC, UN, MV \nSUBJECT: X"
    )
    assert parse_tags(find_tags_text(text))[-3:] == ["OEXC", "UN", "MV"]
