"""The per-document time budget (`[limits] time_budget`): the backstop behind bounded algorithms.

    with time_budget(20.0):
        with stage("actors"):      # pipeline._stage does this
            ...
            checkpoint()           # in loops that may run long: once per sentence, quote, mention ...

Past the budget, `TimeBudgetExceeded` (a `StageError` naming the stage the time ran out in) is raised, and
a batch records the document as a `Failure` and goes on. Two ways, so that neither alone must be right:
`checkpoint()` calls in the stages' long loops compare the clock (any thread: the HTTP API codes in a
worker thread, Dask in its worker threads); and in the main thread a timer signal (SIGALRM) interrupts
whatever runs at the time, repeating every `_REPEAT` s in case a library swallowed the first one.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from eventwire.errors import TimeBudgetExceeded

_REPEAT = 0.5  # seconds between further alarms once the budget is spent
_current: ContextVar[Budget | None] = ContextVar("eventwire_budget", default=None)


class Budget:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.until = time.monotonic() + seconds if seconds > 0 else None
        self.stage = "parse"
        self.armed = True  # false once the document is done: a late alarm then does nothing

    def check(self) -> None:
        if self.until is not None and time.monotonic() > self.until:
            raise TimeBudgetExceeded(self.stage, self.seconds)


def checkpoint() -> None:
    """Raise `TimeBudgetExceeded` if the document being coded is past its budget (a clock read: cheap)."""
    budget = _current.get()
    if budget is not None and budget.until is not None and time.monotonic() > budget.until:
        raise TimeBudgetExceeded(budget.stage, budget.seconds)


def enter(stage: str) -> None:
    """The document is now in `stage` (named in the error if the time runs out there)."""
    budget = _current.get()
    if budget is not None:
        budget.stage = stage
        budget.check()


@contextmanager
def time_budget(seconds: float) -> Iterator[Budget]:
    """A `Budget` of `seconds` (0: none) for the code inside."""
    budget = Budget(seconds)
    token = _current.set(budget)
    try:
        if budget.until is None or not _can_alarm():
            yield budget
            return

        def expired(signum, frame):
            if budget.armed:
                raise TimeBudgetExceeded(budget.stage, seconds)

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
        try:
            yield budget
        finally:
            try:  # nested, so that an alarm arriving as the body ends cannot skip the timer's removal
                budget.armed = False
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
    finally:
        _current.reset(token)


def _can_alarm() -> bool:
    """The main thread, with no one else's timer running (a test runner's, an application's)."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
