"""Typed records that flow through the pipeline stages.

Every record carries character offsets (`start`, `end`) into the *cleaned* article text, so that any
field can be checked against its evidence. `to_dict()` gives the JSON shape documented in
docs/schema.md (and validated by src/eventwire/data/schema/article.schema.json).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

# The 16 PLOVER event categories (PLOVER manual, category sections).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# Quad class (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict).
QUAD_CLASS: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

FACTUALITY_VALUES: tuple[str, ...] = ("asserted", "planned", "hypothetical", "negated", "historical")
Factuality = Literal["asserted", "planned", "hypothetical", "negated", "historical"]
EntityKind = Literal["person", "organization", "country", "group", "generic"]
QuoteKind = Literal["direct", "indirect", "partial"]
PlaceRole = Literal["location", "actor"]
FeatureKind = Literal["country", "admin1", "admin2", "city", "site", "region"]
Granularity = Literal["day", "week", "month", "year", "interval", "decade", "time"]


class Record:
    """Shared behaviour: JSON-ready dicts with nested records expanded."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@dataclass(slots=True)
class Warning(Record):
    """Something in the input a reader should know about (e.g. mojibake), with its span."""

    kind: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None


@dataclass(slots=True)
class Failure(Record):
    """A document that could not be read or coded: where it came from and why. A batch records it
    and goes on."""

    origin: str
    error: str
    stage: str = "read"  # read | parse | actors | places | times | quotes | events | store


@dataclass(slots=True)
class Article(Record):
    """An input document after reading and cleaning: what every later stage sees."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # YYYY-MM-DD
    warnings: list[Warning] = field(default_factory=list)
    origin: str | None = None  # file (and line) the article was read from

    def content_hash(self) -> str:
        """sha256 of what decides the coding: cleaned text, publication date, title and source.
        The url and origin are left out: the same report fetched from a mirror codes the same way."""
        key = {"text": self.text, "published": self.published, "title": self.title, "source": self.source}
        blob = json.dumps(key, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


@dataclass(slots=True)
class Entity(Record):
    """An actor mention resolved (as far as we can) to the knowledge base.

    `name` is canonical, `text` as written. `country` is ISO 3166 alpha-3 (or an IGO/NGO code),
    `sector` a PLOVER sector code (GOV, MIL, REB, COP, PTY, ...).
    """

    name: str
    text: str
    kb_id: str | None = None
    wikidata: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: EntityKind = "generic"
    start: int | None = None
    end: int | None = None
    score: float = 1.0  # 1.0 exact KB match; lower for fuzzy or inferred


@dataclass(slots=True)
class DateValue(Record):
    """A resolved calendar interval: both ends inclusive ISO dates."""

    start: str
    end: str


@dataclass(slots=True)
class TimeExpr(Record):
    """A temporal expression found in the text and resolved against the publication date."""

    text: str
    start: int
    end: int
    value: DateValue | None
    granularity: Granularity
    duration: str | None = None  # TimeML duration for lengths of time: "three years" -> "P3Y"


@dataclass(slots=True)
class Place(Record):
    """A place name in the text, resolved to a gazetteer entry (or not)."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO3
    admin1: str | None = None
    feature: FeatureKind | None = None
    role: PlaceRole = "location"
    score: float = 1.0


@dataclass(slots=True)
class Quote(Record):
    """Reported speech: the quoted span, who said it, and to whom (the medium)."""

    id: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: Entity | None = None
    medium: str | None = None


@dataclass(slots=True)
class EventDate(Record):
    """When an event happened: an inclusive interval, and the words that say so (None when the
    date falls back to the publication date because the text gives none)."""

    start: str
    end: str
    text: str | None


@dataclass(slots=True)
class Magnitude(Record):
    """A count the report gives for an event ("at least 20 killed" -> min 20, max None; "between 5 and
    7" -> 5, 7; "17" -> 17, 17), with the words that say it."""

    min: int | None
    max: int | None
    text: str
    start: int
    end: int


MAGNITUDE_KINDS: tuple[str, ...] = ("killed", "injured", "arrested", "displaced", "abducted")


@dataclass(slots=True)
class Decision(Record):
    """Who decided one field of an event and how sure it was: the rules (`by="rules"`) or the learned
    typer (`by="learned"`). Both are kept, so a reader sees where they disagreed."""

    field: str  # "type", "factuality", or a field carried from elsewhere in the article: "location", "date"
    value: str
    by: str
    score: float


@dataclass(slots=True)
class Event(Record):
    """One PLOVER event with its evidence sentence and character offsets."""

    id: str
    type: str  # one of PLOVER_TYPES
    mode: str | None
    contexts: list[str]
    actors: list[Entity]
    recipients: list[Entity]
    location: Place | None
    date: EventDate | None
    factuality: Factuality
    claimed_by: Entity | None
    sentence: int
    start: int
    end: int
    text: str
    confidence: float
    cameo: str | None = None
    trigger: str | None = None
    magnitudes: dict[str, Magnitude] = field(default_factory=dict)  # by kind (MAGNITUDE_KINDS)
    decisions: list[Decision] = field(default_factory=list)


@dataclass(slots=True)
class CodedArticle(Record):
    """The pipeline's output for one article: the JSON document of docs/schema.md."""

    article: Article
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    actors: list[Entity] = field(default_factory=list)
    schema_version: str = "1.0"

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["article"].pop("origin", None)  # a local path: not part of the portable document
        return out
