"""Exceptions raised by eventwire. Catch by family:

    EventwireError
    ├── InputError            a document cannot be read (names the file and, for JSONL, the line)
    │   ├── EmptyInputError
    │   ├── EncodingError     bytes that are not text in any encoding we accept
    │   ├── NoArticleError    HTML with no extractable article body
    │   ├── LimitError        over a hard limit of [limits] (bytes, characters; names the limit)
    │   └── FetchError        a URL could not be fetched (status, robots.txt, timeout; names the URL)
    ├── ModelNotInstalled     the spaCy English pipeline is missing (says how to install it)
    ├── DataFileError         a lexicon / knowledge-base / gazetteer file is malformed (names file and line)
    ├── OptionsError          an options file has an unknown key or a bad value (names file and key)
    ├── WatchlistError        a watchlist definition is invalid (names the watchlist and the field)
    ├── StageError            a pipeline stage failed on one document (names the stage)
    │   └── TimeBudgetExceeded    ... because the document used up [limits] time_budget
    └── StoreError            the SQLite store cannot be used
        └── StoreFileError    ... because of its file (names the path)
            ├── NotADatabaseError
            ├── DatabaseLockedError
            └── ReadOnlyDatabaseError
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class InputError(EventwireError):
    """A document could not be read. `origin` names the file (and line)."""

    def __init__(self, origin: str, problem: str):
        self.origin = origin
        self.problem = problem
        super().__init__(f"{origin}: {problem}")


class EmptyInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class NoArticleError(InputError):
    pass


class LimitError(InputError):
    """The input is over a hard limit of the `[limits]` options; `problem` names the limit and its key."""


class FetchError(InputError):
    """A feed or page could not be fetched; `origin` is the URL, `status` the HTTP status if any."""

    def __init__(self, origin: str, problem: str, status: int | None = None):
        self.status = status
        super().__init__(origin, problem)


class ModelNotInstalled(EventwireError):
    pass


class DataFileError(EventwireError):
    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


class StoreError(EventwireError):
    pass


class StoreFileError(StoreError):
    """The database file cannot be used. `path` names it, `problem` says why."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotADatabaseError(StoreFileError):
    """The file exists but is not an SQLite database (or not an eventwire store)."""


class DatabaseLockedError(StoreFileError):
    """Another process holds the write lock for longer than our timeout."""


class ReadOnlyDatabaseError(StoreFileError):
    """The store was opened read-only, or the file / its directory cannot be written."""


class StageError(EventwireError):
    """A pipeline stage failed on one document. `stage` names it (parse, actors, places, times, quotes,
    events), `problem` says what happened; a batch records it as a `Failure` and goes on."""

    def __init__(self, stage: str, problem: str):
        self.stage = stage
        self.problem = problem
        super().__init__(f"{stage}: {problem}")


class TimeBudgetExceeded(StageError):
    """Coding one document took longer than `[limits] time_budget`; `stage` is where the time ran out."""

    def __init__(self, stage: str, seconds: float):
        self.seconds = seconds
        super().__init__(stage, f"over the time budget of {seconds:g} s per document ([limits] time_budget)")


class OptionsError(EventwireError):
    """An options file names an unknown option or gives a value of the wrong type."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class WatchlistError(EventwireError):
    """A watchlist definition names an unknown field or gives a bad value (`name` is the watchlist)."""

    def __init__(self, name: str, problem: str):
        self.name = name
        self.problem = problem
        super().__init__(f"watchlist {name!r}: {problem}")
