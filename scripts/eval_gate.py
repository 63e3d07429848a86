"""The evaluation gate (`make eval-gate`): rerun the suites and fail on a drop below a floor or a changed gold file.

`evaluation/baseline.json` holds, per suite, the floor of its headline metric and of a few key secondary
metrics, and the sha256 of every gold file the suite reads. The gate reruns every suite in the file (all of
them take about 4 minutes on 2 cores), prints a table of figure against floor, and exits non-zero with one
line per problem when a figure is more than `tolerance` (0.005) below its floor or a gold file's hash
differs. A suite whose data is not on this machine (or, for `news`, whose gold is not written yet) is
skipped with a printed line.

Floors only move by a commit of baseline.json. Raising one needs nothing more; lowering one (against the
file at git HEAD) needs a written reason in the suite's `reasons` (metric -> text), or the gate fails.

    .venv/bin/python scripts/eval_gate.py [--only SUITE ...]
    .venv/bin/python scripts/eval_gate.py --record SUITE ... [--reason TEXT]   # re-record hashes and floors
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the harness (evaluation/) lives at the repository root, not in the package

from evaluation import SuiteResult, data_folder, default_external_dir, run_suite, suites  # noqa: E402

BASELINE = REPO / "evaluation" / "baseline.json"
EXTERNAL = "$EXTERNAL/"  # gold paths under shared/external are written with this prefix; others are repo-relative


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve(name: str) -> Path:
    return default_external_dir() / name[len(EXTERNAL):] if name.startswith(EXTERNAL) else REPO / name


def load(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def committed_baseline() -> dict | None:
    """baseline.json as committed at HEAD (None outside git or before its first commit)."""
    try:
        out = subprocess.run(["git", "show", "HEAD:evaluation/baseline.json"], cwd=REPO, capture_output=True,
                             text=True, check=True)
        return json.loads(out.stdout)
    except (OSError, subprocess.CalledProcessError, json.JSONDecodeError):
        return None


def lowered_without_reason(baseline: dict, committed: dict | None) -> list[str]:
    """Floors lower than at HEAD that carry no written reason."""
    problems = []
    for name, entry in baseline["suites"].items():
        before = ((committed or {}).get("suites", {}).get(name) or {}).get("floors", {})
        for metric, floor in entry.get("floors", {}).items():
            old = before.get(metric)
            if old is not None and floor < old and not str(entry.get("reasons", {}).get(metric, "")).strip():
                problems.append(f"{name}: floor of {metric} lowered {old} -> {floor} without a reason in baseline.json")
    return problems


def check_gold(name: str, entry: dict) -> tuple[list[str], bool]:
    """Problems with the suite's gold files, and whether the data is here at all."""
    problems, present = [], True
    for file, expected in entry.get("gold", {}).items():
        path = resolve(file)
        if not path.is_file():
            present = False
            continue
        if sha256_file(path) != expected:
            problems.append(f"{name}: gold file {file} changed (sha256 differs from baseline.json)")
    return problems, present


def check_figures(name: str, entry: dict, result: SuiteResult, tolerance: float) -> tuple[list[list[str]], list[str]]:
    rows, problems = [], []
    for metric, floor in entry.get("floors", {}).items():
        value = result.metrics.get(metric)
        if value is None:
            rows.append([name, metric, "-", f"{floor:.4f}", "MISSING"])
            problems.append(f"{name}: {metric} not reported (floor {floor})")
            continue
        ok = value >= floor - tolerance
        rows.append([name, metric, f"{value:.4f}", f"{floor:.4f}", "ok" if ok else "BELOW"])
        if not ok:
            problems.append(f"{name}: {metric} {value:.4f} below its floor {floor:.4f} (tolerance {tolerance})")
    return rows, problems


def print_table(rows: list[list[str]]) -> None:
    header = ["suite", "metric", "figure", "floor", "status"]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def gold_files_of(name: str, entry: dict) -> dict[str, str]:
    return {file: sha256_file(resolve(file)) for file in entry.get("gold", {}) if resolve(file).is_file()}


def record(names: list[str], reason: str | None, coder) -> int:
    """Re-record the gold hashes of `names` and set their floors to today's figures (a floor only goes
    down with `--reason`, which is written into the file)."""
    baseline = load()
    for name in names:
        entry = baseline["suites"][name]
        result = run_suite(name, data=data_folder(suites()[name][1]), coder=coder)
        if not result.supported:
            print(f"{name}: not recorded: {result.notes[0] if result.notes else 'not run'}")
            continue
        entry["gold"] = gold_files_of(name, entry)
        for metric in list(entry.get("floors") or {}) or entry.get("track") or [result.headline]:
            value = result.metrics.get(metric)
            if value is None:
                continue
            old = entry.setdefault("floors", {}).get(metric)
            new = round(float(value), 4)
            if old is not None and new < old:
                if not reason:
                    print(f"{name}: {metric} {new} is below its floor {old}: pass --reason to lower it")
                    continue
                entry.setdefault("reasons", {})[metric] = reason
            entry["floors"][metric] = new
        print(f"{name}: recorded {entry['floors']}")
    BASELINE.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="check only these suites")
    parser.add_argument("--record", nargs="+", metavar="SUITE", help="re-record hashes and floors of these suites")
    parser.add_argument("--reason", help="why a floor goes down (with --record)")
    args = parser.parse_args(argv)

    baseline = load()
    tolerance = float(baseline.get("tolerance", 0.005))
    problems = lowered_without_reason(baseline, committed_baseline())
    registry = suites()
    names = [n for n in baseline["suites"] if not args.only or n in args.only]

    from eventwire.pipeline import Coder

    coder = Coder()
    if args.record:
        return record(args.record, args.reason, coder)
    rows: list[list[str]] = []
    started = time.perf_counter()
    for name in names:
        entry = baseline["suites"][name]
        if name not in registry:
            problems.append(f"{name}: no such suite")
            continue
        folder = data_folder(registry[name][1])
        gold_problems, present = check_gold(name, entry)
        if not folder.is_dir() or not present:
            print(f"skipped {name}: data not found ({folder})")
            continue
        if not entry.get("floors"):
            print(f"skipped {name}: no floors yet (record them with --record {name})")
            continue
        clock = time.perf_counter()
        result = run_suite(name, data=folder, coder=coder)
        if not result.supported:
            print(f"skipped {name}: {result.notes[0] if result.notes else 'not run'}")
            continue
        print(f"ran {name} in {time.perf_counter() - clock:.0f} s", file=sys.stderr, flush=True)
        suite_rows, figure_problems = check_figures(name, entry, result, tolerance)
        rows += suite_rows
        problems += gold_problems + figure_problems
    print_table(rows)
    print(f"{len(rows)} figures checked in {time.perf_counter() - started:.0f} s, tolerance {tolerance}")
    for problem in problems:
        print(f"FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
