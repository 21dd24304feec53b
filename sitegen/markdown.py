"""A cable as a Markdown document, and Markdown rendered to HTML.

`cable_document()` writes YAML front matter with every parsed field, then the body in Markdown.
The body is data, not markup: every character that Markdown or HTML would interpret is escaped,
so `*a*`, `# x`, `1. x`, `<script>` and `[x](javascript:...)` come out as the text they are.
The only markup is what this module adds:

- a paragraph anchor per numbered paragraph, written as a trailing `{#par3}` attribute line
  (the block-attribute syntax of Hugo/Goldmark) and a `[¶](#par3)` self-link, as on WikiLeaks;
- `{.summary}` / `{.comment}` on the paragraphs of SUMMARY and COMMENT blocks;
- classification markings such as `(SBU)` as inline code, styled as small labels;
- ALL-CAPS section headings as `###` headings;
- links to tag pages on the TAGS line and to cited cables that are in the corpus;
- tabular blocks (columns aligned with spaces) as fenced code, so their layout survives.

`render()` uses markdown-it-py's CommonMark preset with raw HTML disabled, plus one small rule
that applies the `{#id .class}` attribute lines.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt

from sitegen.cable.model import Cable

# --- escaping -------------------------------------------------------------------------------

# Characters with a meaning anywhere in a line (emphasis, links, code, HTML, entities,
# attribute braces, and `|`/`~` for renderers with tables and strikethrough, like Hugo).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|~&#])")
# Constructs that only mean something at the start of a line: lists, quotes, headings,
# thematic breaks and setext underlines, ordered list items "1." / "1)".
_LINE_START = re.compile(r"^([-+=>]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Text that Markdown renders as exactly these characters."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line(line: str) -> str:
    """A line of text: leading spaces dropped (they would make a code block)."""
    line = escape(line.lstrip())
    match = _LINE_START.match(line)
    if match:
        marker = match.group(1)
        line = (marker + "\\" + line[len(marker):]) if marker[0].isdigit() else "\\" + line
    return line


# --- links inside the body ------------------------------------------------------------------


@dataclass
class Links:
    """Where body text may link to: a tag's page, and a cited cable's page when it exists."""

    tag_url: Callable[[str], str]
    cable_url: Callable[[str], str | None]  # None: not in the corpus, leave as text
    tags: list[str] = field(default_factory=list)


# "09ASTANA1182", "09 ASTANA 1182", "09ASTANA 001182", "08 STATE 123456"
_REFERENCE = re.compile(r"\b(\d{2}) ?([A-Z][A-Z-]{2,}[A-Z]) ?0*(\d{1,7})\b")
_MARKDOWN_TAG = re.compile(r"\[([^\]\[]+)\]\(#\)")  # the seed writes tags as "[PHUM](#)"


def _spans(line: str, links: Links) -> list[tuple[int, int, str]]:
    """(start, end, url) of every linkable span in a line, in order, not overlapping."""
    spans = []
    if line.lstrip().upper().startswith("TAGS"):
        for tag in links.tags:
            for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(tag)}(?![A-Za-z0-9])", line):
                spans.append((match.start(), match.end(), links.tag_url(tag)))
    for match in _REFERENCE.finditer(line):
        url = links.cable_url(f"{match.group(1)}{match.group(2)}{int(match.group(3))}")
        if url:
            spans.append((match.start(), match.end(), url))
    spans.sort()
    kept, end = [], -1
    for span in spans:
        if span[0] >= end:
            kept.append(span)
            end = span[1]
    return kept


def _inline(line: str, links: Links) -> str:
    """One line of text, escaped, with its tag and reference mentions linked."""
    line = line.strip()
    if line.upper().startswith("TAGS"):
        line = _MARKDOWN_TAG.sub(r"\1", line)
    parts, position = [], 0
    for start, end, url in _spans(line, links):
        parts.append(line[position:start])
        parts.append((line[start:end], url))
        position = end
    parts.append(line[position:])
    out = []
    for index, part in enumerate(parts):
        if isinstance(part, tuple):
            out.append(f"[{escape(part[0])}]({url_escape(part[1])})")
        else:
            out.append(escape_line(part) if index == 0 else escape(part))
    return "".join(out)


def url_escape(url: str) -> str:
    """A URL safe inside Markdown link parentheses."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


