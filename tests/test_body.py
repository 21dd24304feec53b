"""The message text: page lines, paragraphs, summary and signature, from real snippets."""

import pytest

from sitegen.cable.body import paragraphs, remove_page_lines, signers, summary

SEED_PAGE_BREAK = (
    "amendments to Kazakhstan's religion law,\n\nASTANA 00001182 002 OF 002\n\n"
    '"persecution" of "non-traditional" religious groups'
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # mid-sentence: the blank lines around the page line go too
        (
            SEED_PAGE_BREAK,
            (
                "amendments to Kazakhstan's religion "
                'law,\n"persecution" of "non-traditional" religious groups'
            ),
        ),
        # a page break between paragraphs keeps the paragraph break
        (
            "the issue.\n\nPARIS 00000381 002.2 OF 002 \n\n\n2. (C) Next",
            "the issue.\n\n2. (C) Next",
        ),
        ("text\nLA PAZ 00000886 002 OF 002 \nmore", "text\nmore"),
        ("PARIS 00004685  004.2 OF 004\nPlease visit", "Please visit"),
        # not page lines: a serial number inside a sentence, a year range
        (
            "Serial 00001182 002 OF 002 was quoted in the text",
            "Serial 00001182 002 OF 002 was quoted in the text",
        ),
        ("no page lines at all", "no page lines at all"),
    ],
)
def test_remove_page_lines(text, expected):
    assert remove_page_lines(text) == expected


SEED_PARAGRAPHS = """1. (U) Sensitive but unclassified. Not for public Internet.

2. (SBU) SUMMARY: On June 22, several leading civil society activists
briefed members. END SUMMARY.

POLITICAL RIGHTS ON THE DECLINE?

4. (SBU) Yevgeny Zhovtis asserted that little progress has been made.

5. (SBU) Lawyer Daniyar Kanafin said that defendants face a distinct disadvantage in the

courtroom: Kazakhstan's trial acquittal rate is just 0.9 percent.

¶6. (SBU) Adil Soz's Tamara Kaleeva told the participants.
"""


def test_seed_paragraphs():
    found = paragraphs(SEED_PARAGRAPHS)
    assert [(p.number, p.marking) for p in found] == [
        (1, "U"),
        (2, "SBU"),
        (4, "SBU"),
        (5, "SBU"),
        (6, "SBU"),
    ]
    assert found[2].heading == "POLITICAL RIGHTS ON THE DECLINE?"
    assert found[0].heading == ""
    assert found[2].text == "Yevgeny Zhovtis asserted that little progress has been made."
    assert "courtroom: Kazakhstan's trial" in found[3].text  # a stray blank line inside a paragraph
    assert found[4].text.startswith("Adil Soz's")


def test_mixed_case_headings_and_unnumbered_paragraphs():
    text = (
        "Summary\n-------\n\n1. (C) Political pressure is high.\n\n"
        "The Case for Withdrawal\n\n2. (C) Zapatero has been against the war."
    )
    found = paragraphs(text)
    assert [(p.number, p.heading) for p in found] == [
        (1, "Summary"),
        (2, "The Case for Withdrawal"),
    ]


def test_unnumbered_paragraphs():
    found = paragraphs(
        "Sensitive But Unclassified. Please Protect Accordingly.\n\n(C) A marked one."
    )
    assert [(p.number, p.marking, p.text) for p in found] == [
        (None, "", "Sensitive But Unclassified. Please Protect Accordingly."),
        (None, "C", "A marked one."),
    ]


def test_old_all_caps_paragraphs():
    text = (
        "1.  PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM\nNEW "
        "ARGENTINE LEGISLATION.\n\n2.  WE WOULD THEN COUCH AIDE-MEMOIRE."
    )
    found = paragraphs(text)
    assert [(p.number, p.marking) for p in found] == [(1, ""), (2, "")]
    assert (
        found[0].text
        == "PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM NEW ARGENTINE LEGISLATION."
    )


def test_paragraph_run_into_the_previous_one():
    found = paragraphs("1. (C) First, credit. 2. (C) Ambassador Reich observed that.")
    assert [(p.number, p.text) for p in found] == [
        (1, "First, credit."),
        (2, "Ambassador Reich observed that."),
    ]


def test_numbers_out_of_sequence_are_text():
    found = paragraphs("1. (C) In 1990 there were\n2.7 million voters.\n\n2. (C) Next.")
    assert [p.number for p in found] == [1, 2]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "2. (SBU) SUMMARY: On June 22, activists briefed. END SUMMARY.\n\n3. (SBU) More",
            "On June 22, activists briefed.",
        ),
        ("1. (C) Summary. As Gordon Brown lurches.\nEnd Summary.", "As Gordon Brown lurches."),
        (
            "Summary\n-------\n1. (C) Political pressure is high. End Summary.",
            "Political pressure is high.",
        ),
        (
            "1. (C) SUMMARY: RECENT ACTIONS RAISED FLAGS. END SUMMARY\n\n2. (C) X",
            "RECENT ACTIONS RAISED FLAGS.",
        ),
        ("1. (S) Summary: no end marker here.\n\n2. (S) Next paragraph.", "no end marker here."),
        ("He gave a summary of the talks.", ""),
        ("no summary marker", ""),
    ],
)
def test_summary(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Plan on September 9. END COMMENT.\n\nHOAGLAND", ["HOAGLAND"]),
        ("so as to avoid surprises.\nTIMKEN JR", ["TIMKEN JR"]),
        (
            "Classified Website: http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom\nLeBaron",
            ["LeBaron"],
        ),
        ("redlines. END COMMENT EIKENBERRY", ["EIKENBERRY"]),
        (
            "it does not appear that CONARE will change their position on this issue. DANILOVICH",
            ["DANILOVICH"],
        ),
        ("a much-needed radical restructuring. .FARRAR", ["FARRAR"]),
        ("cooperation.\nMANZANARES .", ["MANZANARES"]),
        ("Please slug all responses for ISN, NEA, and T. CLINTON", ["CLINTON"]),
        ("WHICH WOULD APPEAR MOST LIKELY TO SUCCEED.\n\nGP-3\nSACCIO", ["SACCIO"]),
        ("the last line is a sentence without a signature.", []),
        ("", []),
    ],
)
def test_signers(text, expected):
    assert signers(text) == expected
