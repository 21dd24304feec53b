"""Plain-text cables (`.txt`, `.md`), optionally preceded by YAML front matter.

    ---
    reference_id: 09ASTANA1182
    created: 2009-07-14 09:57
    ---
    VZCZCXRO6705
    ...

The front matter states values that override what the parser finds (keys are Cable field
names); everything after the closing `---` is the cable text, kept as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sitegen.sources.metadata import stated_value
from sitegen.sources.record import (
    SourceFormatError,
    SourceProblem,
    SourceRecord,
    read_source_file,
)

_FENCE = re.compile(r"---[ \t]*\n?")


# LibYAML's parser when PyYAML was built with it (several times faster), else pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SafeLoader):
    """Safe YAML with YAML 1.2 booleans: under YAML 1.1 rules `NO` (Norway's country tag)
    and `ON` would silently become false and true."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter source or None, cable text). Raises SourceFormatError when the
    opening `---` is never closed."""
    opening = _FENCE.match(text)
    if not opening or not opening.group().endswith("\n"):
        return None, text
    position = opening.end()
    while position < len(text):
        end = text.find("\n", position)
        line_end = len(text) if end < 0 else end + 1
        if _FENCE.fullmatch(text, position, line_end):
            return text[opening.end() : position], text[line_end:]
        position = line_end
    raise SourceFormatError("front matter opened by '---' is never closed by a '---' line", 1)


def parse_text(text: str, location: str = "") -> SourceRecord:
    """The cable text and stated metadata of one text file.

    Broken YAML is a SourceFormatError (the author must fix it); a key with an unusable
    value is dropped with a warning naming its line.
    """
    front, body = split_front_matter(text)
    metadata: dict = {}
    warnings: list[str] = []
    if front is not None:
        metadata, warnings = _front_matter(front)
    return SourceRecord(text=body, metadata=metadata, location=location, warnings=warnings)


def _front_matter(source: str) -> tuple[dict, list[str]]:
    first_line = 2  # the YAML starts on the line after the opening '---'
    loader = _FrontMatterLoader(source)
    try:  # parsed once: the nodes give each key's line, then become the values
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise SourceFormatError(*_yaml_message(error, first_line)) from None
    finally:
        loader.dispose()
    if values is None:
        return {}, []
    if not isinstance(values, dict):
        raise SourceFormatError("front matter must be 'key: value' lines", first_line)
    key_lines = {key.value: key.start_mark.line + first_line for key, _ in node.value}
    metadata: dict = {}
    warnings: list[str] = []
    for key, value in values.items():
        line = key_lines.get(str(key), first_line)
        try:
            metadata[str(key)] = stated_value(str(key), value)
        except ValueError as error:
            warnings.append(f"line {line}: front matter {key}: {error}; ignored")
    return metadata, warnings


def _yaml_message(error: yaml.YAMLError, first_line: int) -> tuple[str, int]:
    """PyYAML's message, with the line of the problem and of what it was inside."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + first_line if mark else first_line
    message = f"front matter is not valid YAML: {getattr(error, 'problem', None) or error}"
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and context_mark and context_mark.line + first_line != line:
        message += f" ({context} started on line {context_mark.line + first_line})"
    return message, line


def read_text(path: Path) -> SourceRecord | SourceProblem:
    """Read one text cable; a file that cannot be read becomes a SourceProblem."""
    return read_source_file(path, parse_text)
