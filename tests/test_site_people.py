"""One person, one page: merging the persons of many cables, and the editors' registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cable.model import Person
from sitegen.errors import SitegenError
from sitegen.site.collections import CableMeta
from sitegen.site.people import (
    PersonRef,
    co_mentioned,
    load_registry,
    merge_people,
    person_meta,
    top_tags,
)

REGISTRY = Path(__file__).parent / "data" / "people.toml"


def cable(ref: str, created: str, *persons: tuple, tags: tuple = ()) -> CableMeta:
    """A cable's metadata naming persons given as (name, mentions, roles)."""
    found = [Person(name, "", list(mentions), list(roles)) for name, mentions, roles in persons]
    return CableMeta(
        reference_id=ref,
        created=created,
        subject="",
        origin="",
        classification="",
        tags=tags,
        persons=tuple(person_meta(p) for p in found),
    )


def slugs_of(meta: CableMeta) -> list[str]:
    return [PersonRef.from_tuple(p).slug for p in meta.people()]


def test_transliterations_tags_and_middle_initials_merge():
    cables = [
        cable(
            "09ASTANA1182", "2009-07-14", ("Yevgeniy Zhovtis", ["Yevgeny Zhovtis", "Zhovtis"], [])
        ),
        cable("09ASTANA1200", "2009-07-20", ("Yevgeny Zhovtis", ["Zhovtis"], ["Lawyer"])),
        cable("08ASTANA900", "2008-05-02", ("Yevgeniy Zhovtis", ["CLINTON, X"], [])),
        cable("09ASTANA1300", "2009-08-01", ("Richard E. Hoagland", [], ["Ambassador"])),
        cable("09ASTANA1301", "2009-08-02", ("Richard Hoagland", [], [])),
    ]
    people = merge_people(cables)
    assert list(people.pages) == ["richard-e-hoagland", "yevgeniy-zhovtis"]
    zhovtis = people.pages["yevgeniy-zhovtis"]
    assert zhovtis.name == "Yevgeniy Zhovtis"  # the form most cables use
    assert [c.reference_id for c in zhovtis.cables] == [
        "09ASTANA1200",
        "09ASTANA1182",
        "08ASTANA900",
    ]
    assert "Yevgeny Zhovtis" in zhovtis.aliases and "Zhovtis" in zhovtis.aliases
    assert zhovtis.roles == {"Lawyer": 1}
    assert slugs_of(cables[1]) == ["yevgeniy-zhovtis"]
    assert len(people.pages["richard-e-hoagland"].cables) == 2


def test_surname_only_mentions_never_merge_across_cables():
    cables = [
        cable("09ASTANA1", "2009-01-01", ("Nazarbayev", [], ["President"])),
        cable("09ASTANA2", "2009-01-02", ("Nazarbayev", [], ["President"])),
        cable("09ASTANA3", "2009-01-03", ("Nursultan Nazarbayev", [], [])),
    ]
    people = merge_people(cables)
    assert list(people.pages) == ["nursultan-nazarbayev"]
    assert slugs_of(cables[0]) == [""] and slugs_of(cables[2]) == ["nursultan-nazarbayev"]


def test_a_short_form_joins_the_one_full_name_it_fits():
    cables = [
        cable("09CONAKRY1", "2009-01-01", ("Moussa Dadis Camara", [], ["Captain"])),
        cable("09CONAKRY2", "2009-01-02", ("Dadis Camara", [], [])),
        cable("09CONAKRY3", "2009-01-03", ("Fatou Camara", [], [])),
    ]
    people = merge_people(cables)
    assert sorted(people.pages) == ["fatou-camara", "moussa-dadis-camara"]
    assert len(people.pages["moussa-dadis-camara"].cables) == 2


def test_people_sharing_a_surname_stay_apart():
    cables = [
        cable(
            "08FREETOWN389",
            "2008-08-06",
            ("Ibrahim Kemoh Sesay", [], []),
            ("Mohamed Sesay", [], []),
        ),
        cable("09SANAA2274", "2009-12-26", ("Hamid al-Ahmar", [], []), ("Himyar al-Ahmar", [], [])),
        cable("09X1", "2009-01-01", ("Richard A. Hoagland", [], [])),
        cable("09X2", "2009-01-02", ("Richard E. Hoagland", [], [])),
    ]
    people = merge_people(cables)
    assert sorted(p.name for p in people.pages.values()) == [
        "Hamid al-Ahmar",
        "Himyar al-Ahmar",
        "Ibrahim Kemoh Sesay",
        "Mohamed Sesay",
        "Richard A. Hoagland",
        "Richard E. Hoagland",
    ]