# --- the body as blocks ---------------------------------------------------------------------

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(?:\(([A-Z]{1,4}(?:\s?/{1,2}\s?[A-Z]{1,6})*)\)\s*)?")
_SUMMARY_START = re.compile(r"^\W{0,3}(SUMMARY|(?:BEGIN )?SUMMARY AND \w+(?: \w+)?)\s*[:.-]", re.I)
_COMMENT_START = re.compile(r"^\W{0,3}(COMMENT|BEGIN COMMENT)\s*[:.-]", re.I)
_SUMMARY_END = re.compile(r"\bEND\s+(OF\s+)?SUMMARY\b", re.I)
_COMMENT_END = re.compile(r"\bEND\s+(OF\s+)?COMMENT\b", re.I)
_RULE = re.compile(r"^[-=_*\s]{3,}$")  # "-------", "- - - - -", "======"
_RULE_ENDS = re.compile(r"^\s*[-=_]{3,}\s+|\s+[-=_]{3,}\s*$")  # "TITLE ---------"
_CONTINUATION = re.compile(r"^[A-Z][A-Z .'-]* \d{5,}\s+\d{3}(\.\d)? OF \d{3}$")
_TABULAR = re.compile(r"\S {3,}\S|\t")
_LIST_ITEM = re.compile(r"^\s*(-{1,2}|\*|o|[a-zA-Z0-9]{1,2}\)|\([a-zA-Z0-9]{1,3}\)|[A-Z]\.)\s")


