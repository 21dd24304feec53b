"""Persons named in a cable (issue 4 replaces this placeholder with the real extractor)."""

from __future__ import annotations

from sitegen.cable.model import Cable, Person


def find_persons(cable: Cable) -> list[Person]:
    """Every person the cable names. Placeholder until the extractor lands: finds none."""
    return []
