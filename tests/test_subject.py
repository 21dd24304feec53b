"""SUBJECT lines from the seed and the dev cables."""

import pytest

from sitegen.cable.subject import clean_subject, find_subject_text


@pytest.mark.parametrize(
    "text, subject",
    [
        (
            (
                "SUBJECT: KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED WITH "
                "KAZAKHSTAN'S\nPROGRESS ON DEMOCRATIZATION AND HUMAN RIGHTS\n\n1. (U) Sensitive"
            ),
            (
                "KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED WITH "
                "KAZAKHSTAN'S PROGRESS ON DEMOCRATIZATION AND HUMAN RIGHTS"
            ),
        ),
        (
            (
                "SUBJECT: (S) UNMANNED USG AIRCRAFT WASHES ASHORE, OFFICIAL "
                '\nMEDIA REPORTS DOWNED IRANIAN "SPY PLANE" \nREF: STATE 32641'
            ),
            (
                "UNMANNED USG AIRCRAFT WASHES ASHORE, OFFICIAL "
                'MEDIA REPORTS DOWNED IRANIAN "SPY PLANE"'
            ),
        ),
        (
            (
                "SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS "
                "UK PRIMEREF: A. LONDON 1939  B. LONDON 1704"
            ),
            "WHO WOULD REPLACE GORDON BROWN AS UK PRIME",
        ),
        (
            (
                "SUBJECT: BRAZIL'S PRESIDENTIAL ELECTIONS: DILMA ROUSSEFF "
                "COMES UP FAST BEHIND JOSE SERRA REF: RIO DE JANEIRO 32 "
            ),
            "BRAZIL'S PRESIDENTIAL ELECTIONS: DILMA ROUSSEFF COMES UP FAST BEHIND JOSE SERRA",
        ),
        (
            (
                "Subject:  UAE TO SUPPORT JORDAN OIL NEEDS FOR THREE MORE MONTHS, \n          "
                "PROVIDED $40 MILLION TO RABAT AFTER TERROR ATTACKS     \n\nRef:      None"
            ),
            (
                "UAE TO SUPPORT JORDAN OIL NEEDS FOR THREE MORE MONTHS, "
                "PROVIDED $40 MILLION TO RABAT AFTER TERROR ATTACKS"
            ),
        ),
        (
            (
                "Subject: (s) germany requests information concerning\niranian "
                "procurement of xxxxxxxxxxxx test chamber\nRef: a. 07 state 75839"
            ),
            (
                "germany requests information concerning iranian "
                "procurement of xxxxxxxxxxxx test chamber"
            ),
        ),
        (
            (
                "SUBJECT: (U) Ortega and the U.S.: New-Found True "
                "Love Or Another \nBetrayal? \nClassified By: X"
            ),
            "Ortega and the U.S.: New-Found True Love Or Another Betrayal?",
        ),
        ("SUBJECT: A CAUCASUS WEDDING \n1. (C) Summary", "A CAUCASUS WEDDING"),
        ("no subject here", ""),
    ],
)
def test_subject(text, subject):
    assert clean_subject(find_subject_text(text)) == subject
