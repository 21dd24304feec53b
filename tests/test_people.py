"""Finding the persons of a cable: real snippets, mixed case and ALL-CAPS, as tables."""

from __future__ import annotations

import pytest

from sitegen.cable.model import Cable, ClassifiedBy
from sitegen.cable.people import find_persons

SEED_BODY = """\
3. (SBU) The briefing was attended by representatives of embassies of the United States,
Great Britain, the Netherlands, Norway, Poland, the Czech Republic, and Hungary. The civil
society attendees were Yevgeniy Zhovtis of the Human Rights Bureau, Ninel Fokina of the
Almaty Helsinki Committee, Tamara Kaleyeva of the Adil Soz media-freedom NGO, Vera Tkachenko
of the Legal Policy Research Center, and Daniyar Kanafin, an independent lawyer.

4. (SBU) Yevgeny Zhovtis asserted that little progress has been made in implementing
democratic reforms. In fact, Zhovtis claimed that political reform has actually been
"moving backward."

5. (SBU) Lawyer Daniyar Kanafin said that while he believes the Kazakhstani government
recognizes its obligation, it has done little. Kanafin also criticized the prosecutorial
practice of using anonymous testimony.

6. (SBU) Adil Soz's Tamara Kaleeva told the participants that the government has recently
taken a few positive steps. Kaleeva expressed great concern about the draft law.

8. (SBU) COMMENT: The Plan was recently signed by President Nazarbayev. END COMMENT.
"""


def persons_of(**fields) -> dict[str, object]:
    """name -> Person for a cable made of the given fields."""
    return {p.name: p for p in find_persons(Cable(**fields))}


def test_seed_cable_names_its_people_once_each():
    persons = persons_of(body=SEED_BODY, signers=["HOAGLAND"])
    assert list(persons) == [
        "Yevgeniy Zhovtis",
        "Ninel Fokina",
        "Tamara Kaleyeva",
        "Vera Tkachenko",
        "Daniyar Kanafin",
        "Nazarbayev",
        "Hoagland",
    ]
    zhovtis = persons["Yevgeniy Zhovtis"]
    assert zhovtis.mentions == ["Yevgeniy Zhovtis", "Yevgeny Zhovtis", "Zhovtis"]
    assert zhovtis.slug == "yevgeniy-zhovtis"
    assert persons["Tamara Kaleyeva"].mentions == ["Tamara Kaleyeva", "Tamara Kaleeva", "Kaleeva"]
    assert persons["Daniyar Kanafin"].roles == ["Lawyer"]
    assert persons["Nazarbayev"].roles == ["President"]
    assert persons["Hoagland"].sources == ["signer"]


@pytest.mark.parametrize(
    "text",
    [
        "Ninel Fokina of the Almaty Helsinki Committee said",
        "Tamara Kaleyeva of the Adil Soz media-freedom NGO. Later Adil Soz's lawyer spoke.",
        "the suspension of 72 Muslim workers at Paris, Charles de Gaulle airport, was",
        "there is a Venezuelan base in San Borja, but the other diplomats",
        "others, such as the Jehovah's Witnesses, do not currently have problems",
        "XXXXXXXXXXXX told poloff that XXXXXXXXXXXX had left",
        "a new $10 billion Mohammed Bin Rashid Foundation for education",
        "the attack on the USS Cole in Aden harbor",
        "UN Security Council Resolution (UNSCR) 1559 and the Blue Line",
    ],
)
def test_organisations_places_ships_and_redactions_are_not_people(text):
    names = set(persons_of(body=text))
    assert names <= {"Ninel Fokina", "Tamara Kaleyeva"}


@pytest.mark.parametrize(
    ("body", "name", "role"),
    [
        ("met with Minister of Defense Jose Bono and CHOD", "Jose Bono", "Minister of Defense"),
        ("Ambassador to NATO Victoria Nuland welcomed", "Victoria Nuland", "Ambassador to NATO"),
        (
            "UN Special Coordinator for Lebanon (UNSCOL) Michael Williams shared",
            "Michael Williams",
            "Special Coordinator for Lebanon",
        ),
        ("a private meeting with President Bush, as inopportune", "Bush", "President"),
        ("met Director General of ISI LTGen Pasha on January 9.", "Pasha", "LTGen"),
        ("MP Hamid al-Ahmar said", "Hamid al-Ahmar", "MP"),
        ("Iraqi PM al Maliki, and believes", "Maliki", "PM"),
        ("Dear Ms. Tremont, I am grateful", "Tremont", ""),
    ],
)
def test_titles_before_a_name_give_the_role(body, name, role):
    persons = persons_of(body=body)
    assert list(persons) == [name]
    assert persons[name].roles == ([role] if role else [])


