"""What a long ingest shows while it runs: a live bar on a terminal, plain log lines otherwise, or nothing.

    with IngestProgress(console, total=5000) as progress:   # total=None for feeds and archives
        ingest(items, store, coder, progress=progress)

The bar shows articles done, articles/s, the ETA (when the total is known) and failures so far. Without a
terminal (a log file, CI, `nohup`) one line is printed every `every` seconds and at the end:
`ingest: 1200 done (1180 stored, 20 failed), 14.2 articles/s`.
"""

from __future__ import annotations

import time
from typing import Literal

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from eventwire.model import Failure

Mode = Literal["auto", "bar", "log", "quiet"]


class IngestProgress:
    """A callable for `ingest(progress=...)`; counts outcomes and shows them."""

    def __init__(self, console: Console, total: int | None = None, mode: Mode = "auto", every: float = 10.0,
                 label: str = "Ingesting"):
        self.console, self.total, self.every, self.label = console, total, every, label
        self.mode: Mode = ("bar" if console.is_terminal else "log") if mode == "auto" else mode
        self.done = self.failed = 0
        self._start = self._last_line = time.monotonic()
        self._bar: Progress | None = None
        self._task = None

    def __enter__(self) -> IngestProgress:
        self._start = self._last_line = time.monotonic()
        if self.mode == "bar":
            self._bar = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TaskProgressColumn(), TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"),
                TimeRemainingColumn(), console=self.console, transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total, rate=0.0, failed=0)
        return self

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self._start
        return self.done / elapsed if elapsed > 0 else 0.0

    def __call__(self, outcome: object) -> None:
        self.done += 1
        self.failed += isinstance(outcome, Failure)
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=self.rate, failed=self.failed)
        elif self.mode == "log" and time.monotonic() - self._last_line >= self.every:
            self._line()

    def _line(self) -> None:
        self._last_line = time.monotonic()
        of = f"/{self.total}" if self.total is not None else ""
        self.console.print(f"{self.label.lower()}: {self.done}{of} done ({self.done - self.failed} stored or "
                           f"unchanged, {self.failed} failed), {self.rate:.1f} articles/s", highlight=False)

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc_info)
        elif self.mode == "log" and self.done:
            self._line()
