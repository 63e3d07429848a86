"""Throughput: articles per second end to end, and for spaCy parsing alone on the same texts.

    python benchmarks/throughput.py [--copies N] [--processes P] [--json]

Codes N copies of the bundled samples (samples/) with the full pipeline, then parses the same texts
with the same spaCy pipeline and nothing else, and prints both rates and their ratio. Loading time
(spaCy, knowledge base, gazetteer) is reported separately: it is paid once per process.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from eventwire import __version__
from eventwire.executors.processes import ProcessCoder
from eventwire.model import CodedArticle, Failure
from eventwire.pipeline import Coder
from eventwire.read import read_paths

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the sample set (default 10)")
    parser.add_argument("--processes", type=int, default=1, help="spaCy processes for both runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    articles = [a for a in read_paths([SAMPLES]) if not isinstance(a, Failure)]
    if not articles:
        print(f"no sample articles found in {SAMPLES}", file=sys.stderr)
        return 1
    batch = articles * args.copies
    words = sum(len(a.text.split()) for a in batch)

    started = time.perf_counter()
    coder = Coder()
    load_seconds = time.perf_counter() - started
    coder.code(articles[0])  # warm-up: first-call caches (dateparser, lexicon lookups)

    started = time.perf_counter()
    # what `eventwire ingest --processes N` runs: whole articles in N forked processes
    working = ProcessCoder(coder, processes=args.processes) if args.processes > 1 else coder
    coded = [r for r in working.code_many(batch) if isinstance(r, CodedArticle)]
    full_seconds = time.perf_counter() - started

    started = time.perf_counter()
    # batches of [pipeline] batch_size, not spaCy's default 256 (which gave all 80 texts to one process)
    for _ in coder.nlp.pipe((a.text for a in batch), n_process=args.processes,
                            batch_size=coder.options.batch_size):
        pass
    parse_seconds = time.perf_counter() - started

    result = {
        "eventwire": __version__,
        "python": platform.python_version(),
        "articles": len(batch),
        "words": words,
        "processes": args.processes,
        "events": sum(len(c.events) for c in coded),
        "load_seconds": round(load_seconds, 2),
        "end_to_end_articles_per_s": round(len(batch) / full_seconds, 2),
        "parse_only_articles_per_s": round(len(batch) / parse_seconds, 2),
        "ratio_to_parse_only": round(parse_seconds / full_seconds, 3),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>28}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
