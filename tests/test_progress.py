"""Progress bars: drawn in place on a terminal, one closing line in logs, and the summary."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import time

import psutil
import pytest

from sitegen.progress import MemoryWatch, Progress, format_seconds, peak_memory_mb, summary


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_log_output_is_one_line_per_step():
    log = io.StringIO()
    with Progress("parse", total=1000, stream=log, unit="cables") as bar:
        for _ in range(1000):
            bar.advance()
    lines = log.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("parse: 1,000 cables in ")
    assert "/s)" in lines[0]
    assert "\r" not in log.getvalue() and "\x1b" not in log.getvalue()
    assert bar.elapsed > 0


def test_quiet_terminal_is_not_drawn_either():
    terminal = Terminal()
    with Progress("render", total=10, quiet=True, stream=terminal) as bar:
        bar.advance(10)
    assert terminal.getvalue().count("\n") == 1 and "\r" not in terminal.getvalue()


def test_terminal_bar_shows_count_rate_and_time_left():
    clock = iter([100.0, 102.0, 104.0]).__next__  # start, first draw, close
    terminal = Terminal()
    with Progress("index", total=400, stream=terminal, clock=clock) as bar:
        bar.advance(100)  # 100 items in 2 s: 50/s, 300 left -> 6 s
    drawn = terminal.getvalue()
    assert "\rindex  [######.................." in drawn
    assert "100/400  25%" in drawn
    assert "50/s" in drawn and "6.0 s left" in drawn
    assert drawn.endswith("index: 100 in 4.0 s (25/s)\x1b[K\n")


def test_unknown_total_counts_without_bar():
    clock = iter([0.0, 1.0, 1.0]).__next__
    terminal = Terminal()
    with Progress("search", stream=terminal, clock=clock) as bar:
        bar.advance(7)
    assert "\rsearch  7  7.0/s" in terminal.getvalue()
    assert "left" not in terminal.getvalue()


def test_iterate_counts_items_and_failure_is_marked():
    log = io.StringIO()
    with pytest.raises(ValueError), Progress("parse", stream=log) as bar:
        for item in bar.iterate(range(5)):
            if item == 3:
                raise ValueError
    assert bar.count == 3
    assert log.getvalue().rstrip().endswith("-- stopped")


@pytest.mark.parametrize("seconds, text", [
    (4.25, "4.2 s"), (59.9, "59.9 s"), (185, "3 min 05 s"), (3720, "1 h 02 min"),
])
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_summary_names_counts_steps_and_memory():
    text = summary(cables=251287, pages=260000, warnings=1,
                   seconds={"parse": 80.0, "render": 200.0}, peak_mb=812.4)
    assert text.splitlines() == [
        "251,287 cables, 260,000 pages, 1 warning",
        "time: 4 min 40 s (parse 1 min 20 s, render 3 min 20 s)",
        "peak memory: 812 MB",
    ]


def test_peak_memory_counts_this_process_and_finished_children():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_memory_mb() >= own > 5
    # A child that touches 300 MB raises the figure: children are part of the process tree.
    fill = "b = bytearray(300 * 2**20)\nfor i in range(0, len(b), 4096): b[i] = 1"
    subprocess.run([sys.executable, "-c", fill], check=True)
    assert peak_memory_mb() - resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 >= 290


def test_memory_watch_adds_up_children_running_at_the_same_time():
    # Two children holding 150 MB each at once: the watch sees both (getrusage sees one).
    fill = ("import time\nb = bytearray(150 * 2**20)\nfor i in range(0, len(b), 4096): b[i] = 1\n"
            "print('full', flush=True)\ntime.sleep(1.5)")
    with MemoryWatch(interval=0.1) as watch:
        children = [subprocess.Popen([sys.executable, "-c", fill], stdout=subprocess.PIPE)
                    for _ in range(2)]
        for child in children:
            assert child.stdout.readline() == b"full\n"
        for child in children:
            child.wait()
    assert watch.peak_mb >= 2 * 150 * 1.048 + 5


def test_memory_watch_counts_memory_shared_by_a_fork_once():
    # A parent holding 200 MB forks a child that keeps the very same pages: resident sizes
    # add up to 400 MB, but the memory is there once (PSS shares it out between the two).
    fill = ("import os, time\nb = bytearray(200 * 2**20)\n"
            "for i in range(0, len(b), 4096): b[i] = 1\n"
            "pid = os.fork()\nprint('forked', flush=True) if pid else None\ntime.sleep(1.5)\n"
            "os.waitpid(pid, 0) if pid else None")
    with MemoryWatch(interval=0.1) as watch:
        parent = subprocess.Popen([sys.executable, "-c", fill], stdout=subprocess.PIPE)
        assert parent.stdout.readline() == b"forked\n"
        time.sleep(0.5)
        both = watch.sample()
        parent.wait()
    here = psutil.Process().memory_info().rss / 1e6  # (the watch counts its own RSS)
    assert 200 * 1.048 <= both - here < 1.5 * 200 * 1.048