def test_registry_names_aliases_and_non_people():
    registry = load_registry(REGISTRY)
    cables = [
        cable("09ASTANA1", "2009-01-01", ("Nazarbayev", [], ["President"]), ("Adil Soz", [], [])),
        cable("09ASTANA2", "2009-01-02", ("Nursultan Nazarbaev", [], [])),
    ]
    people = merge_people(cables, registry)
    assert list(people.pages) == ["nursultan-nazarbayev"]
    page = people.pages["nursultan-nazarbayev"]
    assert page.description == "President of Kazakhstan."
    assert page.links == ("https://en.wikipedia.org/wiki/Nursultan_Nazarbayev",)
    assert len(page.cables) == 2
    assert slugs_of(cables[0]) == ["nursultan-nazarbayev", ""]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[person]]\naliases = ['X']\n", "has no name"),
        ("[[person]]\nname = 'A B'\nwiki = 'x'\n", "unknown key 'wiki'"),
        ("[people]\n", "unknown section 'people'"),
        ("[[person]\n", "people.toml"),
    ],
)
def test_registry_errors_name_the_file(tmp_path, text, message):
    toml = tmp_path / "people.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(SitegenError, match=message):
        load_registry(toml)


def test_missing_registry_is_empty(tmp_path):
    assert load_registry(tmp_path / "people.toml").entries == []


def test_co_mentioned_people_and_top_tags():
    cables = [
        cable(
            "09A1",
            "2009-01-01",
            ("Yevgeniy Zhovtis", [], []),
            ("Ninel Fokina", [], []),
            tags=("PHUM", "KZ"),
        ),
        cable(
            "09A2",
            "2009-02-01",
            ("Yevgeniy Zhovtis", [], []),
            ("Ninel Fokina", [], []),
            ("Vera Tkachenko", [], []),
            tags=("PHUM", "CLINTON, HILLARY"),
        ),
    ]
    people = merge_people(cables)
    zhovtis = people.pages["yevgeniy-zhovtis"]
    assert [(p.name, n) for p, n in co_mentioned(zhovtis, people)] == [
        ("Ninel Fokina", 2),
        ("Vera Tkachenko", 1),
    ]
    assert top_tags(zhovtis) == [("PHUM", 2), ("KZ", 1)]


def test_two_people_whose_slugs_collide_get_two_pages():
    cables = [
        cable("09A1", "2009-01-01", ("Mary O'Neil", [], [])),
        cable("09A2", "2009-01-02", ("Mary O Neil", [], [])),
    ]
    people = merge_people(cables)
    assert sorted(people.pages) == ["mary-o-neil", "mary-o-neil-2"]


# --- person pages -----------------------------------------------------------------------------

from sitegen.config import SiteConfig  # noqa: E402
from sitegen.site.person_pages import (  # noqa: E402
    cable_people,
    link_mentions,
    person_specs,
)
from sitegen.site.sentences import sentence_with  # noqa: E402

SEED_TEXT = (
    "3. (SBU) The civil society attendees were Yevgeniy Zhovtis of the Human Rights Bureau, "
    "Ninel Fokina of the\nAlmaty Helsinki Committee. Others came too.\n\n"
    "4. (SBU) Yevgeny Zhovtis asserted that little progress has been made. In fact, Zhovtis "
    'claimed that reform has been "moving backward."'
)


@pytest.mark.parametrize(
    ("forms", "sentence"),
    [
        (
            ("Yevgeniy Zhovtis", "Yevgeny Zhovtis", "Zhovtis"),
            "The civil society attendees were Yevgeniy Zhovtis of the Human Rights Bureau, "
            "Ninel Fokina of the Almaty Helsinki Committee.",
        ),
        (
            ("Ninel Fokina",),
            "The civil society attendees were Yevgeniy Zhovtis of the "
            "Human Rights Bureau, Ninel Fokina of the Almaty Helsinki Committee.",
        ),
        (("Vera Tkachenko",), ""),
    ],
)
def test_sentence_with_the_name(forms, sentence):
    assert sentence_with(SEED_TEXT, forms) == sentence


def test_a_sentence_of_prose_is_preferred_to_a_heading():
    text = "KAZAKHSTAN: VIEWS ON NAZARBAYEV\n\n13. (C) President Nazarbayev told the Ambassador so."
    assert sentence_with(text, ("Nazarbayev", "NAZARBAYEV")) == (
        "President Nazarbayev told the Ambassador so."
    )


