"""The sentence naming a person in a cable, found once at parse time."""

from __future__ import annotations

import pytest

from sitegen.cable.model import Cable, Person
from sitegen.site.sentences import cable_sentences, person_forms, pick_sentence, sentence_with


@pytest.mark.parametrize(
    ("text", "forms", "sentence"),
    [
        # A sentence that starts with the name is that sentence, not the one before too.
        ("Foo bar went home. Zhovtis said hello there. More text.", ("Zhovtis",),
         "Zhovtis said hello there."),
        # Names broken over lines, as cables wrap them.
        ("6. (C) We met Yevgeniy\nZhovtis in Almaty on Monday.", ("Yevgeniy Zhovtis",),
         "We met Yevgeniy Zhovtis in Almaty on Monday."),
        # Never inside a longer word or a hyphenated one.
        ("Alik and al-Ali met. Then Ali spoke at length to us.", ("Ali",),
         "Then Ali spoke at length to us."),
        ("Alison left the room without a word.", ("Ali",), ""),
    ],
)
def test_sentence_with(text, forms, sentence):
    assert sentence_with(text, forms) == sentence


def test_forms_longest_first_without_tag_forms():
    assert person_forms("James B. Steinberg", ["STEINBERG, JAMES B.", "Steinberg", "Steinberg"]
                        ) == ("James B. Steinberg", "Steinberg")


def test_cable_sentences_follow_the_persons():
    cable = Cable(subject="KAZAKHSTAN: ZHOVTIS SENTENCED", body=(
        "1. (SBU) Yevgeniy Zhovtis was sentenced on Monday.\n\n"
        "2. (SBU) Ninel Fokina was not surprised by the verdict.\n"))
    cable.persons = [Person("Yevgeniy Zhovtis", "", ["Zhovtis"]), Person("Ninel Fokina", ""),
                     Person("Vera Tkachenko", "")]
    assert cable_sentences(cable) == ["Yevgeniy Zhovtis was sentenced on Monday.",
                                      "Ninel Fokina was not surprised by the verdict.", ""]


def test_pick_prefers_prose_among_merged_forms():
    found = ["KAZAKHSTAN: ZHOVTIS SENTENCED", "", "Zhovtis was sentenced on Monday."]
    assert pick_sentence(found, (0, 2)) == "Zhovtis was sentenced on Monday."
    assert pick_sentence(found, (0,)) == "KAZAKHSTAN: ZHOVTIS SENTENCED"
    assert pick_sentence(found, (1,)) == ""
