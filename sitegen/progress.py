"""Progress bars for long steps, and the closing summary of a build.

    with Progress("parse", total=len(paths), quiet=args.quiet) as bar:
        for path in paths:
            ...
            bar.advance()
    print(summary(cables=n, pages=p, warnings=w, seconds={"parse": bar.elapsed}))

On a terminal the bar redraws itself in place (at most ten times a second) with the
count, the rate and the time left. With `quiet=True`, or when the stream is not a
terminal (CI logs, pipes), nothing is drawn while the step runs and one line is written
when it ends: `parse: 251,287 in 83.2 s (3,020/s)`.
"""

from __future__ import annotations

import resource
import sys
import threading
import time
from collections.abc import Callable
from typing import IO

import psutil

REDRAW_SECONDS = 0.1
BAR_WIDTH = 24


class Progress:
    """One step's progress: count, rate and time left; a context manager."""

    def __init__(self, name: str, total: int | None = None, quiet: bool = False,
                 stream: IO[str] | None = None, unit: str = "",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.name = name
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.live = not quiet and _is_terminal(self.stream)
        self.count = 0
        self.clock = clock
        self.started = clock()
        self.elapsed = 0.0
        self._drawn_at = 0.0
        self._closed = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(failed=kind is not None)

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done; redraws the bar when it is due."""
        self.count += count
        if self.live:
            now = self.clock()
            if now - self._drawn_at >= REDRAW_SECONDS:
                self._drawn_at = now
                self.stream.write("\r" + self.line(now - self.started) + "\x1b[K")
                self.stream.flush()

    def iterate(self, items):
        """Yield from `items`, advancing by one for each."""
        for item in items:
            yield item
            self.advance()

    def close(self, failed: bool = False) -> None:
        """Stop the clock and write the step's closing line (once)."""
        if self._closed:
            return
        self._closed = True
        self.elapsed = self.clock() - self.started
        done = f"{self.name}: {self.count:,}{self._unit()} in {format_seconds(self.elapsed)}"
        if self.count and self.elapsed > 0:
            done += f" ({format_rate(self.count / self.elapsed)}/s)"
        if failed:
            done += " -- stopped"
        self.stream.write(("\r" if self.live else "") + done + ("\x1b[K" if self.live else "")
                          + "\n")
        self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The bar as drawn after `elapsed` seconds: name, bar, count, rate, time left."""
        rate = self.count / elapsed if elapsed > 0 else 0.0
        parts = [self.name]
        if self.total:
            share = min(1.0, self.count / self.total)
            filled = int(share * BAR_WIDTH)
            parts.append("[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]")
            parts.append(f"{self.count:,}/{self.total:,}{self._unit()} {share:4.0%}")
        else:
            parts.append(f"{self.count:,}{self._unit()}")
        if rate:
            parts.append(f"{format_rate(rate)}/s")
            if self.total and self.count < self.total:
                parts.append(f"{format_seconds((self.total - self.count) / rate)} left")
        return "  ".join(parts)

    def _unit(self) -> str:
        return f" {self.unit}" if self.unit else ""


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


def format_seconds(seconds: float) -> str:
    """`4.2 s`, `3 min 05 s`, `1 h 02 min`."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_rate(rate: float) -> str:
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"


def peak_memory_mb() -> float:
    """Peak resident memory of this process plus its largest finished child, in MB.

    `ru_maxrss` is kilobytes on Linux. The children figure is the peak of the largest
    single child that has been waited for (not the sum of concurrent workers), so for a
    pool of N workers the true peak of the process tree lies between this and
    self + N x child.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    return (own + children) / scale


class MemoryWatch:
    """The peak memory of this process and all its children together (workers, Pagefind),
    sampled in a background thread while in the `with` block.

    `getrusage` cannot give it: it keeps only the largest single child, so two Pagefind
    processes indexing at the same time were counted as one. On Linux each
    child counts its proportional set size (PSS): pages shared between processes (the modules
    workers get from the fork server) are shared out, not counted once per process as resident
    sizes would be (a sum of those said 4,956 MB for a full-scale build whose true peak was
    2,796 MB). Reading PSS walks the page tables (~0.1 ms per MB), so samples are spaced to
    spend at most a tenth of the time sampling.
    """

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def sample(self) -> float:
        """Memory of the process tree now, in MB (and the peak updated)."""
        own = psutil.Process()
        # This process counts its resident size: its pages are its own (bar shared libraries),
        # and reading its PSS would walk the page tables of gigabytes at full scale, stalling
        # its own allocations meanwhile.
        total = own.memory_info().rss
        for process in own.children(recursive=True):
            try:
                total += _memory_of(process)
            except psutil.Error:  # ended since it was listed
                pass
        self.peak_mb = max(self.peak_mb, total / 1e6)
        return total / 1e6

    def _run(self) -> None:
        wait = self.interval
        while not self._stop.wait(wait):
            started = time.perf_counter()
            self.sample()
            wait = max(self.interval, 10 * (time.perf_counter() - started))


def _memory_of(process: psutil.Process) -> int:
    """Bytes of memory a process uses: its PSS on Linux, its resident size elsewhere."""
    if sys.platform == "linux":
        return process.memory_full_info().pss
    return process.memory_info().rss


def summary(cables: int, pages: int, warnings: int, seconds: dict[str, float],
            peak_mb: float | None = None) -> str:
    """The closing lines of a build: counts, seconds per step, total and peak memory."""
    total = sum(seconds.values())
    steps = ", ".join(f"{name} {format_seconds(value)}" for name, value in seconds.items())
    memory = peak_memory_mb() if peak_mb is None else peak_mb
    lines = [
        f"{cables:,} cables, {pages:,} pages, {warnings:,} warning{'s' if warnings != 1 else ''}",
        f"time: {format_seconds(total)}" + (f" ({steps})" if steps else ""),
        f"peak memory: {memory:,.0f} MB",
    ]
    return "\n".join(lines)
