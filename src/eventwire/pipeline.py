"""The one place that knows the order of the stages.

    read -> clean -> parse (spaCy + entity ruler) -> actors -> places -> (arbitration) -> times -> quotes -> events

`Coder` takes its knowledge from one `Resources` object (loaded once) and its settings from `Options`, and
codes articles one at a time or in batches (`nlp.pipe`, optionally over several processes). A failure in
one article is reported for that article, with the stage it failed in; the batch goes on. Storing is the
`ingest` module's job; this module never touches the store.

What one document may cost is bounded by `Options.limits` (docs/limits.md): a document over `max_chars`
characters or `max_tokens` tokens is refused before parsing (a Failure naming the limit); one over
`part_chars` is parsed in parts cut at paragraph breaks and joined into one Doc (a warning on the article
says so); the stages after parsing run under `time_budget`, past which the document is a Failure of the
stage it was in.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from eventwire import budget
from eventwire.actors import mentions as actors_stage
from eventwire.actors.kb import ActorKB
from eventwire.arbitration import without_shadowed
from eventwire.datafiles import gc_paused
from eventwire.errors import EventwireError, InputError, LimitError, StageError
from eventwire.events.build import extract_events
from eventwire.events.candidates import DEFAULT_TYPERS, EventTyper
from eventwire.model import Article, CodedArticle, Failure, Quote, Warning
from eventwire.options import Limits, Options
from eventwire.parse import CAP_SENTENCES, SENTENCES_CUT, build_nlp, longest_sentence, make_doc, split_parts
from eventwire.places import resolve as places_stage
from eventwire.quotes import extract as quotes_stage
from eventwire.resources import Resources
from eventwire.times import extract as times_stage

log = logging.getLogger(__name__)


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Name the stage in whatever goes wrong inside it (and in the time budget, if one runs)."""
    try:
        budget.enter(name)
        yield
    except StageError:
        raise
    except EventwireError as exc:
        raise StageError(name, str(exc)) from exc
    except Exception as exc:  # a bug must not stop a batch of thousands; it is reported per article
        log.debug("internal error in stage %s", name, exc_info=True)  # the traceback, for `eventwire --debug`
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
        published, res, limits = article.published, self.resources, self.options.limits
        notes: list[str] = []  # what a soft limit left out, for the article's warnings
        with _stage("actors"):
            actors = actors_stage.extract_actors(doc, res.kb, published, gazetteer=res.gazetteer)
        with _stage("places"):
            places = places_stage.extract_places(doc, res.gazetteer, actors, w=self.options.places)
            actors = without_shadowed(actors, places)
        with _stage("times"):
            times = times_stage.extract_times(doc, published)
        with _stage("quotes"):
            quotes = [self._canonical_medium(q, published) for q in quotes_stage.extract_quotes(
                doc, actors, res.quote_lexicon, max_quotes=limits.max_quotes, warn=notes.append)]
        with _stage("events"):
            events = extract_events(
                doc, actors, places, times, quotes, res.lexicon, published,
                resolve=lambda text: actors_stage.resolve_name(res.kb, text, published),
                capitals=res.gazetteer.capital_geonameids(), typers=self.typers,
                max_candidates=limits.max_candidates, warn=notes.append,
            )
        # One id scheme everywhere (JSON, store, exports): "<article id>-e<n>", "<article id>-q<n>".
        for record in (*events, *quotes):
            record.id = f"{article.id}-{record.id}"
        if notes:
            article = with_warnings(article, [limit_warning(article, note) for note in notes])
        return CodedArticle(
            article=article, events=events, quotes=quotes, places=places, times=times, actors=actors
        )


def limit_warning(article: Article, message: str) -> Warning:
    """A warning about the whole document: a soft limit of `[limits]` changed how it was coded."""
    return Warning(kind="limit", start=0, end=len(article.text), text="", message=message)


def with_warnings(article: Article, warnings: list[Warning]) -> Article:
    """A copy of `article` with `warnings` added (the reader's record is left as it was)."""
    return dataclasses.replace(article, warnings=[*article.warnings, *warnings])


