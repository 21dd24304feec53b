"""Date-time groups, datelines and declassification dates as the dev cables write them."""

import pytest

from sitegen.cable.dates import numeric_date, parse_dateline, parse_dtg


@pytest.mark.parametrize(
    "text, iso",
    [
        ("O 140957Z JUL 09", "2009-07-14T09:57Z"),
        ("P R 281848Z DEC 66", "1966-12-28T18:48Z"),
        ("041058Z Nov 05", "2005-11-04T10:58Z"),
        ("FOLLOWING STATE 127892 DATED 150910Z DEC 09 SENT ACTION", "2009-12-15T09:10Z"),
        ("R 180632Z SEP 2009", "2009-09-18T06:32Z"),
        ("311200Z FEB 09", ""),  # no 31 February
        ("no date here", ""),
    ],
)
def test_parse_dtg(text, iso):
    assert parse_dtg(text) == iso


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Friday, 23 February 2001, 15:53", "2001-02-23T15:53Z"),
        ("Tuesday, 20 January 2004, 09:44\nS E C R E T RANGOON 000088", "2004-01-20T09:44Z"),
        ("Wednesday, 29 November 2000", "2000-11-29"),
        ("TELEGRAM                                            June 03, 2003", "2003-06-03"),
        ("Secretary Powell,s phone call to him on Friday, March 18.", ""),  # not a dateline
        ("1. (U) July 26, 2005, 4:00-5:30 pm, Casa de Narino", ""),
    ],
)
def test_parse_dateline(text, iso):
    assert parse_dateline(text) == iso


@pytest.mark.parametrize(
    "text, iso",
    [("06/08/2029", "2029-06-08"), ("DECL: 1/9/2014", "2014-01-09"), ("13/45/2010", "")],
)
def test_numeric_date(text, iso):
    assert numeric_date(text) == iso
