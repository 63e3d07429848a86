"""The one place that knows the order of the stages.

    read -> clean -> parse (spaCy + entity ruler) -> actors -> places -> (arbitration) -> times -> quotes -> events

`Coder` takes its knowledge from one `Resources` object (loaded once) and its settings from `Options`, and
codes articles one at a time or in batches (`nlp.pipe`, optionally over several processes). A failure in
one article is reported for that article, with the stage it failed in; the batch goes on. Storing is the
`ingest` module's job; this module never touches the store.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.actors import mentions as actors_stage
from eventwire.actors.kb import ActorKB
from eventwire.arbitration import without_shadowed
from eventwire.datafiles import gc_paused
from eventwire.errors import EventwireError, StageError
from eventwire.events.build import extract_events
from eventwire.events.candidates import DEFAULT_TYPERS, EventTyper
from eventwire.model import Article, CodedArticle, Failure, Quote
from eventwire.options import Options
from eventwire.parse import build_nlp
from eventwire.places import resolve as places_stage
from eventwire.quotes import extract as quotes_stage
from eventwire.resources import Resources
from eventwire.times import extract as times_stage


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Name the stage in whatever goes wrong inside it."""
    try:
        yield
    except StageError:
        raise
    except EventwireError as exc:
        raise StageError(name, str(exc)) from exc
    except Exception as exc:  # a bug must not stop a batch of thousands; it is reported per article
        raise StageError(name, f"internal error: {type(exc).__name__}: {exc}") from exc


class Stages:
    """The stages after parsing, in their order, on one `Resources` object: what `Coder` runs on each
    parsed Doc, and what the spaCy component `eventwire` runs inside someone else's pipeline."""

    def __init__(self, resources: Resources, typers: Sequence[EventTyper] = DEFAULT_TYPERS,
                 options: Options | None = None):
        self.resources = resources
        self.typers = tuple(typers)
        self.options = options if options is not None else Options()

    def _canonical_medium(self, quote: Quote, published: str | None) -> Quote:
        """"told Al-Alaraby Al-Jadeed" (a misspelling) -> the outlet's knowledge-base name."""
        if quote.medium:
            outlet = actors_stage.resolve_name(self.resources.kb, quote.medium, published)
            if outlet is not None and outlet.kb_id is not None and outlet.sector == "JRN":
                quote.medium = outlet.name
        return quote

    def code_doc(self, article: Article, doc: Doc) -> CodedArticle:
        """Run the stages after parsing on an already parsed `doc` of `article.text`."""
        published, res = article.published, self.resources
        with _stage("actors"):
            actors = actors_stage.extract_actors(doc, res.kb, published, gazetteer=res.gazetteer)
        with _stage("places"):
            places = places_stage.extract_places(doc, res.gazetteer, actors, w=self.options.places)
            actors = without_shadowed(actors, places)
        with _stage("times"):
            times = times_stage.extract_times(doc, published)
        with _stage("quotes"):
            quotes = [self._canonical_medium(q, published)
                      for q in quotes_stage.extract_quotes(doc, actors, res.quote_lexicon)]
        with _stage("events"):
            events = extract_events(
                doc, actors, places, times, quotes, res.lexicon, published,
                resolve=lambda text: actors_stage.resolve_name(res.kb, text, published),
                capitals=res.gazetteer.capital_geonameids(), typers=self.typers,
            )
        # One id scheme everywhere (JSON, store, exports): "<article id>-e<n>", "<article id>-q<n>".
        for record in (*events, *quotes):
            record.id = f"{article.id}-{record.id}"
        return CodedArticle(
            article=article, events=events, quotes=quotes, places=places, times=times, actors=actors
        )


def default_typers(resources: Resources, options: Options) -> tuple[EventTyper, ...]:
    """The rules, then the learned typer when the options want it and its model file is installed."""
    if not options.pipeline.learned_typer:
        return DEFAULT_TYPERS
    from eventwire.events.learned import LearnedTyper, load_event_model

    model = load_event_model()
    return DEFAULT_TYPERS if model is None else (*DEFAULT_TYPERS, LearnedTyper(model, resources.lexicon))


class Coder:
    """Codes articles into `CodedArticle` documents. Build once, reuse: loading takes seconds."""

    def __init__(self, model: str | None = None, kb: ActorKB | None = None, *,
                 resources: Resources | None = None, options: Options | None = None,
                 typers: Sequence[EventTyper] | None = None):
        """`model`: a spaCy pipeline name (default: en_core_web_sm, else the PyPI re-upload).
        `resources`: knowledge to code with (default: the packaged data plus the user's files);
        `kb`: another actor knowledge base only, e.g. from `petrarch.load_petrarch_dictionaries`.
        `options`: settings (default: the packaged options.toml plus the user's file).
        `typers`: who proposes and types events (default: the trigger-lexicon rules, then the learned
        typer unless `options.pipeline.learned_typer` is false; see `events.candidates.EventTyper`)."""
        self.options = options if options is not None else Options.load()
        with gc_paused():
            self.resources = resources if resources is not None else Resources.load(kb=kb)
            if typers is None:
                typers = default_typers(self.resources, self.options)
            self.stages = Stages(self.resources, typers, self.options)
            self.nlp: Language = build_nlp(self.ruler_patterns(self.resources), name=model)
        # What was just loaded lives as long as the process: keep it out of every later collection pass.
        gc.freeze()

    @staticmethod
    def ruler_patterns(resources: Resources) -> list[dict]:
        """Entity-ruler patterns: every KB actor's names, then the gazetteer's that are no actor's."""
        actor_patterns = actors_stage.ruler_patterns(resources.kb)
        names = {p["pattern"] for p in actor_patterns}  # a known actor's name is an actor before a place
        place_patterns = [p for p in places_stage.ruler_patterns(resources.gazetteer) if p["pattern"] not in names]
        return actor_patterns + place_patterns

    # The knowledge, under the names callers have always used.
    @property
    def kb(self) -> ActorKB:
        return self.resources.kb

    @property
    def gazetteer(self):
        return self.resources.gazetteer

    @property
    def lexicon(self):
        return self.resources.lexicon

    def code(self, article: Article | str) -> CodedArticle:
        """Code one article, or a plain text (origin "text", no dateline; a `Title:`/`Published:` header
        block is read). Raises `StageError` on failure; `code_many` yields a Failure instead."""
        if isinstance(article, str):
            from eventwire.read import article_from_text  # read imports the input stack; only plain text needs it
            article = article_from_text(article, "text")
        with _stage("parse"):
            doc = self.nlp(article.text)
        return self.code_doc(article, doc)

    def code_many(self, articles: Iterable[Article], batch_size: int | None = None,
                  n_process: int | None = None) -> Iterator[CodedArticle | Failure]:
        """Code a stream of articles; parsing is batched, a bad article yields a Failure."""
        batch_size = batch_size or self.options.batch_size
        n_process = n_process or self.options.n_process
        pairs = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            try:
                yield self.code_doc(article, doc)
            except StageError as exc:
                yield Failure(origin=article.origin or article.id, error=exc.problem, stage=exc.stage)

    def code_doc(self, article: Article, doc: Doc) -> CodedArticle:
        """Run the stages after parsing on an already parsed `doc` of `article.text`."""
        return self.stages.code_doc(article, doc)