def admit(article: Article, limits: Limits) -> list[str]:
    """The parts `article.text` is parsed in (one, unless it is longer than `limits.part_chars`), or a
    LimitError (over `max_chars`) or InputError (a publication date that is not a day) naming the input."""
    from eventwire.read import check_date  # read imports the input stack; only this check needs it

    origin = article.origin or article.id
    if article.published is not None:
        check_date(article.published, origin)
    if len(article.text) > limits.max_chars:
        raise LimitError(origin, f"{len(article.text)} characters, over the limit of {limits.max_chars} per "
                                 "document ([limits] max_chars)")
    return split_parts(article.text, limits.part_chars)


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
            self.nlp: Language = build_nlp(self.ruler_patterns(self.resources), name=model,
                                           max_sentence_tokens=self.options.limits.max_sentence_tokens)
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
        block is read). Raises `StageError` on failure (an `InputError` for input over a hard limit);
        `code_many` yields a Failure instead."""
        if isinstance(article, str):
            from eventwire.read import article_from_text  # read imports the input stack; only plain text needs it
            article = article_from_text(article, "text")
        parts = self._tokenized(article)
        with budget.time_budget(self.options.limits.time_budget):
            with _stage("parse"):
                doc = self._parsed(parts)
            return self.code_doc(article, doc, len(parts))

    def parse(self, article: Article) -> Doc:
        """The parsed Doc of `article.text`, as the stages see it (parts, sentence cap; LimitError over a
        hard limit)."""
        return self._parsed(self._tokenized(article))

    def _parsed(self, parts: list[Doc]) -> Doc:
        return join_parts([self._capped(self.nlp(part)) for part in parts])

    def code_many(self, articles: Iterable[Article], batch_size: int | None = None,
                  n_process: int | None = None) -> Iterator[CodedArticle | Failure]:
        """Code a stream of articles; parsing is batched, a bad article yields a Failure."""
        batch_size = batch_size or self.options.batch_size
        n_process = n_process or self.options.n_process
        parsed: list[Doc] = []
        for doc, (article, count, refused) in self._pipe(self._parts(articles), batch_size, n_process):
            if refused is not None:
                yield refused
                continue
            parsed.append(self._capped(doc))
            if len(parsed) < count:
                continue
            doc, parsed = join_parts(parsed), []
            try:
                with budget.time_budget(self.options.limits.time_budget):
                    coded = self.code_doc(article, doc, count)
            except StageError as exc:
                yield Failure(origin=article.origin or article.id, error=exc.problem, stage=exc.stage)
                continue
            yield coded  # outside the budget: the time the caller takes is not the document's

    def _pipe(self, parts: Iterable[tuple[Doc, tuple]], batch_size: int, n_process: int
              ) -> Iterator[tuple[Doc, tuple]]:
        """`nlp.pipe` over (Doc, context) pairs, in batches of at most `batch_size` Docs and, in this
        process, at most `[limits] part_chars` characters: the parser's memory grows with the text of a
        whole batch, and sixteen long documents in one batch took gigabytes."""
        if n_process > 1:
            yield from self.nlp.pipe(parts, as_tuples=True, batch_size=batch_size, n_process=n_process)
            return
        budget_chars = self.options.limits.part_chars
        batch: list[tuple[Doc, tuple]] = []
        chars = 0
        for item in parts:
            size = len(item[0].text)
            if batch and (len(batch) >= batch_size or chars + size > budget_chars):
                yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
                batch, chars = [], 0
            batch.append(item)
            chars += size
        if batch:
            yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))

    def _parts(self, articles: Iterable[Article]) -> Iterator[tuple[Doc, tuple]]:
        """(tokenized part, (article, number of parts, Failure or None)) for `nlp.pipe`; a refused article
        passes as one empty Doc carrying its Failure, so results keep the order of the inputs."""
        for article in articles:
            try:
                parts = self._tokenized(article)
            except InputError as exc:
                failure = Failure(origin=article.origin or article.id, error=exc.problem, stage="parse")
                yield Doc(self.nlp.vocab, words=[]), (article, 1, failure)
                continue
            for part in parts:
                yield part, (article, len(parts), None)

    def _tokenized(self, article: Article) -> list[Doc]:
        """The article's parts, tokenized (in linear time), once its size is admitted by the limits."""
        limits = self.options.limits
        parts = [make_doc(self.nlp, text, limits.max_run_chars, limits.max_run_marks)
                 for text in admit(article, limits)]
        tokens = sum(len(part) for part in parts)
        if tokens > limits.max_tokens:
            raise LimitError(article.origin or article.id, f"{tokens} tokens, over the limit of {limits.max_tokens} "
                                                           "per document ([limits] max_tokens)")
        return parts

    def _capped(self, doc: Doc) -> Doc:
        """`doc`, or its text parsed again with sentences cut at `max_sentence_tokens` if the parser made
        a longer one (a 50,000-word sentence; 2,000 tokens of "said.…" it would not split)."""
        limits = self.options.limits
        if longest_sentence(doc) <= limits.max_sentence_tokens:
            return doc
        again = make_doc(self.nlp, doc.text, limits.max_run_chars, limits.max_run_marks)
        again.user_data[CAP_SENTENCES] = True
        return self.nlp(again)

    def code_doc(self, article: Article, doc: Doc, parts: int = 1) -> CodedArticle:
        """Run the stages after parsing on an already parsed `doc` of `article.text` (parsed in `parts`)."""
        coded = self.stages.code_doc(article, doc)
        limits, notes = self.options.limits, []
        if parts > 1:
            notes.append(f"parsed in {parts} parts of at most {limits.part_chars} characters, cut at paragraph "
                         "breaks ([limits] part_chars)")
        if doc.user_data.get(SENTENCES_CUT):
            notes.append(f"sentences longer than {limits.max_sentence_tokens} tokens were cut "
                         "([limits] max_sentence_tokens)")
        if notes:
            coded.article = with_warnings(coded.article, [limit_warning(article, note) for note in notes])
        return coded


def join_parts(docs: list[Doc]) -> Doc:
    """One Doc of the separately parsed parts of a text (their texts joined as they were cut)."""
    if len(docs) == 1:
        return docs[0]
    marks = {key: True for key in (CAP_SENTENCES, SENTENCES_CUT) if any(doc.user_data.get(key) for doc in docs)}
    for doc in docs:  # per-Doc caches hold token offsets of the part, not of the joined Doc
        for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == ("eventwire",)]:
            del doc.user_data[key]
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined.user_data.update(marks)
    return joined
