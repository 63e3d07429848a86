"""The `eventwire` command: a thin layer over `pipeline`, `read`, `store` and `export`."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from eventwire import __version__
from eventwire.errors import EventwireError
from eventwire.model import CodedArticle, Failure
from eventwire.read import Metadata, read_paths

app = typer.Typer(
    help="Turn news reports about politics and armed conflict into PLOVER event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # an unexpected error is one line (`run`), its traceback only with --debug
)
err = Console(stderr=True, soft_wrap=True)  # one error, one line, whatever the terminal width
out = Console()

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="SQLite file (default ./eventwire.db, or $EVENTWIRE_DB).", show_default=False),
]


class CodeFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


class EventsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    plover_jsonl = "plover-jsonl"
    csv = "csv"
    geojson = "geojson"
    parquet = "parquet"
    acled_csv = "acled-csv"
    phoenix_tsv = "phoenix-tsv"


# The event filters, shared by `events` and `export`.
TypeFilter = Annotated[Optional[list[str]], typer.Option("--type", "-t", help="PLOVER type(s).")]
ActorFilter = Annotated[Optional[str], typer.Option(help="Actor or recipient name, text or KB id (substring).")]
CountryFilter = Annotated[Optional[str], typer.Option(help="ISO3 of a participant or the location.")]
SinceFilter = Annotated[Optional[str], typer.Option(help="Events on or after YYYY-MM-DD.")]
UntilFilter = Annotated[Optional[str], typer.Option(help="Events on or before YYYY-MM-DD.")]
FactualityFilter = Annotated[Optional[str], typer.Option(help="asserted, planned, hypothetical, negated, historical.")]
IncidentsFlag = Annotated[bool, typer.Option(
    "--incidents", help="One row per incident (its consensus record), not one per report: copies and "
                        "re-reports of one real-world event count once.")]


def _event_filters(type, actor, country, since, until, factuality) -> dict:
    return {"type": [t.upper() for t in type] if type else None, "actor": actor,
            "country": country.upper() if country else None, "since": since, "until": until,
            "factuality": factuality}


def _version(value: bool) -> None:
    if value:
        out.print(f"eventwire {__version__}")
        raise typer.Exit()


DEBUG_ENV = "EVENTWIRE_DEBUG"


def failure_line(failure: Failure) -> str:
    """One failure, one line: where (file, file:line, URL), the stage, why (rich markup in it is text)."""
    reason = " ".join(str(failure.error).split())  # a message with line breaks must not take several lines
    return escape(f"{failure.origin}: {failure.stage}: {reason}")


def _debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    options: Annotated[Optional[Path], typer.Option(
        "--options", help="A TOML file of settings laid over the packaged ones (or $EVENTWIRE_OPTIONS).",
        show_default=False)] = None,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an unexpected error, and log each document's internal errors.")] = False,
) -> None:
    """eventwire: who did what to whom, where, when, and according to whom."""
    if debug:
        import logging

        os.environ[DEBUG_ENV] = "1"
        logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
        logging.getLogger("eventwire").setLevel(logging.DEBUG)
    if options is not None:
        if not options.is_file():
            err.print(f"[red]error[/red] {options}: no such options file", highlight=False)
            raise typer.Exit(code=1)
        os.environ["EVENTWIRE_OPTIONS"] = str(options)  # read by Options.load() wherever a Coder is built


def _coder(spinner: bool = True):
    from eventwire.pipeline import Coder  # the heavy imports wait until a command needs them

    if not spinner:  # under a progress bar, which is itself a live display
        return Coder()
    with err.status("Loading spaCy, the actor knowledge base and the gazetteer..."):
        return Coder()


@app.command()
def code(
    paths: Annotated[list[Path], typer.Argument(help="Text, HTML or JSONL files, or directories.")],
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD (plain text).")] = None,
    source: Annotated[Optional[str], typer.Option(help="Publication name.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Article title.")] = None,
    url: Annotated[Optional[str], typer.Option(help="Article URL.")] = None,
    format: Annotated[CodeFormat, typer.Option("--format", "-f")] = CodeFormat.json,
) -> None:
    """Code articles and print their JSON documents; nothing is stored.

    Example: eventwire code report.txt --published 2024-12-01
    """
    meta = Metadata(title=title, url=url, source=source, published=published)
    coded: list[CodedArticle] = []
    failures: list[Failure] = []
    for result in _read_and_code(paths, meta, transient=True):
        (coded if isinstance(result, CodedArticle) else failures).append(result)
    _print_coded(coded, format)
    for failure in failures:
        err.print(f"[red]error[/red] {failure_line(failure)}", highlight=False)
    if failures:
        raise typer.Exit(code=1)


def _print_coded(coded: list[CodedArticle], format: CodeFormat) -> None:
    if format is CodeFormat.jsonl:
        for document in coded:
            sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
    elif format is CodeFormat.json:
        documents = [d.to_dict() for d in coded]
        payload = documents[0] if len(documents) == 1 else documents
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        from eventwire.store.sqlite import event_rows

        out.print(_events_table([row for document in coded for row in event_rows(document)]))


class Executor(str, Enum):
    local = "local"
    dask = "dask"


ListOption = Optional[list[str]]


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Text, HTML or JSONL files, or directories.")] = None,
    db: DbOption = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date for plain-text files.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Publication name for plain-text files.")] = None,
    feed: Annotated[ListOption, typer.Option(help="RSS/Atom feed URL or file (repeatable).")] = None,
    url: Annotated[ListOption, typer.Option(help="Page URL, or a file of URLs one a line (repeatable).")] = None,
    warc: Annotated[Optional[list[Path]], typer.Option(help="WARC or WARC.gz file (repeatable).")] = None,
    processes: Annotated[int, typer.Option(help="Coding processes, whole articles each (2 on a 2-core laptop).")] = 1,
    executor: Annotated[Executor, typer.Option(help="Code here (local) or on a Dask cluster.")] = Executor.local,
    workers: Annotated[Optional[int], typer.Option(help="Dask: start a local cluster of N workers.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Dask: address of a running scheduler.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display, only the summary.")] = False,
) -> None:
    """Code articles and store them; bad documents are listed and skipped, never fatal. Run the same
    command again after an interruption: what is stored is skipped.

    Example: eventwire ingest samples/ --db demo.db --feed https://example.org/rss.xml --warc news.warc.gz
    """
    from eventwire.ingest import ingest as ingest_articles
    from eventwire.inputs.sources import Sources
    from eventwire.options import Options
    from eventwire.progress import IngestProgress
    from eventwire.store import open_store

    if not (paths or feed or url or warc):
        err.print("[red]error[/red] nothing to ingest: give files, --feed, --url or --warc", highlight=False)
        raise typer.Exit(code=2)
    options = Options.load()
    sources = Sources(paths=paths or (), feeds=feed or (), urls=url or (), warcs=warc or (),
                      metadata=Metadata(published=published, source=source), options=options)
    coder = _ingest_coder(executor, workers, scheduler, options, processes)
    with open_store(db) as store:
        items = sources.items(store)
        total = None
        if not (sources.needs_network or sources.warcs):
            items = list(items)
            total = len(items)
        mode = "quiet" if quiet or (total is not None and total < 3) else "auto"
        try:
            with IngestProgress(err, total=total, mode=mode) as progress:
                report = ingest_articles(items, store, coder, n_process=processes, progress=progress,
                                         write_batch=options.ingest.write_batch)
        finally:
            if hasattr(coder, "close"):
                coder.close()
        stats = store.stats()
    _print_ingest_summary(report, stats, store.path)
    if sources.skipped:
        err.print("  skipped WARC records: " + ", ".join(f"{n} {why}" for why, n in sources.skipped.most_common()),
                  highlight=False)


def _ingest_coder(executor: Executor, workers: int | None, scheduler: str | None, options, processes: int):
    """The coder of an ingest: built lazily (forked whole-article workers for --processes N), or a Dask
    cluster (started or joined) for --executor dask."""
    if executor is Executor.dask:
        try:
            from eventwire.executors.dask import DaskCoder
        except ImportError:
            err.print("[red]error[/red] --executor dask needs Dask: pip install 'eventwire[dask]'", highlight=False)
            raise typer.Exit(code=2) from None
        return DaskCoder(scheduler=scheduler, workers=workers, options=options)
    if workers or scheduler:
        err.print("[red]error[/red] --workers and --scheduler need --executor dask", highlight=False)
        raise typer.Exit(code=2)
    if processes > 1:
        from eventwire.executors.processes import ProcessCoder

        return lambda: ProcessCoder(_coder(spinner=False), processes=processes)
    return lambda: _coder(spinner=False)


@app.command()
def watch(
    feeds: Annotated[Path, typer.Argument(help="FEEDS.txt: one feed URL (or file) a line; '#' comments.")],
    db: DbOption = None,
    interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 300.0,
    rounds: Annotated[Optional[int], typer.Option(help="Stop after this many polls (default: never).")] = None,
) -> None:
    """Poll feeds and ingest new entries (conditional GET, per-host rate limit, robots.txt).

    Example: eventwire watch feeds.txt --db events.db --interval 600
    """
    from eventwire.options import Options
    from eventwire.store import open_store
    from eventwire.watch import read_feed_list
    from eventwire.watch import watch as watch_feeds

    urls = read_feed_list(feeds)

    def summary(number: int, report) -> None:
        err.print(f"round {number}: {report.inserted} new, {report.replaced} updated, "
                  f"{len(report.failures)} failed", highlight=False)
        for failure in report.failures:
            err.print(f"  [red]x[/red] {failure_line(failure)}", highlight=False)

    with open_store(db) as store:
        try:
            watch_feeds(urls, store, lambda: _coder(spinner=False), interval=interval, rounds=rounds,
                        options=Options.load(), on_round=summary)
        except KeyboardInterrupt:
            err.print("stopped", highlight=False)


def _read_and_code(
    paths: list[Path], meta: Metadata, processes: int = 1, transient: bool = False
) -> Iterator[CodedArticle | Failure]:
    """Read every document, then code the readable ones behind a progress bar: unreadable documents
    and coding failures come out as `Failure` records, never as exceptions."""
    from eventwire.options import Options

    articles = []
    for item in read_paths(list(paths), meta, Options.load().limits):
        if isinstance(item, Failure):
            yield item
        else:
            articles.append(item)
    if not articles:
        return
    coder = _coder()
    with _progress(transient=transient, disable=len(articles) < 3) as progress:
        task = progress.add_task("Coding", total=len(articles))
        for result in coder.code_many(articles, n_process=processes):
            yield result
            progress.advance(task)


def _progress(transient: bool = False, disable: bool = False) -> Progress:
    """A progress bar on stderr (stdout stays clean for JSON)."""
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=transient, disable=disable,
    )


def _print_ingest_summary(report, stats: dict, path) -> None:
    failures = report.failures
    err.print(
        f"[bold]{report.inserted}[/] new, {report.replaced} updated, {report.unchanged} unchanged, "
        f"[{'red' if failures else 'green'}]{len(failures)} failed[/] -> {path} "
        f"({stats.get('articles', 0)} articles, {stats.get('events', 0)} events stored)",
        highlight=False,
    )
    for failure in failures:
        err.print(f"  [red]x[/red] {failure_line(failure)}", highlight=False)


@app.command()
def events(
    db: DbOption = None,
    type: TypeFilter = None,
    actor: ActorFilter = None,
    country: CountryFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    factuality: FactualityFilter = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many events.")] = None,
    incidents: IncidentsFlag = False,
    incident: Annotated[Optional[str], typer.Option(help="Only the reports of this incident (an inc-... id).")] = None,
    format: Annotated[EventsFormat, typer.Option("--format", "-f")] = EventsFormat.table,
) -> None:
    """Query stored events; --incidents counts real-world incidents instead of reports.

    Example: eventwire events --type ASSAULT --country SYR --since 2024-11-01 --incidents
    """
    from eventwire.store.sqlite import open_store

    filters = _event_filters(type, actor, country, since, until, factuality)
    if incidents and incident:
        err.print("[red]error[/red] --incidents counts incidents, --incident lists one's reports: give one", highlight=False)
        raise typer.Exit(code=2)
    with open_store(db) as store:  # JSON and CSV stream the rows; a table needs them all
        if incidents:
            rows = store.iter_incidents(**filters, limit=limit)
        else:
            rows = store.iter_events(**filters, limit=limit, incident=incident)
        if format is EventsFormat.json:
            _write_json_list(rows, sys.stdout)
        elif format is EventsFormat.csv:
            from eventwire.export import to_csv

            to_csv(rows, sys.stdout)
        else:
            rows = list(rows)
            table = _incidents_table(rows) if incidents else _events_table(rows)
            if len(rows) <= RICH_ROWS:
                out.print(table)
            else:
                _print_plain(table)


def _write_json_list(rows: Iterable[dict], handle) -> None:
    """`json.dumps(list(rows), indent=2)`, written one row at a time."""
    first = True
    for row in rows:
        handle.write(("[\n" if first else ",\n") + textwrap.indent(json.dumps(row, ensure_ascii=False, indent=2), "  "))
        first = False
    handle.write("[]\n" if first else "\n]\n")


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.plover_jsonl,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="File to write (default stdout); for parquet, a directory.")] = None,
    type: TypeFilter = None,
    actor: ActorFilter = None,
    country: CountryFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    factuality: FactualityFilter = None,
    incidents: IncidentsFlag = False,
) -> None:
    """Export stored events (all, or those the filters of `eventwire events` select): PLOVER JSONL, CSV,
    GeoJSON, Parquet (a directory of files), ACLED-style CSV or Phoenix/CAMEO TSV. Streams: memory stays flat.
    --incidents exports one record per incident instead of one per report.

    Example: eventwire export --format parquet --country SDN --since 2025-01-01 -o sudan/
    """
    from eventwire import export as exporters
    from eventwire.formats import acled, phoenix
    from eventwire.store.sqlite import open_store

    if format is ExportFormat.parquet and output is None:
        err.print("[red]error[/red] --format parquet writes a directory of files: give it with -o DIR", highlight=False)
        raise typer.Exit(code=2)
    with open_store(db) as store:
        filters = _event_filters(type, actor, country, since, until, factuality)
        rows = store.iter_incidents(**filters) if incidents else store.iter_events(**filters)
        if format is ExportFormat.parquet:
            from eventwire.formats.parquet import write_parquet

            counts = write_parquet(rows, output, store=store)
            err.print(", ".join(f"{n} {table}" for table, n in counts.items()) + f" -> {output}/", highlight=False)
            return
        handle = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if format is ExportFormat.plover_jsonl:
                count = exporters.write_plover_jsonl(rows, handle)
            elif format is ExportFormat.csv:
                count = exporters.to_csv(rows, handle)
            elif format is ExportFormat.acled_csv:
                report = acled.write_acled_csv(rows, handle)
                count = report.written
                for reason, n in report.left_out.most_common():
                    err.print(f"  left out: {reason} ({n})", highlight=False)
            elif format is ExportFormat.phoenix_tsv:
                count = phoenix.write_phoenix_tsv(rows, handle)
            else:
                count, _ = exporters.write_geojson(rows, handle)
        finally:
            if output:
                handle.close()
    if output:
        err.print(f"{count} {'rows' if format is ExportFormat.phoenix_tsv else 'events'} -> {output}")


class EvalFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("eval")
def evaluate(
    suite: Annotated[str, typer.Argument(help="Suite name, or 'list' to list them.")],
    data: Annotated[Optional[Path], typer.Option(help="Gold folder (default ../shared/external/<suite>).")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Score only the first N items.")] = None,
    format: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.table,
) -> None:
    """Score eventwire on a gold set (definitions in docs/scoring.md).

    Example: eventwire eval plover-gsr --limit 50
    """
    # The harness lives in the source checkout (evaluation/ at the repo root), not in the package:
    # found beside an editable install's src/, or in the working directory.
    for root in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (root / "evaluation" / "__init__.py").is_file():
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            break
    try:
        from evaluation import run_suite, suites
        from evaluation.report import render
    except ModuleNotFoundError as exc:
        if exc.name != "evaluation":
            raise
        err.print("error: the evaluation harness lives in the eventwire source checkout (evaluation/); "
                  "run `eventwire eval` from a clone", highlight=False)
        raise typer.Exit(code=2) from None

    if suite == "list":
        for name, (_, folder) in sorted(suites().items()):
            out.print(f"{name:<22} {folder}", highlight=False)
        return
    try:
        result = run_suite(suite, data=data, limit=limit)
    except KeyError as exc:
        err.print(f"[red]error[/red] {exc.args[0]}", highlight=False)
        raise typer.Exit(code=2) from None
    sys.stdout.write(render([result], format.value) + "\n")


# Above this many rows a table is printed as plain aligned columns: rich lays out every cell of every row
# (4 ms a row here; 16 s for the 3,600 rows of a month of attacks in one country at 1,000,000 events).
RICH_ROWS = 300
PLAIN_WIDTH = 40  # characters of a cell in a plain table; a longer one ends with "…"


def _print_plain(table: Table) -> None:
    """`table` (header, rows, caption) as plain aligned text on stdout, one line per row."""
    columns = [[str(column.header), *map(str, column.cells)] for column in table.columns]
    columns = [[cell if len(cell) <= PLAIN_WIDTH else cell[:PLAIN_WIDTH - 1] + "…" for cell in cells]
               for cells in columns]
    widths = [max(map(len, cells)) for cells in columns]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in zip(*columns)]
    lines.insert(1, "  ".join("-" * width for width in widths))
    sys.stdout.write("\n".join(lines) + f"\n{table.caption}\n")


def _table(columns: tuple[str, ...], cells, caption: str) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column)
    for row in cells:
        table.add_row(*row)
    table.caption = caption
    return table


def _events_table(rows: list[dict]) -> Table:
    cells = ((_date_cell(row), row.get("type") or "", row.get("mode") or "", _names(row.get("actors")),
              _names(row.get("recipients")), row.get("location_name") or "", row.get("factuality") or "",
              row.get("claimed_by_name") or "", row.get("copy_of") or "") for row in rows)
    return _table(("date", "type", "mode", "actors", "recipients", "where", "factuality", "claimed by", "copy of"),
                  cells, f"{len(rows)} events")


def _date_cell(row: dict) -> str:
    start, end = row.get("date_start"), row.get("date_end")
    if not start:
        return ""
    return start if start == end else f"{start}..{end}"


def _names(entities: list[dict] | None) -> str:
    parts = []
    for entity in entities or ():
        tag = "/".join(x for x in (entity.get("country"), entity.get("sector")) if x)
        parts.append(f"{entity.get('name')} ({tag})" if tag else str(entity.get("name")))
    return "; ".join(parts)


def _incidents_table(rows: list[dict]) -> Table:
    cells = ((row.get("incident_id") or row["id"], _date_cell(row), row.get("type") or "", _names(row.get("actors")),
              row.get("location_name") or "", row.get("factuality") or "", str(row.get("reports", 1)),
              str(row.get("independent_sources", 1))) for row in rows)
    return _table(("incident", "date", "type", "actors", "where", "factuality", "reports", "sources"), cells,
                  f"{len(rows)} incidents")


@app.command()
def stats(db: DbOption = None,
          format: Annotated[EventsFormat, typer.Option("--format", "-f", help="table or json")] = EventsFormat.table,
          ) -> None:
    """Store counts, and the inflation factor: reports per incident, by source and by event type.

    Example: eventwire stats --db events.db
    """
    from eventwire.store.sqlite import open_store

    with open_store(db) as store:
        counts, inflation = store.stats(), store.inflation()
    if format is not EventsFormat.table:
        sys.stdout.write(json.dumps({**counts, "inflation": inflation}, ensure_ascii=False, indent=2) + "\n")
        return
    reports, found = counts["events"], counts["incidents"]
    out.print(f"{counts['articles']} articles ({counts['article_copies']} copies), {reports} reports, "
              f"{found} incidents: {reports / found if found else 0:.2f} reports per incident", highlight=False)
    for name, label in (("by_source", "source"), ("by_type", "type")):
        table = Table(header_style="bold", title=f"reports per incident by {label}")
        for column in (label, "reports", "incidents", "per incident"):
            table.add_column(column)
        for row in inflation[name]:
            table.add_row(str(row["value"]), str(row["reports"]), str(row["incidents"]), f"{row['per_incident']:.2f}")
        out.print(table)


incidents_app = typer.Typer(help="Incidents: one real-world event behind many reports.", no_args_is_help=True)
app.add_typer(incidents_app, name="incidents")


@incidents_app.command("rebuild")
def incidents_rebuild(db: DbOption = None) -> None:
    """Recluster every stored event into incidents (and fingerprint articles stored before copies existed);
    the same store always gives the same incidents.

    Example: eventwire incidents rebuild --db events.db
    """
    from eventwire.store.sqlite import open_store

    with open_store(db) as store:
        update = store.rebuild_incidents()
        found = store.stats()["incidents"]
    err.print(f"{update.events} events -> {found} incidents", highlight=False)


@incidents_app.command("show")
def incidents_show(incident: Annotated[str, typer.Argument(help="An incident id (inc-...).")], db: DbOption = None) -> None:
    """Print one incident's consensus record and every report behind it, as JSON.

    Example: eventwire incidents show inc-sample-sudan-zamzam-e2
    """
    from eventwire.store.sqlite import open_store

    with open_store(db) as store:
        record = store.incident(incident)
    if record is None:
        err.print(f"[red]error[/red] {incident}: no such incident in {db or 'the store'}", highlight=False)
        raise typer.Exit(code=1)
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")


watchlist_app = typer.Typer(help="Watchlists: saved queries over incidents that fire alerts.", no_args_is_help=True)
app.add_typer(watchlist_app, name="watchlist")


@watchlist_app.command("add")
def watchlist_add(
    name: Annotated[str, typer.Argument(help="The watchlist's name (letters, digits, _ . -).")],
    db: DbOption = None,
    actor: Annotated[ListOption, typer.Option(help="Participant name or KB id, substring (repeatable).")] = None,
    country: Annotated[ListOption, typer.Option(help="ISO3 of the location or a participant (repeatable).")] = None,
    place: Annotated[ListOption, typer.Option(help="Location name, substring (repeatable).")] = None,
    bbox: Annotated[Optional[str], typer.Option(help="west,south,east,north in degrees.")] = None,
    type: Annotated[ListOption, typer.Option("--type", "-t", help="PLOVER type (repeatable).")] = None,
    quad_class: Annotated[Optional[list[int]], typer.Option(help="1..4 (repeatable).")] = None,
    min_sources: Annotated[int, typer.Option(help="Independent sources an incident needs.")] = 1,
    webhook: Annotated[ListOption, typer.Option(help="URL that receives each alert as a JSON POST (repeatable).")] = None,
) -> None:
    """Add (or replace) a watchlist; from now on its matching incidents fire alerts.

    Example: eventwire watchlist add sahel --country MLI --country BFA --type ASSAULT --min-sources 2
    """
    from eventwire.alerts.watchlists import Watchlist
    from eventwire.store.sqlite import open_store

    box = None
    if bbox:
        try:
            box = [float(v) for v in bbox.split(",")]
        except ValueError:
            err.print(f"[red]error[/red] --bbox {bbox!r}: expected four numbers west,south,east,north", highlight=False)
            raise typer.Exit(code=2) from None
    definition = {"actors": actor or [], "countries": country or [], "places": place or [], "types": type or [],
                  "quad_classes": quad_class or [], "min_sources": min_sources, "webhooks": webhook or []}
    if box is not None:
        definition["bbox"] = box
    watchlist = Watchlist.from_dict(name, definition)
    with open_store(db) as store:
        store.save_watchlist(watchlist)
    err.print(f"watchlist {name}: {watchlist.to_json()}", highlight=False)


@watchlist_app.command("list")
def watchlist_list(db: DbOption = None) -> None:
    """List the stored watchlists.

    Example: eventwire watchlist list --db events.db
    """
    from eventwire.store.sqlite import open_store

    with open_store(db) as store:
        for watchlist in store.watchlists():
            out.print(f"{watchlist.name}: {watchlist.to_json()}", highlight=False)


@watchlist_app.command("remove")
def watchlist_remove(name: str, db: DbOption = None) -> None:
    """Remove a watchlist (its alerts stay listed).

    Example: eventwire watchlist remove sahel
    """
    from eventwire.store.sqlite import open_store

    with open_store(db) as store:
        if not store.remove_watchlist(name):
            err.print(f"[red]error[/red] {name}: no such watchlist", highlight=False)
            raise typer.Exit(code=1)


@app.command()
def alerts(
    db: DbOption = None,
    watchlist: Annotated[Optional[str], typer.Option(help="Only this watchlist's alerts.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="new, surge, escalation or new_actor.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many (newest first).")] = None,
    atom: Annotated[Optional[Path], typer.Option(help="Also write them as an Atom feed to this file.")] = None,
    deliver: Annotated[bool, typer.Option("--deliver", help="POST the due webhook deliveries (with retries).")] = False,
    format: Annotated[EventsFormat, typer.Option("--format", "-f", help="table or json")] = EventsFormat.table,
) -> None:
    """List stored alerts (each fired once), write them as an Atom feed, deliver them to webhooks.

    Example: eventwire alerts --watchlist sahel --atom alerts.xml --deliver
    """
    from eventwire.store.sqlite import open_store

    with open_store(db) as store:
        if deliver:
            from eventwire.alerts.deliver import deliver as deliver_alerts

            report = deliver_alerts(store, store.options.alerts)
            err.print(f"{report.delivered} delivered, {report.waiting} waiting in the outbox", highlight=False)
            for problem in report.errors:
                err.print(f"  [red]x[/red] {problem}", highlight=False)
        rows = store.alerts(watchlist=watchlist, kind=kind, limit=limit)
    if atom is not None:
        from eventwire.alerts.feed import write_atom

        write_atom(rows, atom)
    if format is not EventsFormat.table:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    cells = ((str(row["id"]), row["created_at"], row["watchlist"], row["kind"], row["incident_id"] or "", row["title"],
              f"{sum(1 for d in row['deliveries'] if d['delivered_at'])}/{len(row['deliveries'])}"
              if row["deliveries"] else "") for row in rows)
    out.print(_table(("id", "created", "watchlist", "kind", "incident", "title", "delivered"), cells,
                     f"{len(rows)} alerts"))


def run() -> None:
    """Entry point that turns every error into one clean line and a non-zero exit: no traceback reaches
    the user unless `--debug` (or $EVENTWIRE_DEBUG=1) asks for it."""
    try:
        app()
    except EventwireError as exc:
        if _debugging():
            raise
        err.print(f"[red]error[/red] {escape(' '.join(str(exc).split()))}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(130)
    except BrokenPipeError:  # `eventwire events | head`: the reader left; nothing more to say
        sys.stderr.close()
        sys.exit(1)
    except OSError as exc:  # a file the command was told to write or read: the user's to fix, not a bug
        if _debugging():
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        err.print(f"[red]error[/red] {escape(where + (exc.strerror or str(exc)))}", highlight=False)
        sys.exit(2)
    except Exception as exc:  # a bug: one line saying so, the traceback with --debug
        if _debugging():
            raise
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:500]
        err.print(f"[red]error[/red] internal error: {escape(reason)} (run with --debug for the traceback)",
                  highlight=False)
        sys.exit(2)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback exposes the store.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the HTTP API and the web UI over a store (writes need $EVENTWIRE_TOKEN, else read-only).

    Example: eventwire serve --db demo.db --port 8000
    """
    from eventwire.api import Settings
    from eventwire.api import serve as run_server

    try:
        settings = Settings.from_env(db)
    except ValueError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(code=2) from None
    mode = "writes need the token" if settings.writable else "read-only (set EVENTWIRE_TOKEN to accept writes)"
    err.print(f"eventwire serving {settings.db} at http://{host}:{port}/ ({mode}); API docs at /docs", highlight=False)
    run_server(settings, host=host, port=port)


if __name__ == "__main__":
    run()
