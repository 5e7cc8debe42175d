"""Progress: a rich bar (documents/s, ETA) on a terminal, plain log lines otherwise.

The total is counted in a background thread while the work starts, so the bar
begins without a total and gains its ETA a moment later.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from datetime import timedelta
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _Rate(ProgressColumn):
    """Inputs handled per second since the run started: the figure the summary ends with."""

    def __init__(self, reporter: Reporter) -> None:
        super().__init__()
        self.reporter = reporter

    def render(self, task: Task) -> Text:
        return Text(f"{self.reporter.rate():,.1f} docs/s", style="progress.data.speed")


class Reporter:
    """Counts processed documents and errors and shows them; `mode` is rich, log or none."""

    def __init__(
        self,
        mode: str,
        *,
        already: int = 0,
        already_errors: int = 0,
        log_every: float = 10.0,
        stream: TextIO | None = None,
        started: float | None = None,
    ) -> None:
        self.mode = mode
        self.stream = stream or sys.stderr
        self.already = already  # units done by earlier runs (resume)
        self.already_errors = already_errors
        self.done = 0  # units finished in this run
        self.errors = 0
        self.total: int | None = None
        self.log_every = log_every
        self.started = time.perf_counter() if started is None else started
        self.wall: float | None = None  # set by `finish`: the rate then stays what the summary says
        self._last_log = self.started
        self._progress: Progress | None = None
        self._task: Any = None
        self._lock = threading.Lock()

    def __enter__(self) -> Reporter:
        if self.mode == "rich":
            self._progress = Progress(
                TextColumn("[bold]batch[/bold]"),
                BarColumn(),
                MofNCompleteColumn(),
                _Rate(self),
                TextColumn("{task.fields[errors]} errors"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("batch", total=None, completed=self.already, errors=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        elif self.mode == "log" and exc[0] is None:
            self._log(final=True)

    def set_total(self, total: int) -> None:
        with self._lock:
            self.total = total
        if self._progress is not None:
            self._progress.update(self._task, total=max(total, self.already + self.done))

    def advance(self, units: int, errors: int) -> None:
        self.done += units
        self.errors += errors
        if self._progress is not None:
            task = self._progress.tasks[0]
            if task.total is not None and task.completed + units > task.total:  # the count was an estimate
                self._progress.update(self._task, total=task.completed + units)
            self._progress.update(self._task, advance=units, errors=self.already_errors + self.errors)
        elif self.mode == "log" and time.perf_counter() - self._last_log >= self.log_every:
            self._log()

    def rate(self) -> float:
        """Inputs (documents and error records) this run has handled per second of its wall time."""
        elapsed = self.wall if self.wall is not None else time.perf_counter() - self.started
        return round(self.done / elapsed, 2) if elapsed > 0 else 0.0

    def finish(self, wall_seconds: float) -> float:
        """Fix the run's wall time, so the bar's last frame and the summary show one rate; returns it."""
        self.wall = wall_seconds
        if self._progress is not None:
            self._progress.refresh()
        return self.rate()

    def _log(self, final: bool = False) -> None:
        self._last_log = time.perf_counter()
        rate = self.rate()
        done = self.already + self.done
        with self._lock:
            total = None if self.total is None else max(self.total, done)
        parts = [f"{done:,}" + (f"/{total:,} ({100 * done / total:.1f}%)" if total else "") + " done"]
        parts.append(f"{rate:,.1f} docs/s")
        parts.append(f"{self.already_errors + self.errors:,} errors")
        if total and rate > 0 and not final:
            parts.append(f"ETA {timedelta(seconds=round(max(total - done, 0) / rate))}")
        print("batch: " + " · ".join(parts), file=self.stream, flush=True)


def count_in_background(reporter: Reporter, inputs: list[str]) -> threading.Thread:
    """Count the input units in a daemon thread and hand the total to the reporter."""
    from .shards import count_units

    def run() -> None:
        with contextlib.suppress(Exception):
            reporter.set_total(count_units(inputs))

    thread = threading.Thread(target=run, name="vnp-count", daemon=True)
    thread.start()
    return thread
