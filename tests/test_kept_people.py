"""The merge kept between builds: taken back, and merged again where cables changed, it is
the merge a build from scratch makes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitegen.cable.model import Person
from sitegen.site.collections import CableMeta, newest_first
from sitegen.site.kept_people import MAX_CHANGED_CABLES, dump_people, update_people
from sitegen.site.people import load_registry, merge_people, person_meta
from sitegen.site.person_pages import set_tokens

# Names that merge, split, join and collide: spellings (Zhovtis), middle initials (Smith),
# a short form (Dadis Camara), slugs that collide (O'Neil / O Neil, and "John Smith 2",
# whose slug is the second John Smith's), surnames alone, and a registry entry's aliases.
NAMES = ["Yevgeniy Zhovtis", "Yevgeny Zhovtis", "Zhovtis", "John Smith", "John A. Smith",
         "John B. Smith", "John Smith 2", "Smith", "Mary O'Neil", "Mary O Neil",
         "Moussa Dadis Camara", "Dadis Camara", "Sekou Camara", "Moussa Camara", "Jane Smith",
         "Nazarbayev", "Nursultan Nazarbaev",
         "Richard E. Hoagland", "Richard Hoagland", "Hoagland", "Adil Soz", "Page Turner"]
ROLES = ["", "Ambassador", "Lawyer", "President"]
REGISTRY = Path(__file__).parent / "data" / "people.toml"
FOLDERS = {"PHUM": "phum", "KZ": "kz"}


def cable(ref: str, created: str, persons: list[tuple], record: str = "r") -> CableMeta:
    found = [Person(name, "", mentions, roles) for name, mentions, roles in persons]
    return CableMeta(reference_id=ref, created=created, subject="", origin="",
                     classification="", tags=("PHUM",), record_key=f"{ref}-{record}",
                     persons=tuple(person_meta(p) for p in found))


def random_persons(rng: random.Random) -> list[tuple]:
    return [(rng.choice(NAMES), [rng.choice(NAMES)] if rng.random() < 0.3 else [],
             [role] if (role := rng.choice(ROLES)) else []) for _ in range(rng.randrange(5))]


def random_corpus(rng: random.Random, count: int) -> list[tuple]:
    return [(f"09ASTANA{n}", f"2009-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
             random_persons(rng)) for n in range(count)]


def as_data(people, cables) -> tuple:
    return ([(slug, p.name, p.description, p.links, [c.reference_id for c in p.cables],
              p.indexes, p.token) for slug, p in people.pages.items()],
            [c.persons for c in cables], list(people.order), people.partitions, people.surnames)


def merged_anew(corpus: list[tuple], registry) -> tuple:
    cables = newest_first([cable(*row) for row in corpus])
    people = merge_people(cables, registry)
    set_tokens(people, FOLDERS)
    return people, cables


def kept(corpus: list[tuple], registry) -> bytes:
    people, cables = merged_anew(corpus, registry)
    return b"".join(dump_people(people, cables, registry, FOLDERS))


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("with_registry", [False, True])
@pytest.mark.parametrize("joined", [50, 1, 2])
def test_merging_again_what_changed_is_merging_anew(tmp_path, monkeypatch, seed, with_registry,
                                                    joined):
    # (With fewer groups of one surname to be joined than 50, common surnames have their
    # groups merged apart, and edits make them cross the limit.)
    from sitegen.site import kept_people, people

    monkeypatch.setattr(people, "JOINED_SURNAMES", joined)
    monkeypatch.setattr(kept_people, "JOINED_SURNAMES", joined)
    registry = load_registry(REGISTRY if with_registry else tmp_path / "none.toml")
    rng = random.Random(seed)
    corpus = random_corpus(rng, 40)
    data = kept(corpus, registry)
    for _ in range(3):  # edits one after the other, each against the same kept merge
        for _ in range(rng.randrange(1, 4)):
            n = rng.randrange(len(corpus))
            ref, created, *_ = corpus[n]
            edit = rng.random()
            if edit < 0.15:  # a cable removed
                del corpus[n]
                continue
            if edit < 0.3:  # a cable added
                ref = f"10ASTANA{rng.randrange(10**6)}"
                n = len(corpus)
                corpus.append(())
            if rng.random() < 0.2:  # a new date: the cable moves among the others
                created = f"2009-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
            corpus[n] = (ref, created, random_persons(rng), f"edit{rng.random()}")
        cables = newest_first([cable(*row) for row in corpus])
        updated = update_people(data, cables, registry, FOLDERS)
        assert updated is not None
        set_tokens(updated, FOLDERS)
        assert as_data(updated, cables) == as_data(*merged_anew(corpus, registry))


def test_a_kept_merge_with_nothing_changed_is_taken_back_whole(tmp_path):
    registry = load_registry(tmp_path / "none.toml")
    corpus = random_corpus(random.Random(7), 30)
    data = kept(corpus, registry)
    cables = newest_first([cable(*row) for row in corpus])
    people = update_people(data, cables, registry, FOLDERS)
    assert all(page.token for page in people.pages.values())  # none worked out again
    assert as_data(people, cables) == as_data(*merged_anew(corpus, registry))
    assert "john-smith-2" in people.pages or "john-smith" in people.pages


def test_what_cannot_be_merged_again_is_merged_anew(tmp_path):
    registry = load_registry(tmp_path / "none.toml")
    corpus = random_corpus(random.Random(3), 30)
    data = kept(corpus, registry)

    def update(rows, registry=registry):
        return update_people(data, newest_first([cable(*row) for row in rows]), registry,
                             FOLDERS)

    assert update(corpus) is not None
    twice = newest_first([cable(*row) for row in [*corpus, corpus[0]]])
    assert update_people(data, twice, registry, FOLDERS) is None  # which one is which?
    assert update(corpus, load_registry(REGISTRY)) is None
    crowd = [(ref, created, [(f"Person{n} Crowd", [], [])]) for n, (ref, created, _) in
             enumerate(corpus * (MAX_CHANGED_CABLES // len(corpus) + 1))]
    many = kept([(f"{ref}-{n}", created, []) for n, (ref, created, _) in enumerate(crowd)],
                registry)
    rows = [(f"{ref}-{n}", created, persons) for n, (ref, created, persons) in enumerate(crowd)]
    assert update_people(many, newest_first([cable(*row) for row in rows]), registry,
                         FOLDERS) is None  # too many changed: merged anew


def test_tokens_are_kept_but_for_the_people_of_changed_cables(tmp_path):
    registry = load_registry(tmp_path / "none.toml")
    corpus = [("09ASTANA1", "2009-01-01", [("Yevgeniy Zhovtis", [], []), ("John Smith", [], [])]),
              ("09ASTANA2", "2009-01-02", [("Mary O'Neil", [], [])]),
              ("09ASTANA3", "2009-01-03", [("Richard Hoagland", [], [])])]
    data = kept(corpus, registry)
    corpus[0] = (*corpus[0][:3], "edited")  # its record changed, not its people
    cables = newest_first([cable(*row) for row in corpus])
    people = update_people(data, cables, registry, FOLDERS)
    assert {slug for slug, page in people.pages.items() if not page.token} == {
        "yevgeniy-zhovtis", "john-smith"}
    assert not any(page.token for page in update_people(
        data, cables, registry, {**FOLDERS, "KZ": "kz-2"}).pages.values())


def test_a_damaged_kept_merge_is_not_taken_back(tmp_path):
    registry = load_registry(tmp_path / "none.toml")
    corpus = random_corpus(random.Random(5), 20)
    data = kept(corpus, registry)
    *lines, packed = data.split(b"\n", 11)
    for damaged in (data[:-3], b"\n".join([b"{not json", *lines[1:], packed]),
                    b"\n".join([*lines, packed[8:]]), b"\n".join(lines),
                    b"\n".join([*lines[:3], lines[3].replace(b"[", b"[9"), *lines[4:], packed])):
        cables = newest_first([cable(*row) for row in corpus])
        assert update_people(damaged, cables, registry, FOLDERS) is None
        assert not any(slug for c in cables for slug in c.slugs())  # nothing half set
