"""The one place that knows the order of the stages.

    read -> clean -> parse (spaCy + entity ruler) -> actors -> places -> times -> quotes -> events

`Coder` loads the heavy resources once (spaCy pipeline, actor knowledge base, gazetteer, lexicon) and
codes articles one at a time or in batches (`nlp.pipe`, optionally over several processes). A failure
in one article is reported for that article; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.actors import mentions as actors_stage
from eventwire.places import resolve as places_stage
from eventwire.quotes import extract as quotes_stage
from eventwire.times import extract as times_stage
from eventwire.actors.kb import ActorKB
from eventwire.errors import EventwireError
from eventwire.events.build import extract_events
from eventwire.places.gazetteer import load_gazetteer
from eventwire.events.lexicon import Lexicon, load_lexicon
from eventwire.model import Article, CodedArticle, Entity, Failure, Place, Quote
from eventwire.parse import build_nlp


def _without_shadowed(actors: list[Entity], places: list[Place]) -> list[Entity]:
    """Drop NER-only actor mentions that the places stage resolved as places ("Tessalit", and
    "Cucuta and Tibu": places joined by connectors)."""
    spans = [(p.start, p.end) for p in places if p.name]
    return [a for a in actors if not (_ner_only(a) and _only_places(a, spans))]


def _ner_only(actor: Entity) -> bool:
    """No KB entry, and no country or no sector: at most the country its own (place) words gave it."""
    return actor.kb_id is None and (actor.country is None or actor.sector is None)


def _only_places(actor: Entity, spans: list[tuple[int, int]]) -> bool:
    if actor.start is None or actor.end is None:
        return False
    inside = [(max(s, actor.start), min(e, actor.end)) for s, e in spans if s < actor.end and actor.start < e]
    if not inside:
        return False
    rest = list(actor.text)
    for s, e in inside:
        rest[s - actor.start : e - actor.start] = " " * (e - s)
    return all(word.lower() in ("and", "or", "&") for word in "".join(rest).replace(",", " ").split())


class Coder:
    """Codes articles into `CodedArticle` documents. Build once, reuse: loading takes seconds."""

    def __init__(self, model: str | None = None, kb: ActorKB | None = None):
        """`model`: a spaCy pipeline name (default: en_core_web_sm, else the PyPI re-upload).
        `kb`: another actor knowledge base, e.g. from `petrarch_dict.load_petrarch_dictionaries`."""
        self.kb = kb if kb is not None else actors_stage.load_kb()
        self.gazetteer = load_gazetteer()
        self.lexicon: Lexicon = load_lexicon()
        actor_patterns = actors_stage.ruler_patterns(self.kb)
        names = {p["pattern"] for p in actor_patterns}  # a known actor's name is an actor before a place
        place_patterns = [p for p in places_stage.ruler_patterns(self.gazetteer) if p["pattern"] not in names]
        self.nlp: Language = build_nlp(actor_patterns + place_patterns, name=model)

    def code(self, article: Article) -> CodedArticle:
        """Code one article (raises on failure; `code_many` records failures instead)."""
        return self.code_doc(article, self.nlp(article.text))

    def code_many(
        self, articles: Iterable[Article], batch_size: int = 16, n_process: int = 1
    ) -> Iterator[CodedArticle | Failure]:
        """Code a stream of articles; parsing is batched, a bad article yields a Failure."""
        pairs = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            try:
                yield self.code_doc(article, doc)
            except EventwireError as exc:
                yield Failure(origin=article.origin or article.id, error=str(exc))
            except Exception as exc:  # a bug must not stop a batch of thousands; it is reported per article
                yield Failure(
                    origin=article.origin or article.id, error=f"internal error: {type(exc).__name__}: {exc}"
                )

    def _canonical_medium(self, quote: Quote, published: str | None) -> Quote:
        """"told Al-Alaraby Al-Jadeed" (a misspelling) -> the outlet's knowledge-base name."""
        if quote.medium:
            outlet = actors_stage.resolve_name(self.kb, quote.medium, published)
            if outlet is not None and outlet.kb_id is not None and outlet.sector == "JRN":
                quote.medium = outlet.name
        return quote

    def code_doc(self, article: Article, doc: Doc) -> CodedArticle:
        """Run the stages after parsing on an already parsed `doc` of `article.text`."""
        published = article.published
        actors = actors_stage.extract_actors(doc, self.kb, published)
        places = places_stage.extract_places(doc, self.gazetteer, actors)
        actors = _without_shadowed(actors, places)
        times = times_stage.extract_times(doc, published)
        quotes = [self._canonical_medium(q, published) for q in quotes_stage.extract_quotes(doc, actors)]
        events = extract_events(
            doc, actors, places, times, quotes, self.lexicon, published,
            resolve=lambda text: actors_stage.resolve_name(self.kb, text, published),
        )
        for event in events:
            event.id = f"{article.id}-{event.id}"
        return CodedArticle(
            article=article, events=events, quotes=quotes, places=places, times=times, actors=actors
        )
