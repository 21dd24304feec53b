"""Site paths from cable values: WikiLeaks-compatible, and never outside the output folder."""

from __future__ import annotations

import pytest

from sitegen.site import urls
from sitegen.site.render import Output


@pytest.mark.parametrize("ref, created, path", [
    ("09ASTANA1182", "2009-07-14T09:57Z", "cable/2009/07/09ASTANA1182.html"),
    ("66BUENOSAIRES2481", "1966-12-29T20:01Z", "cable/1966/12/66BUENOSAIRES2481.html"),
    ("09ASTANA1182", "", "cable/undated/09ASTANA1182.html"),
    ("../../etc/passwd", "2009-07-14", "cable/2009/07/etc-passwd.html"),
    ("..", "2009-07-14", "cable/2009/07/_.html"),
    ("a/b\\c d", "2009-07-14", "cable/2009/07/a-b-c-d.html"),
    ("09X", "../../2009-07", "cable/undated/09X.html"),
])
def test_cable_paths(ref, created, path):
    assert urls.cable_path(ref, created) == path


@pytest.mark.parametrize("tag, folder", [
    ("PHUM", "tag/PHUM/"), ("CLINTON HILLARY", "tag/CLINTON_HILLARY/"), ("../x", "tag/x/"),
    ("A/B", "tag/A-B/"), ("", "tag/_/"),
])
def test_tag_folders(tag, folder):
    assert urls.tag_folder(tag) == folder


@pytest.mark.parametrize("name, folder", [
    ("Embassy Astana", "origin/embassy-astana/"), ("Consulate Rio De Janeiro",
                                                   "origin/consulate-rio-de-janeiro/"),
    ("Secretary of State", "origin/secretary-of-state/"), ("Embassy Bogotá",
                                                            "origin/embassy-bogota/"),
])
def test_origin_folders(name, folder):
    assert urls.origin_folder(name) == folder


def test_classification_and_date_folders():
    assert (urls.classification_folder("UNCLASSIFIED//FOR OFFICIAL USE ONLY")
            == "classification/unclassified-for-official-use-only/")
    assert urls.date_folder("2009", "07") == "date/2009/07/"
    assert urls.paged("tag/PHUM/", 1) == "tag/PHUM/"
    assert urls.paged("tag/PHUM/", 3) == "tag/PHUM/page/3/"
    assert urls.cable_text_path("09ASTANA1182", "2009-07-14") == "cable/2009/07/09ASTANA1182.txt"


@pytest.mark.parametrize("path", ["../outside.html", "a/../../outside.html", "/etc/x"])
def test_output_refuses_paths_that_leave_the_folder(tmp_path, path):
    output = Output(tmp_path / "stage", None)
    (tmp_path / "stage").mkdir()
    with pytest.raises(ValueError):
        output.write(path, "x")
    assert not (tmp_path / "outside.html").exists()


def test_person_tags_read_well_in_urls():
    assert urls.tag_folder("CLINTON, HILLARY") == "tag/CLINTON_HILLARY/"
