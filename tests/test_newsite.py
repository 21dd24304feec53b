"""`sitegen new-site DIR`: a skeleton that builds, passes `sitegen check`, and serves a real
cable page."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.newsite import new_site, site_title

ROOT = Path(__file__).resolve().parent.parent


def test_new_site_builds_and_passes_check(tmp_path, capsys, monkeypatch):
    assert main(["new-site", str(tmp_path / "my-cables")]) == 0
    assert "sitegen serve" in capsys.readouterr().out  # says what to do next
    site = tmp_path / "my-cables"
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == {
        ".gitignore", "README.md", "content/site.toml", "content/people.toml",
        "content/cables/08OSLO461.txt", "content/pages/about.md",
        "content/pages/how-to-read-a-cable.md"}

    monkeypatch.chdir(site)
    assert main(["build", "--no-search", "--quiet", "--jobs", "1"]) == 0
    page = (site / "public/cable/2008/08/08OSLO461.html").read_text(encoding="utf-8")
    assert "NORWAY IN FAVOR OF USG IPCC WG II NOMINEE" in page
    assert "<title>About this site · My cables</title>" in (
        site / "public/about/index.html").read_text(encoding="utf-8")
    capsys.readouterr()

    assert main(["check", "--no-search", "--jobs", "1"]) == 0
    assert "check passed" in capsys.readouterr().out


def test_site_toml_is_valid_and_titled_after_the_folder(tmp_path, capsys):
    new_site(tmp_path / "Café_cables")
    site_toml = tmp_path / "Café_cables" / "content" / "site.toml"
    assert load_config(site_toml).title == "Café cables"
    assert tomllib.loads(site_toml.read_text(encoding="utf-8"))["theme"] == "default"


def test_the_sample_cable_is_the_real_cable(tmp_path, capsys):
    from sitegen.cable.parse import apply_metadata, parse_cable
    from sitegen.sources import read_sources

    new_site(tmp_path / "site")
    sample = tmp_path / "site/content/cables/08OSLO461.txt"
    original = ROOT.parent / "shared/corpus/cablegate-html/cable/2008/08/08OSLO461.html"
    record, released = (next(iter(read_sources([path]))) for path in (sample, original))
    assert record.text.split() == released.text.split()  # word for word the released text
    cable = apply_metadata(parse_cable(record.text), record.metadata)
    assert (cable.reference_id, cable.classification) == ("08OSLO461", "UNCLASSIFIED")
    assert cable.warnings == []


@pytest.mark.parametrize("name, title", [
    ("my-cables", "My cables"), ("embassy_astana", "Embassy astana"), ("Cables", "Cables"),
])
def test_site_title(tmp_path, name, title):
    assert site_title(tmp_path / name) == title


def test_an_empty_folder_is_fine_a_file_is_not(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert new_site(tmp_path / "empty")
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SitegenError, match="not an empty folder"):
        new_site(tmp_path / "notes.txt")
    assert (tmp_path / "notes.txt").read_text() == "mine"
