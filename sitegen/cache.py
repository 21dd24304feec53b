"""The build cache (`.sitegen-cache/`, safe to delete): parsed cables and what was written.

- `records/ab/KEY.rec`: one parsed cable with its source text, as zlib-compressed JSON (a
  quarter of the size: the full release's records would otherwise take ~9 GB). KEY hashes the
  source text, its source metadata and the parser's own code, so a changed cable, a changed
  front matter or a new parser version all miss the cache. Each file starts with a checksum
  of the rest: a damaged record is detected (`CacheCorrupt`) and never trusted.
- `records/ab/KEY.say`: beside each record, the sentence naming each person of the cable
  (JSON list, same checksum), read by person pages instead of the whole record.
- `index.jsonl`: the small metadata of every cached record, so an unchanged cable is neither
  read from its record nor parsed again: one JSON row per record, written and read as a stream
  (as one JSON document it took ~8 KB of memory per cable to load, 2 GB for the release).
- `people.bin`: the last merge of people, with a hash of what it read of each cable: a build
  takes it back and merges again only what the changed cables touch (sitegen.site.kept_people).
- `pages.jsonl`: the manifest of the last build: the key of what each page was made from,
  so a page whose inputs did not change is carried over instead of rendered, and its other
  files (sitegen.build.MANIFEST_LAYOUT).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from sitegen.cable.model import Cable, ClassifiedBy, Paragraph, Person

FORMAT = 2  # bump when the layout of the cache files changes


class CacheCorrupt(Exception):
    """A cache file failed its checksum or could not be decoded."""


def digest(*parts: str | bytes) -> str:
    """A short, stable hash of strings (separated, so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\x1f")
    return h.hexdigest()


def record_key(text: str, metadata: dict, parser_version: str) -> str:
    return digest(text, json.dumps(metadata, sort_keys=True, default=str), parser_version)


def cable_from_dict(data: dict) -> Cable:
    """The inverse of `Cable.to_dict()` (plus "header"): nested records become dataclasses."""
    known = {f.name for f in fields(Cable)}
    values = {key: value for key, value in data.items() if key in known}
    values["paragraphs"] = [Paragraph(**p) for p in values.get("paragraphs", [])]
    values["persons"] = [Person(**p) for p in values.get("persons", [])]
    if values.get("classified_by"):
        values["classified_by"] = ClassifiedBy(**values["classified_by"])
    return Cable(**values)


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.records = folder / "records"

    def record_path(self, key: str) -> Path:
        return self.records / key[:2] / f"{key}.rec"

    def write_record(self, key: str, payload: dict) -> None:
        # ASCII JSON (\u escapes): written in half the time of UTF-8 JSON, as the encoder
        # then skips a pass over every string; as small once compressed; read back the same
        text = json.dumps(payload, separators=(",", ":")).encode()
        body = zlib.compress(text, 1)  # level 1: nearly all of the gain, at little cost
        _write_checked(self.record_path(key), [body])

    def read_record(self, key: str) -> dict:
        path = self.record_path(key)
        try:
            return json.loads(zlib.decompress(self._read(path)))
        except (ValueError, zlib.error) as error:
            raise CacheCorrupt(f"cannot read {path}: {error}") from None

    def write_sentences(self, key: str, sentences: list[str]) -> None:
        body = compact_json(sentences).encode()
        _write_checked(self._sentences_path(key), [body])

    def read_sentences(self, key: str) -> list[str]:
        path = self._sentences_path(key)
        try:
            return json.loads(self._read(path))
        except ValueError as error:
            raise CacheCorrupt(f"cannot read {path}: {error}") from None

    def _sentences_path(self, key: str) -> Path:
        return self.records / key[:2] / f"{key}.say"

    def _read(self, path: Path) -> bytes:
        """The checked body of a cache file; CacheCorrupt if it is missing or damaged."""
        try:
            check, _, body = path.read_bytes().partition(b"\n")
            if check.decode() != digest(body):
                raise CacheCorrupt(f"checksum mismatch in {path}")
            return body
        except (OSError, UnicodeDecodeError) as error:
            raise CacheCorrupt(f"cannot read {path}: {error}") from None

    def save_bytes(self, name: str, version: str, parts: Iterable[bytes | memoryview]) -> None:
        """A state file of bytes, given in parts (never all in memory at once), which
        `load_bytes` gives back only whole and of `version`."""
        _write_checked(self.folder / name, itertools.chain([version.encode(), b"\n"], parts))

    def load_bytes(self, name: str, version: str) -> bytes | None:
        try:
            found, _, data = self._read(self.folder / name).partition(b"\n")
        except CacheCorrupt:
            return None
        return data if found == version.encode() else None

    def has_record(self, key: str) -> bool:
        return self.record_path(key).is_file()

    def load_json(self, name: str, version: str) -> dict:
        """A JSON state file written by `save_json` with the same version, else {}."""
        try:
            data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != [FORMAT, version]:
            return {}
        return data.get("data", {})

    def save_json(self, name: str, version: str, data: dict) -> None:
        path = self._pending(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            json.dump({"version": [FORMAT, version], "data": data}, out, separators=(",", ":"))
        self.commit(name)

    def save_rows(self, name: str, version: str, rows: Iterable[list]) -> None:
        """A JSON-lines state file: a version line, then one JSON array per row, streamed."""
        with self.staged_rows(name, version) as write:
            for row in rows:
                write(row)
        self.commit(name)

    def append_rows(self, name: str, rows: Iterable[list]) -> None:
        """Add rows at the end of a file written by `save_rows`."""
        lines = "".join(_row_line(row) for row in rows)
        with (self.folder / name).open("a", encoding="utf-8") as out:
            out.write(lines)

    @contextmanager
    def staged_rows(self, name: str, version: str) -> Iterator[Callable[[list], None]]:
        """Write what `save_rows` would, a row at a time, beside the file, for `commit` to
        put in place later: a build writes its manifest as it renders (holding none of it:
        ~250 MB at full scale) and puts it in place once the site is published."""
        path = self._pending(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            out.write(json.dumps([FORMAT, version]) + "\n")
            yield lambda row: out.write(_row_line(row))

    def commit(self, name: str) -> None:
        os.replace(self._pending(name), self.folder / name)

    def _pending(self, name: str) -> Path:
        return self.folder / f".{name}.pending"

    def load_rows(self, name: str, version: str) -> Iterator[list]:
        """The rows of a file written by `save_rows` with the same version, one at a time:
        none if it is missing or of another version; CacheCorrupt if a line is damaged."""
        try:
            lines = (self.folder / name).open(encoding="utf-8")
        except OSError:
            return
        with lines:
            try:
                if json.loads(next(lines, "null")) != [FORMAT, version]:
                    return
                for line in lines:
                    row = json.loads(line)
                    if not isinstance(row, list):
                        raise ValueError("a row is not a JSON array")
                    yield row
            except (ValueError, UnicodeDecodeError) as error:
                raise CacheCorrupt(f"cannot read {self.folder / name}: {error}") from None

    def prune_records(self, keep: set[str]) -> int:
        """Delete records no longer used by any cable; returns how many were removed."""
        removed = 0
        if not self.records.is_dir():
            return 0
        for sub in os.scandir(self.records):
            if not sub.is_dir():
                continue
            for entry in os.scandir(sub.path):
                if entry.name.split(".")[0] not in keep:  # older formats go too
                    os.unlink(entry.path)
                    removed += 1
        return removed


def _row_line(row: list) -> str:
    return compact_json(row) + "\n"


def compact_json(data) -> str:
    """JSON without spaces, non-ASCII text as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write_checked(path: Path, body: Iterable[bytes | memoryview]) -> None:
    """The parts of `body` (written as they come: each can be let go before the next is
    made) after a line with their checksum (`Cache._read` checks it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    check = hashlib.blake2b(digest_size=16)
    try:
        with temporary.open("wb") as out:
            out.write(b"%s\n" % (b" " * check.digest_size * 2))  # (the checksum, once known)
            for part in body:
                check.update(part)
                out.write(part)
            check.update(b"\x1f")  # (as `digest(body)` hashes it)
            out.seek(0)
            out.write(check.hexdigest().encode())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)
