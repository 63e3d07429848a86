"""Run every evaluation suite and write docs/EVALUATION.md (the target of `make eval`).

Limits keep the whole run under about 20 minutes on a 2-core machine; they are printed in the
table. A suite whose data folder is missing shows "data not found: <path>" instead of failing,
and a suite that crashes shows its error; the other suites still run.

    .venv/bin/python scripts/make_evaluation.py [--out docs/EVALUATION.md] [--no-limits] [--only SUITE ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import traceback
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the harness (evaluation/) lives at the repository root, not in the package

from evaluation import SuiteResult, run_suite, suites  # noqa: E402
from evaluation import data_folder as _data_folder  # noqa: E402
from evaluation.report import evaluation_document, render  # noqa: E402

# Items per suite when a full run gets too slow (india-police-events counts articles; the others
# sentences, rows or documents). Measured on a 2-core machine: every suite in full takes about
# 3.5 minutes (india-police-events 100 s, lgl 60 s, geowebnews 25 s, the rest under 15 s each),
# so no suite is limited for now.
LIMITS: dict[str, int | None] = {}
ORDER = ("geowebnews", "tr-news", "lgl", "tempeval3", "plover-gsr", "plv", "petr2-gsr",
         "petrarch-unittest", "india-police-events", "dev", "news", "copies", "incidents-dev", "incidents-news")


def data_folder(name: str, folder: str) -> Path:
    return _data_folder(folder)


def run_one(name: str, folder: str, limit: int | None, coder) -> SuiteResult:
    path = data_folder(name, folder)
    if not path.is_dir():
        return SuiteResult(suite=name, metrics={}, n=0, headline="", supported=False, notes=[f"data not found: {path}"])
    started = time.perf_counter()
    try:
        result = run_suite(name, data=path, limit=limit, coder=coder)
    except Exception as exc:  # one broken suite must not hide the others' results
        traceback.print_exc()
        result = SuiteResult(suite=name, metrics={}, n=0, headline="", supported=False,
                             notes=[f"error: {type(exc).__name__}: {exc}"])
    result.details["seconds"] = round(time.perf_counter() - started, 1)
    return result


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        return out.stdout.strip() + ("+uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "EVALUATION.md")
    parser.add_argument("--no-limits", action="store_true", help="run every suite on its full data")
    parser.add_argument("--only", nargs="*", help="run only these suites")
    args = parser.parse_args(argv)

    from eventwire.pipeline import Coder

    registry = suites()
    names = [n for n in ORDER if n in registry] + sorted(set(registry) - set(ORDER))
    names = [n for n in names if not args.only or n in args.only]
    coder = Coder()
    results = []
    for name in names:
        limit = None if args.no_limits else LIMITS.get(name)
        print(f"running {name} (limit {limit}) ...", file=sys.stderr, flush=True)
        results.append(run_one(name, registry[name][1], limit, coder))
        print(render(results[-1:], "table"), file=sys.stderr, flush=True)
    print(render(results, "table"))
    args.out.write_text(evaluation_document(results, date.today().isoformat(), git_commit()), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
