"""Every error a user can cause names the file and line, says how to fix it, and shows no
traceback (unless --debug). Each case breaks a fresh `sitegen new-site` skeleton and runs the
real command line."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from sitegen.cli import main
from sitegen.errors import SitegenError, read_user_text, user_error
from sitegen.newsite import new_site


@pytest.fixture
def site(tmp_path, capsys) -> Path:
    folder = tmp_path / "site"
    new_site(folder)
    capsys.readouterr()
    return folder


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


# (case, file to break, how, location expected in the message, words expected in it)
CASES = [
    ("TOML syntax", "content/site.toml", 'title = "x"\nbase_url = \n',
     "content/site.toml:2", ["not valid TOML", 'strings in "quotes"']),
    ("unknown setting", "content/site.toml", 'title = "x"\nper_pgae = 20\n',
     "content/site.toml:2", ["unknown setting `per_pgae`", "did you mean `per_page`?"]),
    ("wrong type", "content/site.toml", 'title = "x"\nper_page = "many"\n',
     "content/site.toml:2", ["whole number", "per_page = 100"]),
    ("unknown theme", "content/site.toml", 'title = "x"\n\ntheme = "fancy"\n',
     "content/site.toml:3", ["theme `fancy` not found", 'theme = "default"']),
    ("site.toml not UTF-8", "content/site.toml", b'title = "Caf\xe9"\n',
     "content/site.toml:1", ["not UTF-8", "0xe9", "UTF-8 encoding"]),
    ("site.toml unreadable", "content/site.toml", replace_with_folder,
     "content/site.toml", ["cannot read", "may read it"]),
    ("page not UTF-8", "content/pages/about.md", b"---\ntitle: About\n---\n\nna\xefve\n",
     "content/pages/about.md:5", ["not UTF-8"]),
    ("page front matter", "content/pages/about.md", "---\ntitle: About\ndescription: [oops\n---\n",
     "content/pages/about.md:4", ["front matter", "`key: value`"]),
    ("page front matter colon", "content/pages/about.md", "---\ntitle: Note: this\n---\n",
     "content/pages/about.md:2", ["front matter", "quote values"]),
    ("unclosed front matter", "content/pages/about.md", "---\ntitle: About\n\nText.\n",
     "content/pages/about.md:1", ["never closed"]),
    ("template syntax", "content/templates/cable.html",
     '{% extends "base.html" %}\n{% block main %}\n<h1>{{ cable.subject }</h1>\n{% endblock %}\n',
     "content/templates/cable.html:3", ["template", "fix the template"]),
    ("template undefined value", "content/templates/cable.html",
     '{% extends "base.html" %}\n{% block main %}\n{{ cable.no_such_field.x }}\n{% endblock %}\n',
     "content/templates/cable.html:3", ["no_such_field", "(while rendering /cable/"]),
    ("template extends a missing one", "content/templates/page.html",
     '{% extends "layout.html" %}\n', "content/templates/page.html:1",
     ["`layout.html` not found", "content/templates/"]),
    ("unclosed block in the home template", "content/templates/home.html",
     '{% extends "base.html" %}\n{% block main %}\n{% for x in y %}\n{% endblock %}\n',
     "content/templates/home.html:4", ["endfor"]),
]


@pytest.mark.parametrize("case, name, breakage, location, words", CASES,
                         ids=[case[0] for case in CASES])
def test_build_errors_name_file_and_line_with_a_hint(site, capsys, monkeypatch,
                                                     case, name, breakage, location, words):
    monkeypatch.chdir(site)
    if callable(breakage):
        breakage(site / name)
    else:
        write(site / name, breakage)
    status = main(["build", "--no-search", "--quiet", "--jobs", "1"])
    error = capsys.readouterr().err
    assert status == 1
    assert f"\nerror: {location}: " in "\n" + error, error  # after progress lines, if any
    assert "\n  hint: " in error
    for word in words:
        assert word in error
    assert "Traceback" not in error
    assert not (site / "public").exists()  # nothing half-written


def test_registry_errors_name_the_entry_line(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    write(site / "content/people.toml",
          '[[person]]\nname = "Oyvind Christophersen"\n\n[[person]]\nnmae = "Field"\n')
    assert main(["check", "--no-search", "--jobs", "1"]) == 1
    error = capsys.readouterr().err
    assert "error: content/people.toml:4: [[person]] number 2 has no name" in error
    assert "hint: add name" in error and "Traceback" not in error


def test_a_broken_cable_is_a_problem_of_the_report_not_an_error(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    cable = site / "content/cables/08OSLO461.txt"
    write(cable, cable.read_text().replace("created: 2008-08-15T13:01Z", "created: [2008"))
    write(site / "content/cables/bad.txt", b"\xff\xfe\x00broken")
    assert main(["build", "--no-search", "--quiet", "--jobs", "1"]) == 0
    output = capsys.readouterr().out
    assert "problem: content/cables/08OSLO461.txt:4: front matter is not valid YAML" in output
    assert "problem: content/cables/bad.txt: no reference id found" in output


def test_a_busy_port_says_which_and_what_to_do(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-search"]) == 1
    error = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in error and "--port" in error
    assert "Traceback" not in error


def test_new_site_refuses_a_folder_in_use(site, capsys):
    before = (site / "content/site.toml").read_text()
    assert main(["new-site", str(site)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {site}: ") and "hint: name a new folder" in error
    assert (site / "content/site.toml").read_text() == before


def test_debug_shows_the_traceback_and_no_debug_hides_it(site):
    write(site / "content/site.toml", 'theme = "fancy"\n')

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=site,
                              capture_output=True, text=True, timeout=60)

    plain = run("build", "--no-search")
    assert plain.returncode == 1
    assert plain.stderr.startswith("error: content/site.toml:1: theme `fancy` not found")
    assert "Traceback" not in plain.stderr
    for debug in (run("--debug", "build", "--no-search"), run("build", "--debug")):
        assert debug.returncode == 1
        assert "Traceback" in debug.stderr and "theme_folder" in debug.stderr


def test_unexpected_errors_are_called_bugs(capsys, monkeypatch):
    import sitegen.newsite

    def broken(folder):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sitegen.newsite, "new_site", broken)
    assert main(["new-site", "anywhere"]) == 1
    error = capsys.readouterr().err
    assert "unexpected ZeroDivisionError" in error and "bug in sitegen" in error
    assert "--debug" in error and "Traceback" not in error


# --- the conversions themselves ---------------------------------------------------------------


def test_user_error_of_a_template_syntax_error(tmp_path):
    template = tmp_path / "t.html"
    template.write_text("one\n{% if x %}\n")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        env.get_template("t.html")
    error = user_error(raised.value)
    assert error.location == f"{template}:2" and "endif" in error.message


def test_user_error_leaves_bugs_alone():
    assert user_error(KeyError("x")) is None
    assert user_error(ValueError("x")) is None


@pytest.mark.parametrize("data, line", [
    (b"a = 1\nb = \"\xff\"\n", 2),
    (b"\xc3(\n", 1),
])
def test_read_user_text_names_the_line_of_a_bad_byte(tmp_path, data, line):
    path = tmp_path / "site.toml"
    path.write_bytes(data)
    with pytest.raises(SitegenError) as raised:
        read_user_text(path)
    assert raised.value.location == f"{path}:{line}"


def test_read_user_text_drops_a_byte_order_mark(tmp_path):
    path = tmp_path / "site.toml"
    path.write_bytes(b'\xef\xbb\xbftitle = "x"\n')
    assert read_user_text(path) == 'title = "x"\n'


def test_an_error_from_a_worker_process_keeps_its_parts():
    import pickle

    error = pickle.loads(pickle.dumps(SitegenError("broken", "content/site.toml:3", "fix it")))
    assert (error.message, error.location, error.hint) == ("broken", "content/site.toml:3",
                                                           "fix it")