@pytest.mark.parametrize(
    ("body", "names"),
    [
        # ALL-CAPS: capitals say nothing, the words do
        (
            "THE MINISTER IN THE OFFICE OF THE PRESIDENCY ESSOP PAHAD HAS LAUNCHED BLISTERING "
            "ATTACKS ON THE PRESS.",
            ["Essop Pahad"],
        ),
        (
            "THE TRUCULENT AND PETULANT FOREIGN MINISTER NKOSAZANA DLAMINI-ZUMA (REF H), OR HIS",
            ["Nkosazana Dlamini-Zuma"],
        ),
        ("RECENT ACTIONS AND STATEMENTS BY PRESIDENT MBEKI HAVE RAISED CAUTION FLAGS.", ["Mbeki"]),
        (
            "ESTABLISHED BY MBEKI'S BELOVED PREDECESSOR NELSON MANDELA. THEY ARGUE",
            ["Nelson Mandela"],
        ),
        (
            "PRESS REPORTS AND VARIETY EMBASSY SOURCES CONFIRM NEW ARGENTINE LEGISLATION "
            "UNILATERALLY CHANGING SEAS JURISDICTION NOW UNDER ADVANCED REVIEW.",
            [],
        ),
        ("THE STRATEGY FOCUSES ON THE UPCOMING DEPLOYMENT OF A PRT IN HERAT.", []),
        # mixed case
        (
            "Generals Vargas, Bersatti and Trigo are reportedly fighting",
            ["Vargas", "Bersatti", "Trigo"],
        ),
        (
            "Sheikh Ahmed bin Saeed\nal-Maktoum, head of Dubai Civil aviation",
            ["Ahmed bin Saeed al-Maktoum"],
        ),
        ("former 17th Brigade Commander Rito Alejo del Rio are working", ["Rito Alejo del Rio"]),
        (
            "Charge Dan Piccuta\nJoe Donovan, U.S. Consul General Hong Kong",
            ["Dan Piccuta", "Joe Donovan"],
        ),
        ("Yours sincerely,\nW M Jessett (Director Counter-Terrorism)", ["W M Jessett"]),
        ("Bono expected Chavez would leave the scene. Chavez warned", ["Chavez"]),
    ],
)
def test_names_in_text(body, names):
    assert list(persons_of(body=body)) == names


def test_all_caps_names_are_shown_in_normal_capitalisation():
    persons = persons_of(
        body="CLASSIFIED BY AMBASSADOR DELANO E. LEWIS. REASONS 1.5 (B).\n\n"
        "1. (C) AMBASSADOR LEWIS HAS ALREADY BEGUN. JUSTICE WILLIAM "
        "MCGEE, IN FACT, AGREED.",
        signers=["LEWIS"],
    )
    assert list(persons) == ["Delano E. Lewis", "William McGee"]
    assert persons["Delano E. Lewis"].mentions == ["DELANO E. LEWIS", "LEWIS"]


def test_person_tags_classifier_and_signer_are_sources():
    cable = dict(
        tags=["PREL", "CLINTON, HILLARY", "KZ"],
        subject="SECRETARY CLINTON'S MEETING WITH PRESIDENT NAZARBAYEV",
        classified_by=ClassifiedBy(
            name="Richard E. Hoagland",
            title="Ambassador",
            text="Ambassador Richard E. Hoagland, 1.4 (b), (d)",
        ),
        body="1. (C) Secretary Clinton met President Nazarbayev.\n",
        signers=["HOAGLAND"],
    )
    persons = persons_of(**cable)
    assert list(persons) == ["Hillary Clinton", "Nazarbayev", "Richard E. Hoagland"]
    assert persons["Hillary Clinton"].sources == ["tags", "subject", "body"]
    assert persons["Hillary Clinton"].mentions == ["CLINTON, HILLARY", "CLINTON", "Clinton"]
    hoagland = persons["Richard E. Hoagland"]
    assert hoagland.sources == ["classified_by", "signer"]
    assert hoagland.roles == ["Ambassador"]


def test_addressees_in_routing_lines():
    body = (
        "C O N F I D E N T I A L SECTION 01 OF 02 MADRID 002588\n\nSIPDIS\n\n"
        "DEPARTMENT FOR EUR A/S FRIED AND EUR/WE\nNSC FOR HADLEY\n"
        "STATE PASS TO USAID FOR E. LOKEN AND L. DOBBINS\nADDIS ABABA FOR USAU\n\n"
        "E.O. 12958: DECL: 07/08/2015\nTAGS: PREL MARR SP VZ\n"
        "SUBJECT: AMBASSADOR'S MEETING WITH MOD BONO\n\n1. (C) Summary. The meeting.\n"
    )
    assert list(persons_of(body=body)) == ["Fried", "Hadley", "E. Loken", "L. Dobbins"]


def test_two_people_sharing_a_surname_stay_apart():
    body = (
        "1. (S) Minister Ibrahim Kemoh Sesay was relieved of his duties. Sesay has "
        "proclaimed his innocence.\n\n3. (SBU) Media reports called for his resignation "
        "after the arrest of his cousin, Mohamed Sesay. Kemoh Sesay has declared his "
        "innocence.\n"
    )
    persons = persons_of(body=body)
    assert list(persons) == ["Ibrahim Kemoh Sesay", "Mohamed Sesay"]
    assert persons["Ibrahim Kemoh Sesay"].mentions == [
        "Ibrahim Kemoh Sesay",
        "Sesay",
        "Kemoh Sesay",
    ]


def test_surname_before_the_full_name_joins_it():
    persons = persons_of(
        subject="AZNAR KEPT UNDER WRAPS",
        body="1. (C) Jose Maria Aznar did not take part. Aznar avoided it.",
    )
    assert list(persons) == ["Jose Maria Aznar"]
    assert persons["Jose Maria Aznar"].sources == ["subject", "body"]


def test_a_titled_surname_is_not_the_middle_named_namesake():
    body = (
        "1. (C) The DCM met United Nations representative Jose Manuel Martinez Morales. "
        "Mr. Martinez opened with the point.\n\n2. (C) President Morales unveiled the plan."
    )
    assert list(persons_of(body=body)) == ["Jose Manuel Martinez Morales", "Morales"]


def test_fragment_without_names_and_empty_cable():
    assert find_persons(Cable()) == []
    assert find_persons(Cable(tags=["PHUM"], subject="KAZAKHSTAN: CIVIL SOCIETY")) == []
