"""Errors a user can cause: each names the file (and line) and says how to fix it."""

from __future__ import annotations


class SitegenError(Exception):
    """A problem with the user's input or configuration, reported without a traceback."""

    def __init__(self, message: str, location: str = "", hint: str = ""):
        self.message = message
        self.location = location  # "content/site.toml:3"
        self.hint = hint  # how to fix it
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def __reduce__(self):  # raised in a worker process, it arrives whole, parts and all
        return type(self), (self.message, self.location, self.hint)


def user_error(error: BaseException) -> SitegenError | None:
    """The SitegenError for an exception a user's own files can cause, found wherever it was
    raised: a broken template, YAML or TOML, a file that cannot be read or is not UTF-8.
    None for anything else (a bug in sitegen, worth a traceback)."""
    import tomllib

    import jinja2
    import yaml

    if isinstance(error, jinja2.TemplateNotFound):
        return SitegenError(f"template `{error.name}` not found", template_location(error),
                            "add it to content/templates/, or fix the name in "
                            "{% extends %} / {% include %}")
    if isinstance(error, jinja2.TemplateSyntaxError):
        return SitegenError(f"template syntax error: {error.message}", template_location(error),
                            "fix the template; Jinja2 syntax: {{ value }}, {% tag %} ... "
                            "{% endtag %}")
    if isinstance(error, jinja2.TemplateError):
        return SitegenError(f"template error: {error}", template_location(error),
                            "fix the template (content/templates/ overrides the theme's)")
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return SitegenError(f"broken YAML: {error.problem}", f"{mark.name}:{mark.line + 1}",
                            "write `key: value` lines; quote values containing `:` or `#`")
    if isinstance(error, tomllib.TOMLDecodeError):
        return SitegenError(f"broken TOML: {error}", hint='write `key = "value"` lines')
    if isinstance(error, UnicodeDecodeError):
        return SitegenError(f"a file is not UTF-8 text ({error.reason} at byte {error.start})",
                            hint="save the file as UTF-8")
    if isinstance(error, OSError) and error.filename:
        return SitegenError(f"cannot use this file: {error.strerror or error}",
                            str(error.filename),
                            "check that it exists and that you may read (and write) it")
    return None


def template_location(error: BaseException) -> str:
    """file:line of a template error: syntax errors carry it; for runtime errors it is the
    innermost template frame of the traceback, which Jinja rewrites to point into the
    template."""
    if getattr(error, "filename", None) and getattr(error, "lineno", None):
        return f"{error.filename}:{error.lineno}"
    where, frame = "", error.__traceback__
    while frame is not None:
        name = frame.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2", ".jinja")):
            where = f"{name}:{frame.tb_lineno}"
        frame = frame.tb_next
    return where


def read_user_text(path) -> str:
    """A file the user writes (site.toml, a page, people.toml) as text. One that cannot be
    read, or is not UTF-8, is a SitegenError naming it (and the line of the first bad byte).
    A byte-order mark, as some Windows editors write, is dropped."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SitegenError(f"cannot read this file: {error.strerror or error}", str(path),
                           "check that it is a file and that you may read it") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SitegenError(f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be read",
                           f"{path}:{line}", "save the file with the UTF-8 encoding "
                           "(most editors offer it under Save As or Encoding)") from None