def test_long_sentences_are_cut_around_the_name():
    text = "The meeting " + "went on and on " * 60 + "until Kanafin spoke, " + "and more " * 60
    sentence = sentence_with(text, ("Kanafin",))
    assert "Kanafin" in sentence and len(sentence) <= 330 and sentence.startswith("…")


def test_first_mention_per_paragraph_is_linked_and_nothing_else_changes():
    persons = (
        ("Yevgeniy Zhovtis", "yevgeniy-zhovtis", "Yevgeny Zhovtis\x1fZhovtis", ""),
        ("Nazarbayev", "", "", "President"),
    )
    html = (
        '<p id="par3">Yevgeny Zhovtis said. Zhovtis added, <a href="#x">Zhovtis</a>.</p>\n'
        "<p>President Nazarbayev signed. <em>Zhovtis</em> left.</p>\n"
        '<p title="Zhovtis">No mention here.</p>'
    )
    linked = link_mentions(html, persons, lambda path: "/" + path)
    assert str(linked) == (
        '<p id="par3"><a class="person" href="/person/ye/yevgeniy-zhovtis/">Yevgeny Zhovtis</a> '
        'said. Zhovtis added, <a href="#x">Zhovtis</a>.</p>\n'
        '<p>President Nazarbayev signed. <em><a class="person" href="/person/ye/yevgeniy-zhovtis/">'
        'Zhovtis</a></em> left.</p>\n<p title="Zhovtis">No mention here.</p>'
    )


def test_cable_people_link_only_people_with_pages():
    persons = (
        ("Yevgeniy Zhovtis", "yevgeniy-zhovtis", "", "Lawyer"),
        ("Nazarbayev", "", "", "President"),
    )
    assert cable_people(persons) == [
        dict(name="Yevgeniy Zhovtis", roles=["Lawyer"], folder="person/ye/yevgeniy-zhovtis/"),
        dict(name="Nazarbayev", roles=["President"], folder=""),
    ]


def test_person_specs_paginate_and_list_sources():
    cables = [
        cable(f"09ASTANA{n}", f"2009-07-{n:02}", ("Yevgeniy Zhovtis", ["Zhovtis"], []))
        for n in range(1, 4)
    ]
    for c in cables:
        c.record_key = "key-" + c.reference_id
    people = merge_people(cables)
    specs = [spec.ready() for spec in person_specs(people, SiteConfig(per_page=2), {})]
    assert [s.path for s in specs] == [
        "person/",
        "person/ye/",
        "person/top/",
        "person/ye/yevgeniy-zhovtis/",
        "person/ye/yevgeniy-zhovtis/page/2/",
    ]
    first = specs[3]
    assert [s[1] for s in first.sources] == ["09ASTANA3", "09ASTANA2"]
    assert first.sources[0] == ("key-09ASTANA3", "09ASTANA3", (0,))
    assert specs[0].context["groups"] == [
        dict(title="Y", items=[("Yevgeniy Zhovtis", 3, "person/ye/yevgeniy-zhovtis/", "")])
    ]


def test_a_large_index_is_split_into_shards_and_pages():
    import re
    names = ["Yevgeniy Zhovtis", "Yevgeny Zhovtis", "Yelena Ivanova", "Yerlan Idrisov",
             "Ninel Fokina", "Nursultan Nazarbayev", "Andrei Page"]
    cables = [cable(f"09ASTANA{n}", f"2009-07-{n:02}", (name, [], []))
              for n, name in enumerate(names, start=1)]
    people = merge_people(cables)
    assert len(people.pages) == 6  # Yevgeniy = Yevgeny
    specs = {s.path: s.ready() for s in person_specs(people, SiteConfig(), {}, per_page=2)}
    index = specs["person/"].context["groups"]
    assert [g["title"] for g in index] == ["A", "N", "Y"]
    assert index[1]["items"] == [("Ni", 1, "person/ni/", "Ninel Fokina"),
                                 ("Nu", 1, "person/nu/", "Nursultan Nazarbayev")]
    assert index[2]["items"] == [("Ye", 3, "person/ye/", "Yelena Ivanova … Yevgeniy Zhovtis")]
    assert {"person/ye/", "person/ye/page/2/", "person/nu/", "person/ni/"} <= set(specs)
    shard_lists = [s for p, s in specs.items() if re.fullmatch(r"person/\w\w/(page/\d+/)?", p)]
    listed = [item[0] for spec in shard_lists
              for group in spec.context["groups"] for item in group["items"]]
    assert sorted(listed) == sorted(p.name for p in people.pages.values())
    for page in people.pages.values():
        folder = f"person/{page.slug[:2]}/{page.slug}/"
        assert folder in specs, folder
    assert "person/an/andrei-page/" in specs


