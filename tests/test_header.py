"""Routing headers of the seed and the dev cables: precedence, DTG, FM, TO and INFO."""

import pytest

from sitegen.cable.header import addressee, read_routing, routing_dtg

SEED_HEADER = """VZCZCXRO6705

OO RUEHAG RUEHAST RUEHBI RUEHCI RUEHDA RUEHDBU RUEHDF RUEHFL RUEHIK
RUEHROV RUEHRS RUEHSL RUEHSR RUEHVK RUEHYG
DE RUEHTA #1182/01 1950957
ZNR UUUUU ZZH
O 140957Z JUL 09
FM AMEMBASSY ASTANA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 5797
INFO RUCNCIS/CIS COLLECTIVE 1751
RUCNCLS/ALL SOUTH AND CENTRAL ASIA COLLECTIVE
RUEHBJ/AMEMBASSY BEIJING 1118
RHMFIUU/CDR USCENTCOM MACDILL AFB FL
"""

OLD_HEADER = """P R 281848Z DEC 66
FM AMEMBASSY BUENOS AIRES
TO SECSTATE WASHDC PRIORITY
INFO USCINCSO
CINCLANT
AMEMBASSY RIO DE JANEIRO
STATE GRNC
"""


def test_seed_routing():
    routing = read_routing(SEED_HEADER)
    assert routing.precedence == "IMMEDIATE"
    assert routing.created == "2009-07-14T09:57Z"
    assert routing.fm == "AMEMBASSY ASTANA"
    assert routing.serial == "1182"
    assert routing.recipients == ["SECSTATE WASHDC"]
    assert routing.info_recipients == [
        "CIS COLLECTIVE",
        "ALL SOUTH AND CENTRAL ASIA COLLECTIVE",
        "AMEMBASSY BEIJING",
        "CDR USCENTCOM MACDILL AFB FL",
    ]


def test_1966_routing_without_routing_indicators():
    routing = read_routing(OLD_HEADER)
    assert routing.precedence == "PRIORITY"
    assert routing.created == "1966-12-28T18:48Z"
    assert routing.fm == "AMEMBASSY BUENOS AIRES"
    assert routing.recipients == ["SECSTATE WASHDC"]
    assert routing.info_recipients[:3] == ["USCINCSO", "CINCLANT", "AMEMBASSY RIO DE JANEIRO"]


def test_empty_header():
    routing = read_routing("")
    assert (routing.precedence, routing.created, routing.fm, routing.recipients) == ("", "", "", [])


@pytest.mark.parametrize(
    "line, name",
    [
        ("RUEHC/SECSTATE WASHDC IMMEDIATE 5797", "SECSTATE WASHDC"),
        ("RUEHNO/USMISSION USNATO 2702", "USMISSION USNATO"),
        ("RHEFAAA/DIA WASHDC", "DIA WASHDC"),
        ("RUEHXK/ARAB ISRAELI COLLECTIVE PRIORITY", "ARAB ISRAELI COLLECTIVE"),
        ("AMEMBASSY WARSAW IMMEDIATE 0000", "AMEMBASSY WARSAW"),
        ("RHMCSUU/JOINT STAFF WASHINGTON DC//J3//", "JOINT STAFF WASHINGTON DC//J3//"),
    ],
)
def test_addressee(line, name):
    assert addressee(line) == name


@pytest.mark.parametrize(
    "header, iso",
    [
        # a partial extract: the DTG alone on its line
        ("This record is a partial extract...\n\n041058Z Nov 05", "2005-11-04T10:58Z"),
        ("O 231553Z FEB 01\nFM AMEMBASSY PRETORIA", "2001-02-23T15:53Z"),
        ("FM AMEMBASSY X", ""),
    ],
)
def test_routing_dtg(header, iso):
    assert routing_dtg(header) == iso