def split_blocks(body: str) -> list[list[str]]:
    """The body's blocks: runs of non-blank lines. A block that starts in lower case goes on
    the sentence before it: the blank line is where a page break was cut out of the text."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in [*body.splitlines(), ""]:
        if line.strip():
            current.append(line.rstrip())
            continue
        if (current and blocks and current[0].lstrip()[:1].islower()
                and not _LIST_ITEM.match(current[0]) and not _RULE.match(blocks[-1][-1].strip())):
            blocks[-1].extend(current)
        elif current:
            blocks.append(current)
        current = []
    return blocks


def _heading(lines: list[str]) -> list[str] | None:
    """The title lines if the block is a section heading, else None.

    A heading is one or two short lines standing alone, either ALL CAPS ("POLITICAL RIGHTS ON
    THE DECLINE?") or ruled with dashes above or below ("Tadic Meeting\n------------"). The
    rules are dropped (they hold no words). Page-continuation lines ("ASTANA 00001182 002 OF
    002") and redactions ("XXXXXXXXXXXX") are not headings.
    """
    titles = [_RULE_ENDS.sub("", line) for line in lines if not _RULE.match(line.strip())]
    if not titles or len(titles) > 2:
        return None
    text = " ".join(line.strip() for line in titles)
    letters = [c for c in text if c.isalpha()]
    if (len(text) > 100 or len(letters) < 2 or _NUMBERED.match(text)
            or _CONTINUATION.match(text) or re.fullmatch(r"[X\s]+", text)):
        return None
    ruled = len(titles) < len(lines) or titles != lines
    if ruled or (not any(c.islower() for c in letters) and not re.match(r"^END\b", text)):
        return titles
    return None


def _is_tabular(lines: list[str]) -> bool:
    return len(lines) >= 2 and sum(bool(_TABULAR.search(line.strip())) for line in lines) >= 2


def _joined(lines: list[str], links: Links, keep_breaks: bool) -> str:
    """The lines of one paragraph as one Markdown line each run of running text (the cable's
    hard wrapping is not meaningful); a line break is kept before list-like lines, or before
    every line when `keep_breaks` (header-like blocks such as TAGS and SUBJECT)."""
    runs = [[lines[0]]]
    for line in lines[1:]:
        if keep_breaks or _LIST_ITEM.match(line):
            runs.append([line])
        else:
            runs[-1].append(line)
    return "\\\n".join(_inline(" ".join(line.strip() for line in run), links) for run in runs)


def _fenced(lines: list[str]) -> str:
    """Lines verbatim in a code fence longer than any run of backticks or tildes inside."""
    longest = max((len(run) for run in re.findall(r"`+|~+", "\n".join(lines))), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n" + "\n".join(lines) + f"\n{fence}"


def body_markdown(body: str, links: Links) -> str:
    """The cable body as Markdown: every word kept, in order."""
    blocks = split_blocks(body)

    @functools.cache
    def ends(index: int) -> tuple[bool, bool]:
        """Whether block `index` ends a summary, a comment (looked for only when it matters)."""
        text = " ".join(blocks[index])
        return bool(_SUMMARY_END.search(text)), bool(_COMMENT_END.search(text))

    out: list[str] = []
    paragraph = 0
    region = ""  # "summary" or "comment" while inside such a block
    started = False  # numbered paragraphs have begun: headings are only looked for after that
    for index, lines in enumerate(blocks):
        first = lines[0].strip()
        numbered = _NUMBERED.match(first)
        if numbered:
            started = True
        rest = first[numbered.end():] if numbered else first
        if not region:
            later = range(index, len(blocks))
            if _SUMMARY_START.match(rest) and any(ends(i)[0] for i in later):
                region = "summary"
            elif _COMMENT_START.match(rest) and any(ends(i)[1] for i in later):
                region = "comment"
            elif _SUMMARY_START.match(rest) or _COMMENT_START.match(rest):
                region = "single"  # a one-paragraph summary or comment with no END line
        css = "summary" if region == "single" and _SUMMARY_START.match(rest) else (
            "comment" if region == "single" else region)

        if numbered:
            paragraph += 1
            out.append(_numbered_paragraph(lines, numbered, paragraph, css, links))
        elif _is_tabular(lines):
            out.append(_fenced(lines))
        elif started and index < len(blocks) - 1 and (titles := _heading(lines)):
            out.append("### " + " ".join(_inline(line, links) for line in titles))
        else:
            text = _joined(lines, links, keep_breaks=not started)
            out.append(text + (f"\n{{.{css}}}" if css else ""))

        if region == "single" or (region == "summary" and ends(index)[0]) or (
                region == "comment" and ends(index)[1]):
            region = ""
    return "\n\n".join(out) + "\n"


def _numbered_paragraph(lines: list[str], numbered: re.Match, number: int, css: str,
                        links: Links) -> str:
    """`[¶](#parN) 1\\. `(SBU)` text...` then the `{#parN}` attribute line."""
    first = lines[0].strip()
    head = f"[¶](#par{number}) {numbered.group(1)}\\. "
    if numbered.group(2):
        head += f"`({numbered.group(2)})` "
    rest = first[numbered.end():]
    text = _joined([rest, *lines[1:]], links, keep_breaks=False) if rest else (
        _joined(lines[1:], links, keep_breaks=False) if len(lines) > 1 else "")
    attributes = f"#par{number}" + (f" .{css}" if css else "")
    return f"{head}{text}\n{{{attributes}}}"


# --- the whole document ---------------------------------------------------------------------


def front_matter(cable: Cable, **extra) -> dict:
    """Every parsed field (the routing header included), plus any extra values (url...).

    The body and its paragraphs are the document's Markdown body, so they are not repeated
    here (each paragraph keeps its number, marking and `#parN` anchor there)."""
    data = cable.to_dict()
    del data["body"], data["paragraphs"]
    data["header"] = cable.header
    if cable.created:
        # `created` keeps the cable's own precision; Hugo and Eleventy want RFC 3339 seconds
        data["date"] = cable.created.replace("Z", ":00Z")
    data["title"] = cable.subject or cable.reference_id
    data.update(extra)
    return data


def cable_document(cable: Cable, links: Links, **extra) -> str:
    """The complete Markdown document: `---` YAML front matter `---`, then the body."""
    meta = yaml.safe_dump(front_matter(cable, **extra), sort_keys=False, allow_unicode=True,
                          width=1000)
    return f"---\n{meta}---\n\n{body_markdown(cable.body, links)}"


# --- rendering ------------------------------------------------------------------------------

_ATTRIBUTES = re.compile(r"\n\{(#[A-Za-z][\w-]*)?((?: ?\.[A-Za-z][\w-]*)*)\}$")


def _block_attributes(state) -> None:
    """Apply a trailing `{#id .class}` line to its paragraph (before inline parsing)."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        if token.type != "paragraph_open" or tokens[index + 1].type != "inline":
            continue
        inline = tokens[index + 1]
        match = _ATTRIBUTES.search(inline.content)
        if not match:
            continue
        inline.content = inline.content[: match.start()]
        if match.group(1):
            token.attrSet("id", match.group(1)[1:])
        classes = [c for c in match.group(2).replace(" ", "").split(".") if c]
        if classes:
            token.attrSet("class", " ".join(classes))


def _markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.core.ruler.after("block", "block_attributes", _block_attributes)
    return md


_MD = _markdown_it()
# Cable bodies only ever contain the few constructs this module writes (everything else is
# escaped), so their renderer skips the rules that could never match: 2-3 times faster.
_CABLE_MD = _markdown_it().disable([
    "code", "blockquote", "hr", "list", "reference", "html_block", "lheading",
    "emphasis", "image", "autolink", "html_inline", "entity"])


def render(markdown_text: str) -> str:
    """HTML from Markdown; raw HTML in the text is shown as text, unsafe links are refused."""
    return _MD.render(markdown_text)


def render_body(markdown_text: str) -> str:
    """HTML from a cable body written by `body_markdown` (same output as `render`, faster)."""
    return _CABLE_MD.render(markdown_text)
