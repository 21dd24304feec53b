"""content/site.toml: defaults, overrides, and errors that name the file and line."""

from __future__ import annotations

import pytest

from sitegen.config import SiteConfig, load_config
from sitegen.errors import SitegenError


def write(tmp_path, text):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path):
    config = load_config(tmp_path / "site.toml")
    assert config == SiteConfig()
    assert config.per_page == 100 and config.theme == "default"


def test_values_are_read_and_base_url_gets_a_slash(tmp_path):
    config = load_config(write(tmp_path, 'title = "Cables"\nper_page = 25\n'
                                         'base_url = "https://example.org/cables"\n'))
    assert config.title == "Cables" and config.per_page == 25
    assert config.base_url == "https://example.org/cables/"
    assert config.base_path == "/cables/"
    assert config.absolute("tag/PHUM/") == "https://example.org/cables/tag/PHUM/"


def test_command_line_base_url_overrides_the_file(tmp_path):
    config = load_config(write(tmp_path, 'base_url = "https://a.example/"\n'),
                         base_url="https://b.example")
    assert config.base_url == "https://b.example/" and config.base_path == "/"


def test_params_table_is_free_form(tmp_path):
    config = load_config(write(tmp_path, '[params]\ncolour = "red"\nlogo = 3\n'))
    assert config.params == {"colour": "red", "logo": 3}


@pytest.mark.parametrize("text, line, words", [
    ('title = "x"\nper_pag = 5\n', 2, ["unknown setting `per_pag`", "did you mean `per_page`"]),
    ('\n\n[theem]\nx = 1\n', 3, ["unknown setting `theem`", "`theme`"]),
    ('zzz = 1\n', 1, ["unknown setting `zzz`", "known keys:"]),
    ('per_page = "ten"\n', 1, ["`per_page` must be a whole number", "per_page = 100"]),
    ('per_page = 0\n', 1, ["at least 1"]),
    ('per_page = true\n', 1, ["whole number"]),
    ('title = 5\n', 1, ["`title` must be a string"]),
    ('title = "unclosed\n', 1, ["not valid TOML"]),
])
def test_bad_settings_name_file_line_and_fix(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(SitegenError) as caught:
        load_config(path)
    message = str(caught.value)
    assert caught.value.location == f"{path}:{line}"
    for word in words:
        assert word in message


def test_demo_site_toml_is_valid():
    from pathlib import Path

    config = load_config(Path(__file__).parent.parent / "content" / "site.toml")
    assert config.title and config.base_url.endswith("/")
