"""`Options`: the settings of a run, from the packaged, commented `data/options.toml` laid under a user
file (`Options.load(path)`, `--options FILE` or `$EVENTWIRE_OPTIONS`).

Settings are not knowledge: what the coder knows (actors, places, trigger words) lives in the data files
that `Resources` loads; how it runs (batch sizes, the place ranker's weights) lives here.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.datafiles import DATA_DIR
from eventwire.errors import OptionsError
from eventwire.places.weights import PlaceWeights

OPTIONS_ENV = "EVENTWIRE_OPTIONS"
DEFAULTS_FILE = DATA_DIR / "options.toml"


@dataclass(frozen=True, slots=True)
class Pipeline:
    batch_size: int = 16  # articles parsed together by nlp.pipe
    n_process: int = 1  # parser processes
    learned_typer: bool = False  # true: the learned typer after the rules (data/models/event_typer.*)


@dataclass(frozen=True, slots=True)
class Fetch:
    """How eventwire fetches feeds and pages (`eventwire.inputs.http`)."""

    user_agent: str = ""  # empty: "eventwire/<version> (+https://github.com/eventwire)"
    timeout: float = 20.0  # seconds per request (connect and each read)
    retries: int = 3  # further tries after a timeout, a connection error, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time (Retry-After wins)
    per_host_interval: float = 1.0  # at least this many seconds between two requests to one host
    max_bytes: int = 10_000_000  # a larger response is refused
    respect_robots: bool = True  # false only for servers you run yourself


@dataclass(frozen=True, slots=True)
class Ingest:
    write_batch: int = 32  # coded articles written per store transaction
    language: str = "en"  # ISO 639-1 code of the language the coder reads; other texts are skipped


@dataclass(frozen=True, slots=True)
class Limits:
    """What one input may cost (docs/limits.md): past a soft limit it is coded with a warning, past a hard
    one it is refused with an `InputError` naming the input and the limit."""

    max_bytes: int = 10_000_000  # hard: bytes of a file (of one line of a JSONL file), read with this cap
    max_chars: int = 100_000  # hard: characters of a document after cleaning
    max_tokens: int = 25_000  # hard: tokens of a document (what parsing time grows with)
    part_chars: int = 50_000  # soft: a longer document is parsed in parts, cut at paragraph breaks
    max_sentence_tokens: int = 250  # soft: no sentence is longer (a run with no full stop is cut before parsing)
    max_run_chars: int = 40  # a longer run of characters without a space, with more than
    max_run_marks: int = 20  # ... this many marks (not letters or digits), is tokenized in pieces this long
    max_quotes: int = 1000  # soft: quotes kept per document
    max_candidates: int = 2000  # soft: event candidates kept per document
    time_budget: float = 20.0  # seconds for the stages after parsing, per document, 0 for none: then a Failure


@dataclass(frozen=True, slots=True)
class Copies:
    """How re-published and rewritten articles are recognised as copies (`eventwire.copies`, docs/incidents.md)."""

    permutations: int = 128  # MinHash values per signature of an article's content words
    band_rows: int = 2  # MinHash values per LSH band: fewer rows find weaker overlaps, at more checks
    min_word_jaccard: float = 0.2  # estimated overlap of two articles' content words to compare sentences
    sentence_jaccard: float = 0.35  # two sentences correspond when their content words overlap this much
    min_aligned: float = 0.45  # share of the shorter text's sentences met, in order, in the longer: a copy
    min_sentences: int = 3  # shorter texts are linked by exact body hash and url only
    tracking_params: str = "utm_,fbclid,gclid,mc_,ref,cmpid,ocid,taid,smid"  # url query keys (prefixes) ignored
    max_candidates: int = 20  # stored articles a new one is compared with: those sharing the most bands


@dataclass(frozen=True, slots=True)
class Incidents:
    """When events of different articles are one real-world incident (`eventwire.incidents`)."""

    date_window_days: int = 2  # two reports' date intervals at most this many days apart
    undated_lag_days: int = 3  # an undated event: within this many days before its report's publication
    near_km: float = 50.0  # two located events at most this far apart (else: same admin1 area)
    min_score: float = 2.25  # links need this much agreement (docs/incidents.md, "the link rule")
    text_weight: float = 2.0  # times the overlap of the two evidence texts' content words
    max_candidates: int = 300  # stored events a new one is compared with: the nearest in time
    max_links: int = 50  # links kept per new event: its strongest


@dataclass(frozen=True, slots=True)
class Alerts:
    """When a watchlist fires (`eventwire.alerts`) and how alerts are delivered."""

    window_days: int = 7  # the count of matching incidents in this window ...
    baseline_windows: int = 4  # ... against the trailing windows before it
    surge_p: float = 0.01  # Poisson tail probability below which the count is a surge
    surge_min: int = 3  # a surge needs at least this many incidents in the window
    escalation_days: int = 14  # verbal conflict this recently, then material conflict: an escalation
    retries: int = 5  # webhook deliveries tried this many times before the alert waits for the next run
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    timeout: float = 10.0  # seconds per webhook request


@dataclass(frozen=True, slots=True)
class Options:
    pipeline: Pipeline = field(default_factory=Pipeline)
    places: PlaceWeights = field(default_factory=PlaceWeights)
    fetch: Fetch = field(default_factory=Fetch)
    ingest: Ingest = field(default_factory=Ingest)
    limits: Limits = field(default_factory=Limits)
    copies: Copies = field(default_factory=Copies)
    incidents: Incidents = field(default_factory=Incidents)
    alerts: Alerts = field(default_factory=Alerts)

    @property
    def batch_size(self) -> int:
        return self.pipeline.batch_size

    @property
    def n_process(self) -> int:
        return self.pipeline.n_process

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> Options:
        """The packaged defaults, then `path` (else `$EVENTWIRE_OPTIONS`, if set) over them."""
        sections = _read(DEFAULTS_FILE)
        user = path if path is not None else os.environ.get(OPTIONS_ENV)
        if user:
            for name, values in _read(Path(user)).items():
                sections.setdefault(name, {}).update(values)
        return cls(**{name: _section_type(name)(**values) for name, values in sections.items()})


def _section_type(name: str) -> type:
    return {f.name: f.default_factory for f in dataclasses.fields(Options)}[name]  # type: ignore[return-value]


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The file's sections, each key checked against the section's dataclass (name and type)."""
    try:
        with open(path, "rb") as fh:
            document = tomllib.load(fh)
    except OSError as exc:
        raise OptionsError(str(path), f"cannot open: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise OptionsError(str(path), f"not TOML: {exc}") from exc
    known = {f.name for f in dataclasses.fields(Options)}
    out: dict[str, dict[str, Any]] = {}
    for section, table in document.items():
        if section not in known or not isinstance(table, dict):
            raise OptionsError(str(path), f"unknown section [{section}] (known: {', '.join(sorted(known))})")
        fields = {f.name: f for f in dataclasses.fields(_section_type(section))}
        for key, value in table.items():
            if key not in fields:
                raise OptionsError(str(path), f"unknown option [{section}] {key} (known: {', '.join(fields)})")
            default = getattr(_section_type(section)(), key)
            out.setdefault(section, {})[key] = _checked(path, section, key, value, default)
    return out


def _checked(path: Path, section: str, key: str, value: Any, default: Any) -> Any:
    where = f"[{section}] {key}"
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise OptionsError(str(path), f"{where} must be true or false, not {value!r}")
        return value
    if isinstance(value, bool):
        raise OptionsError(str(path), f"{where}: booleans are not options here")
    if isinstance(default, str):
        if not isinstance(value, str):
            raise OptionsError(str(path), f"{where} must be a string, not {value!r}")
        return value
    if isinstance(default, int):
        positive = section in ("pipeline", "ingest", "limits")
        if not isinstance(value, int) or value < (1 if positive else 0) and section != "places":
            raise OptionsError(str(path), f"{where} must be a whole number{' >= 1' if positive else ' >= 0'}, not {value!r}")
        return value
    if isinstance(default, float):
        if not isinstance(value, (int, float)) or section == "limits" and value < 0:
            raise OptionsError(str(path), f"{where} must be a number{' >= 0' if section == 'limits' else ''}, not {value!r}")
        return float(value)
    if isinstance(default, dict):
        if not isinstance(value, dict) or set(value) - set(default) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
            raise OptionsError(str(path), f"{where} must be a table of numbers with keys among {sorted(default)}")
        return {**default, **{k: float(v) for k, v in value.items()}}
    return value
