"""Synthetic cables for benchmarks: N realistic cables, deterministic for a seed.

Every number comes from `sitegen/data/synth_stats.json`, measured on the real cables by
`benchmarks/corpus_stats.py`: origins with their station spellings and routing
indicators, the classification mix and how each is written, years, tags, body and
paragraph lengths, markings, headings, REF and `Classified By:` lines, titles, names and
the word frequencies of the paragraphs. The text is word salad with the real
vocabulary; the structure around it (routing header, classification line, E.O., TAGS,
SUBJECT, REF, numbered paragraphs, page-continuation lines, signer) follows the format.

Generation streams: only a skeleton of (time, origin) pairs for all N cables is kept in
memory, so that cables come out in date order with increasing reference numbers and can
cite earlier cables in their REF lines.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import math
import random
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

STATS_FILE = Path(__file__).parent / "data" / "synth_stats.json"
EPOCH = dt.datetime(1970, 1, 1)  # naive UTC: no local time zone may shift the dates
MINUTE = dt.timedelta(minutes=1)
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
WRAP = 69  # the width of the wrapped cables in the corpus
SYLLABLES = ("ka ri mo ta zha ne vo lu sa bek ov ir an el di gu ro ha mi sho ter "
             "ul pa bi cha nur as lo fe ya ze ko").split()
FRONT_MATTER_KEYS = ("reference_id", "created", "released", "classification", "origin")
CSV_COLUMNS = 8  # id, date, reference id, origin, classification, references, header, body


@dataclass
class SynthCable:
    """One generated cable and the facts a parser should find in it."""

    reference_id: str
    created: str  # "2009-07-14 09:57" (UTC)
    released: str
    origin: str
    classification: str
    tags: list[str]
    references: list[str]
    subject: str
    persons: list[str]  # full names, as first mentioned
    header: str
    message: str
    paragraphs: int = 0

    def text(self) -> str:
        """The cable as a plain-text file holds it: routing header, blank line, message."""
        return f"{self.header}\n\n{self.message}\n"

    def front_matter(self) -> str:
        lines = [f'{key}: "{getattr(self, key)}"' for key in FRONT_MATTER_KEYS]
        return "---\n" + "\n".join(lines) + "\n---\n"


class Weighted:
    """Draws keys in proportion to their counts."""

    def __init__(self, counts: dict | Iterable[tuple]) -> None:
        items = list(counts.items()) if isinstance(counts, dict) else list(counts)
        self.keys = [key for key, _ in items]
        self.cumulative = list(itertools.accumulate(count for _, count in items))

    def __call__(self, rng: random.Random, k: int = 1) -> list:
        return rng.choices(self.keys, cum_weights=self.cumulative, k=k)

    def one(self, rng: random.Random):
        return self.keys[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class Quantiles:
    """Draws from an empirical distribution given as evenly spaced quantiles."""

    def __init__(self, points: list[float], top: float | None = None) -> None:
        self.points = list(points)
        if top is not None and top > self.points[-1]:
            self.points[-1] = top  # stretch the last percentile: the long tail

    def __call__(self, rng: random.Random) -> float:
        position = rng.random() * (len(self.points) - 1)
        low = int(position)
        high = min(low + 1, len(self.points) - 1)
        return self.points[low] + (self.points[high] - self.points[low]) * (position - low)


def load_stats(path: Path = STATS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class Generator:
    """Produces synthetic cables from the measured statistics (one instance per corpus)."""

    def __init__(self, count: int, seed: int = 0, stats: dict | None = None) -> None:
        self.count = count
        self.seed = seed
        self.stats = stats = stats or load_stats()
        self.origins = stats["origins"]
        self.origin_weights = Weighted((i, o["count"]) for i, o in enumerate(self.origins))
        self.year_months = Weighted(smooth_months(stats["year_months"]))
        self.hours = Weighted({int(h): n for h, n in stats["hours"].items()})
        self.classifications = Weighted(stats["classifications"])
        self.class_words = {k: Weighted(v) for k, v in stats["classification_words"].items()}
        self.caveats = {k: Weighted(v) for k, v in stats["caveats"].items()}
        self.zn_lines = {k: Weighted(v) for k, v in stats["zn_lines"].items()}
        self.markings = {k: Weighted(v) for k, v in stats["markings"].items()}
        self.precedence = Weighted(stats["precedence"])
        self.vzczc = Weighted(stats["vzczc"])
        self.to_lines = Weighted(stats["to_lines"])
        self.info_lines = Weighted(stats["info_lines"])
        self.embassy_lines = Weighted(
            {k: v for k, v in stats["info_lines"].items() if "/AMEMBASSY " in k})
        self.info_counts = Weighted({int(k): v for k, v in stats["info_counts"].items()})
        self.office_lines = Weighted(stats["office_lines"])
        self.office_rate = sum(stats["office_lines"].values()) / stats["cables"]
        country_tags = {t for o in self.origins for t in o["country_tags"]}
        self.topic_tags = Weighted(
            {t: n for t, n in stats["tags"].items() if t not in country_tags})
        self.any_tags = Weighted(stats["tags"])
        self.tags_per_cable = Weighted({int(k): v for k, v in stats["tags_per_cable"].items()})
        self.tag_styles = Weighted(stats["tag_styles"])
        self.decl_offsets = Weighted({int(k): v for k, v in stats["decl_offsets"].items()})
        self.classified_by = Weighted((tuple(row[:3]), row[3]) for row in stats["classified_by"])
        self.refs_per_cable = Weighted({int(k): v for k, v in stats["refs_per_cable"].items()})
        self.body_bytes = Quantiles(stats["body_bytes_quantiles"], stats.get("body_bytes_max"))
        self.paragraph_bytes = Quantiles(stats["paragraph_bytes_quantiles"])
        sentence = [min(q, 60.0) for q in stats["sentence_words_quantiles"]]
        self.sentence_words = Quantiles(sentence)
        self.heading_words = Weighted(
            {w: n for w, n in stats["heading_words"].items() if len(w) > 1 and w.isalpha()})
        self.titles = Weighted(stats["titles"])
        self.first_names = Weighted(stats["first_names"])
        self.surnames = Weighted(stats["surnames"])
        self.persons_per_cable = Weighted(
            {int(k): v for k, v in stats["persons_per_cable"].items()})
        self.surname_mentions = Weighted({int(k): v for k, v in stats["surname_mentions"].items()})
        # Each word repeated as often as it was counted: drawing from this list uniformly is
        # several times faster than a weighted draw, and the text is most of the work.
        self.word_pool = [w for w, n in stats["words"] for _ in range(n)]
        self.words = stats["words"]
        # Rare words: the real vocabulary grows with the corpus (Heaps' law), so a big
        # synthetic corpus needs more distinct words than the sample has.
        heaps = stats["heaps"]
        mean_tokens = self.body_bytes_mean() / 6.5
        target = heaps["k"] * (count * mean_tokens) ** heaps["beta"]
        self.rare_words = max(1000, int(target - len(self.words)))
        self.rare_rate = heaps["rare_token_rate"]
        self._persons: dict[tuple, tuple[str, str, str]] = {}
        self._officials: dict[tuple, tuple[str, str]] = {}

    def body_bytes_mean(self) -> float:
        points = self.body_bytes.points
        return sum(points) / len(points)

    # -- the skeleton: when and where each cable was written, and its reference number ----

    def skeleton(self) -> Iterator[tuple[dt.datetime, dict, int]]:
        """(created, origin, number) for every cable, in date order."""
        rng = random.Random(f"{self.seed}:skeleton")
        times = array("q")
        origin_index = array("H")
        for _ in range(self.count):
            year, month = self.year_months.one(rng)
            day = rng.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
            moment = dt.datetime(year, month, day, self.hours.one(rng), rng.randint(0, 59))
            times.append((moment - EPOCH) // MINUTE)
            origin_index.append(self.origin_weights.one(rng))
        order = sorted(range(self.count), key=times.__getitem__)
        # Reference numbers grow through the year; the gap keeps them looking like real
        # traffic (of which the release is a sample) whatever N is.
        gap = max(1, min(25, 251_287 * 2 // max(self.count, 1)))
        last_number: dict[tuple[str, int], int] = {}
        for i in order:
            created = EPOCH + times[i] * MINUTE
            origin = self.origins[origin_index[i]]
            key = (origin["station"], created.year)
            number = last_number.get(key, 0) + rng.randint(1, gap)
            if number > 999_999:
                number = last_number[key] + 1
            last_number[key] = number
            yield created, origin, number

    # -- people --------------------------------------------------------------------------

    def person(self, origin: dict, index: int) -> tuple[str, str, str]:
        """The index-th person of an origin's pool: (title, first name, surname)."""
        key = (origin["station"], index)
        if key not in self._persons:
            rng = random.Random(f"{self.seed}:person:{key}")
            self._persons[key] = (self.titles.one(rng), self.first_names.one(rng),
                                  self.surnames.one(rng))
        return self._persons[key]

    def official(self, origin: dict, role: str, year: int) -> tuple[str, str]:
        """A US official of a post (first name with initial, surname), in office ~3 years."""
        key = (origin["station"], role, year // 3)
        if key not in self._officials:
            rng = random.Random(f"{self.seed}:official:{key}")
            first = self.first_names.one(rng)
            if rng.random() < 0.5:
                first += f" {rng.choice('ABCDEFGHJKLMNPRSTW')}."
            self._officials[key] = (first, self.surnames.one(rng))
        return self._officials[key]

    # -- text ----------------------------------------------------------------------------

    def rare_word(self, rng: random.Random) -> str:
        """One of `rare_words` made-up words (names, mostly), some more frequent than others."""
        index = int(self.rare_words * rng.random() ** 2) + len(SYLLABLES) ** 2
        capital = index % 3
        syllables = []
        while True:
            index, digit = divmod(index, len(SYLLABLES))
            syllables.append(SYLLABLES[digit])
            if index == 0:
                break
        word = "".join(syllables)
        return word.capitalize() if capital else word

    def sentences(self, rng: random.Random, size: int) -> list[str]:
        """About `size` bytes of sentences from the measured vocabulary."""
        count = max(3, int(size / 6.4))
        words = rng.choices(self.word_pool, k=count)
        for _ in range(int(count * self.rare_rate + rng.random())):
            words[rng.randrange(count)] = self.rare_word(rng)
        for _ in range(int(count * 0.01 + rng.random())):
            words[rng.randrange(count)] = rng.choice(
                (str(rng.randint(2, 99)), str(rng.randint(1990, 2010)),
                 f"{rng.randint(1, 99)} percent", f"${rng.randint(2, 900)} million"))
        for _ in range(int(count * self.stats["comma_rate"] + rng.random())):
            position = rng.randrange(count)
            if not words[position].endswith(","):
                words[position] += ","
        result = []
        start = 0
        while start < count:
            length = max(3, int(self.sentence_words(rng)))
            chunk = words[start:start + length]
            start += length
            first = chunk[0]
            chunk[0] = first[:1].upper() + first[1:]
            result.append(" ".join(chunk).rstrip(",") + ".")
        return result

    def heading(self, rng: random.Random) -> str:
        return " ".join(self.heading_words(rng, rng.randint(2, 5)))

    def generate(self) -> Iterator[SynthCable]:
        rng = random.Random(f"{self.seed}:text")
        recent: dict[str, deque] = {}
        for created, origin, number in self.skeleton():
            station = origin["station"]
            reference_id = f"{created:%y}{station}{number}"
            cable = self.cable(rng, created, origin, number, reference_id, recent)
            recent.setdefault(station, deque(maxlen=40)).append(
                (reference_id, origin["station_text"], created.year, number))
            yield cable

    def cable(self, rng: random.Random, created: dt.datetime, origin: dict, number: int,
              reference_id: str, recent: dict[str, deque]) -> SynthCable:
        stats = self.stats
        classification = self.classifications.one(rng)
        target = int(self.body_bytes(rng))
        sections = max(1, math.ceil(target / stats["bytes_per_section"] - 0.3))
        wrapped = rng.random() < stats["wrapped_rate"]
        tags = self.pick_tags(rng, origin)
        refs = self.pick_references(rng, origin, recent)
        persons = self.pick_persons(rng, origin, target)
        names = [f"{first} {last}" for _, first, last in persons]
        preamble, subject = self.preamble(rng, created, origin, number, classification, sections,
                                          tags, refs, wrapped)
        paragraphs = self.paragraphs(rng, classification, target - sum(map(len, preamble)),
                                     list(persons), wrapped)
        body = [line for paragraph in paragraphs for line in paragraph]
        body = self.page_breaks(body, origin, number, sections)
        first, surname = self.official(origin, "ambassador", created.year)
        signer = surname.upper() if rng.random() < stats["signer_upper_rate"] else surname
        while preamble[-1] == "":
            preamble.pop()  # each paragraph starts with its blank line
        message = "\n".join([*preamble, *body, "", signer])
        if rng.random() < stats["uppercase_rate"]:
            message = message.upper()
        released = dt.datetime(2010, 11, 28) + dt.timedelta(minutes=rng.randint(0, 13 * 1440))
        return SynthCable(
            reference_id=reference_id, created=f"{created:%Y-%m-%d %H:%M}",
            released=f"{released:%Y-%m-%d %H:%M}", origin=origin["name"],
            classification=classification, tags=tags, references=[r[0] for r in refs],
            subject=subject, persons=names,
            header=self.header(rng, created, origin, number, classification, sections),
            message=message, paragraphs=len(paragraphs))

    def pick_tags(self, rng: random.Random, origin: dict) -> list[str]:
        count = max(1, self.tags_per_cable.one(rng))
        tags = list(origin["country_tags"][:1])
        while len(tags) < count:
            tag = (self.topic_tags if len(tags) < 3 else self.any_tags).one(rng)
            if tag not in tags:
                tags.append(tag)
        rng.shuffle(tags)
        return tags

    def pick_references(self, rng: random.Random, origin: dict, recent: dict) -> list[tuple]:
        wanted = self.refs_per_cable.one(rng)
        pool = list(recent.get(origin["station"], ())) + list(recent.get("STATE", ()))[-10:]
        if not wanted or not pool:
            return []
        return sorted(set(rng.sample(pool, min(wanted, len(pool)))), key=lambda r: r[3])[::-1]

    def pick_persons(self, rng: random.Random, origin: dict, size: int) -> list[tuple]:
        count = min(self.persons_per_cable.one(rng), max(1, size // 1500))
        pool = max(8, int(self.count * origin["count"] / self.stats["cables"] / 3))
        chosen = {int(pool ** rng.random()) for _ in range(count)}  # Zipf-like: some recur
        return [self.person(origin, index) for index in sorted(chosen)]

    # -- the parts of a cable ------------------------------------------------------------

    def header(self, rng: random.Random, created: dt.datetime, origin: dict, number: int,
               classification: str, sections: int) -> str:
        letter = self.precedence.one(rng)
        word = self.stats["precedence_words"].get(letter, "")
        infos = [line for line in dict.fromkeys(self.info_lines(rng, self.info_counts.one(rng)))
                 if origin["routing"] not in line]
        if origin["station"] == "STATE":
            to = self.embassy_lines.one(rng)
        else:
            to = self.to_lines.one(rng)
        code = self.vzczc.one(rng)
        lines = [f"VZCZC{code}{rng.randint(0, 9999):04d}"]
        if code == "XRO":  # a relay: the routing indicators of the addressees come first
            routing = " ".join(info.split("/")[0] for info in infos) or "RUEHWEB"
            lines += ["", wrap(f"{letter}{letter} {routing}", WRAP)]
        else:
            lines += [f"{letter}{letter} RUEHWEB", ""]
        section = "/01" if sections > 1 else ""
        lines += [
            f"DE {origin['routing']} #{number % 10000:04d}{section} "
            f"{created.timetuple().tm_yday:03d}{created:%H%M}",
            self.zn_lines[classification].one(rng),
            f"{letter} {created:%d%H%M}Z {MONTHS[created.month - 1]} {created:%y}",
            f"FM {origin['fm']}",
            " ".join(filter(None, ["TO", to, word, f"{rng.randint(1, 9999):04d}"])),
        ]
        for i, info in enumerate(infos):
            serial = f" {rng.randint(1, 9999):04d}" if rng.random() < 0.5 else ""
            lines.append(("INFO " if i == 0 else "") + info + (f" {word}" if word else "") + serial)
        return "\n".join(lines)

    def preamble(self, rng, created, origin, number, classification, sections, tags, refs,
                 wrapped) -> tuple[list[str], str]:
        stats = self.stats
        section = f"SECTION 01 OF {sections:02d} " if sections > 1 else ""
        lines = [f"{self.class_words[classification].one(rng)} {section}"
                 f"{origin['station_text']} {number:06d}", ""]
        caveat = self.caveats[classification].one(rng)
        if caveat:
            lines += [caveat, ""]
        if rng.random() < stats["sipdis_rate"]:
            lines += ["SIPDIS", ""]
        if rng.random() < self.office_rate:
            lines += [self.office_lines.one(rng), ""]
        eo = "13526" if created.year >= 2010 and created.month >= 6 else "12958"
        if classification.startswith("UNCLASSIFIED"):
            lines.append(f"E.O. {eo}: N/A")
        else:
            declassify = created.replace(year=created.year + self.decl_offsets.one(rng), day=1)
            lines.append(f"E.O. {eo}: DECL: {declassify:%m/%d/%Y}")
        style = self.tag_styles.one(rng)
        lines.append(("TAGS: " if style.endswith(":") else "TAGS ")
                     + (", " if style.startswith("comma") else " ").join(tags))
        prefixes = origin["subject_prefixes"]
        prefix = Weighted(prefixes).one(rng) + ": " if prefixes and rng.random() < 0.6 else ""
        subject = prefix + " ".join(self.heading_words(rng, rng.randint(3, 9)))
        lines += wrap(f"SUBJECT: {subject}", WRAP).split("\n") + [""]
        if refs:
            letters = "ABCDEFGHIJ"
            items = []
            for letter, (_, station_text, year, ref_number) in zip(letters, refs, strict=False):
                same_year = year == created.year and rng.random() > stats["ref_with_year_rate"]
                prefix = "" if same_year else f"{year % 100:02d} "
                items.append(f"{letter + '. ' if len(refs) > 1 else ''}{prefix}{station_text} "
                             f"{ref_number}")
            lines += ["REF: " + items[0], *items[1:], ""]
        if not classification.startswith("UNCLASSIFIED"):
            title, tail, upper = self.classified_by.one(rng)
            role = "ambassador" if title.lower().startswith("amb") else title
            first, surname = self.official(origin, role, created.year)
            line = f"Classified By: {title} {first} {surname}{tail}"
            if upper:
                line = "Classified By: " + line[15:].upper()
            lines += [wrap(line, WRAP) if wrapped else line, ""]
        return lines, subject

    def paragraphs(self, rng, classification, size, persons, wrapped) -> list[list[str]]:
        """Numbered paragraphs (each a list of lines, blank line first) filling `size` bytes."""
        stats = self.stats
        paragraphs: list[list[str]] = []
        mentions = []  # (paragraph index from which the surname may appear, surname)
        remaining = max(size, 200)
        number = 0
        while remaining > 0:
            number += 1
            length = min(max(60, int(self.paragraph_bytes(rng))), remaining + 100)
            sentences = self.sentences(rng, length)
            if persons and (number == 1 or rng.random() < 0.3):
                title, first, last = persons.pop(0)
                where = rng.randrange(len(sentences))
                sentences[where] = f"{title} {first} {last} " + lower_first(sentences[where])
                mentions += [last] * self.surname_mentions.one(rng)
            elif mentions and rng.random() < 0.7:
                where = rng.randrange(len(sentences))
                sentences[where] = f"{mentions.pop(0)} said " + lower_first(sentences[where])
            if number == 1 and rng.random() < stats["summary_rate"]:
                sentences[0] = "Summary: " + sentences[0]
                sentences[-1] += " End summary."
            elif number > 2 and rng.random() < stats["comment_rate"]:
                sentences[0] = "Comment: " + sentences[0]
                sentences[-1] += " End comment."
            marking = self.markings[classification].one(rng)
            text = f"{number}. " + (f"({marking}) " if marking else "") + " ".join(sentences)
            lines = [""]
            if number > 1 and rng.random() < stats["heading_rate"]:
                heading = self.heading(rng)
                if rng.random() < stats["heading_boxed_rate"]:
                    lines += ["-" * len(heading), heading, "-" * len(heading), ""]
                else:
                    lines += [heading, ""]
            lines += wrap(text, WRAP).split("\n") if wrapped else [text]
            if rng.random() < stats["bullet_rate"] * 3:
                for sentence in self.sentences(rng, rng.randint(80, 400)):
                    lines += [""] + (wrap(f"-- {sentence}", WRAP).split("\n") if wrapped
                                     else [f"-- {sentence}"])
            paragraphs.append(lines)
            remaining -= sum(len(line) + 1 for line in lines)
        while persons:  # everyone chosen is named somewhere
            title, first, last = persons.pop(0)
            paragraphs[-1][-1] += f" {title} {first} {last} agreed."
        return paragraphs

    def page_breaks(self, body: list[str], origin: dict, number: int, sections: int) -> list[str]:
        """Insert the `STATION 00001182 002 OF 003` line at the start of each later section."""
        if sections < 2:
            return body
        total = sum(len(line) + 1 for line in body)
        result, done, section = [], 0, 2
        for line in [*body, ""]:
            # A long unwrapped paragraph may span a whole section: then breaks follow each other.
            while section <= sections and (done >= total * (section - 1) / sections
                                           or done == total):
                result += ["", f"{origin['station_text']} {number:08d} "
                               f"{section:03d} OF {sections:03d}", ""]
                section += 1
            result.append(line)
            done += len(line) + 1
        return result[:-1]


def smooth_months(counts: dict[str, int]) -> dict[tuple[int, int], float]:
    """(year, month) weights: the measured counts, plus a little for the unobserved months
    between a year's first and last observed month (the release ends in February 2010, so
    no month after a year's last one is invented)."""
    weights: dict[tuple[int, int], float] = {}
    by_year: dict[int, list[int]] = {}
    for key in counts:
        year, month = map(int, key.split("-"))
        by_year.setdefault(year, []).append(month)
    for year, months in by_year.items():
        total = sum(counts[f"{year}-{m:02d}"] for m in months)
        for month in range(min(months), max(months) + 1):
            weights[(year, month)] = counts.get(f"{year}-{month:02d}", 0) + total / 24
    return weights


def lower_first(sentence: str) -> str:
    """Lower-case a sentence's first letter unless the word looks like a name or acronym."""
    head, _, rest = sentence.partition(" ")
    if head.isupper() or head[1:] != head[1:].lower() or head in ("I",):
        return sentence
    return head[:1].lower() + head[1:] + (" " + rest if rest else "")


def wrap(text: str, width: int) -> str:
    """Greedy word wrap (textwrap is several times slower on megabytes of text)."""
    lines, line, size = [], [], -1
    for word in text.split(" "):
        if size + 1 + len(word) > width and line:
            lines.append(" ".join(line))
            line, size = [], -1
        line.append(word)
        size += 1 + len(word)
    lines.append(" ".join(line))
    return "\n".join(lines)


def generate(count: int, seed: int = 0) -> Iterator[SynthCable]:
    """`count` synthetic cables in date order; the same seed gives the same cables."""
    return Generator(count, seed).generate()


def text_path(cable: SynthCable) -> Path:
    """`YYYY/MM/DD/REF.txt`: a day holds at most a few hundred cables at full scale."""
    return Path(cable.created[:4], cable.created[5:7], cable.created[8:10],
                f"{cable.reference_id}.txt")


def write_text_files(cables: Iterable[SynthCable], folder: Path,
                     progress=None) -> tuple[int, int]:
    """One .txt file per cable (front matter with the source metadata, then the cable)."""
    count = size = 0
    made: set[Path] = set()
    for cable in cables:
        path = folder / text_path(cable)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = (cable.front_matter() + cable.text()).encode("utf-8")
        path.write_bytes(data)
        count += 1
        size += len(data)
        if progress:
            progress.advance()
    return count, size


def csv_field(value: str) -> str:
    """A quoted field escaped as the release's database dump did: `\\"`, `\\\\`, and a
    backslash before each line break."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\\n") + '"'


def csv_record(number: int, cable: SynthCable) -> str:
    created = dt.datetime.strptime(cable.created, "%Y-%m-%d %H:%M")
    values = [str(number), f"{created:%m/%d/%Y %H:%M}", cable.reference_id, cable.origin,
              cable.classification, ",".join(cable.references), cable.header, cable.message]
    return ",".join(map(csv_field, values)) + "\n"


def write_csv(cables: Iterable[SynthCable], path: Path, progress=None) -> tuple[int, int]:
    """One cables.csv in the full release's layout: 8 quoted columns per cable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        for count, cable in enumerate(cables, 1):
            out.write(csv_record(count, cable))
            if progress:
                progress.advance()
    return count, path.stat().st_size