def test_page_is_never_a_person_slug(tmp_path):
    toml = tmp_path / "people.toml"
    toml.write_text('[[person]]\nname = "Andrei Page"\nslug = "page"\n', encoding="utf-8")
    people = merge_people([cable("09ASTANA1", "2009-01-01", ("Andrei Page", [], []))],
                          load_registry(toml))
    assert list(people.pages) == ["page-2"]  # person/pa/page/ is the "pa" list's pager


# --- the demo site --------------------------------------------------------------------------

import re  # noqa: E402

from sitegen.cable.lexicon import lexicon  # noqa: E402
from sitegen.site.people import name_key  # noqa: E402

# Non-persons the rules once took for people in the demo cables (places, parties, a
# newspaper, a quoted NGO name, routing lines, a doubled signature...): never again a page.
NOT_PEOPLE = [
    "Minas Gerais",
    "Riberao Preto",
    "Patria Nueva",
    "Hezb-i-Islami Gulbuddin",
    "Folha de Sao",
    "Amconsul Recife",
    "Recife",
    "Xs Xr",
    "Ni Putes Ni Soumises",
    "Even Calderon",
    "Sri Lanka Des Browne",
    "Shannon Shannon",
    "A.i. Lisa Kubiske",
    "Observatorio de Gestion Publica",
    "Tamil Diaspora",
    "Adil Soz",
    "Almaty Helsinki",
]
# One person written two ways in the demo cables: one page each.
SAME_PEOPLE = [
    ("Gulbuddin Hekmatyar", "Gulbaddin Hekmatyr"),
    ("Moussa Dadis Camara", "Dadis Camara"),
    ("Charles Otema Awany", "Oteng Awany"),
    ("Taieb Fassi Fihri", "Minster Taieb Fassi Fihri"),
    ("Lisa Kubiske", "A.i. Lisa Kubiske"),
    ("Des Browne", "Sri Lanka Des Browne"),
]


def demo_people(site) -> dict[str, str]:
    """name -> page folder, from the demo's A-Z index."""
    html = (site / "person" / "index.html").read_text(encoding="utf-8")
    found = re.findall(
        r'<li><a href="[^"]*?(person/[^"/]+/[^"/]+/)">([^<]+)</a> <span class="count">', html
    )
    return {name: folder for folder, name in found}


def test_demo_person_pages_exist_and_are_people(demo_site):
    people = demo_people(demo_site)
    assert len(people) > 100
    for name, folder in people.items():
        assert (demo_site / folder / "index.html").is_file(), name
    lex = lexicon()
    for name in people:
        words = name.lower().replace("-", " ").split()
        assert name not in NOT_PEOPLE, name
        assert not set(words) & (lex.heads | lex.not_names), name  # "... Committee", "AMCONSUL"
        assert not all(w in lex.places for w in words), name
        assert tuple(words) not in lex.place_phrases, name
        assert not re.search(r"[xX]{3}", name), name


def test_demo_has_no_two_pages_for_one_person(demo_site):
    people = demo_people(demo_site)
    keys = [name_key(name) for name in people]
    assert len(keys) == len(set(keys))
    for a, b in SAME_PEOPLE:
        assert not (a in people and b in people), (a, b)
    by_surname: dict[str, list[tuple[str, ...]]] = {}
    for key in keys:
        by_surname.setdefault(key[-1], []).append(key)
    for key in keys:  # "Dadis Camara" beside "Moussa Dadis Camara": the short form is a duplicate
        longer = [k for k in by_surname[key[-1]] if len(k) > len(key) and k[-len(key) :] == key]
        assert not longer, (key, longer)


def test_demo_cable_links_its_people(demo_site):
    page = (demo_site / "cable" / "2009" / "07" / "09ASTANA1182.html").read_text(encoding="utf-8")
    assert page.count('class="person" href=') >= 8
    assert '<a href="/person/ye/yevgeniy-zhovtis/">Yevgeniy Zhovtis</a>' in page
    person = (demo_site / "person/ye/yevgeniy-zhovtis/index.html").read_text(encoding="utf-8")
    assert "09ASTANA1182" in person and "Yevgeny Zhovtis" in person
    assert "Human Rights Bureau" in person  # the sentence naming him
    assert '<svg class="chart"' in person
