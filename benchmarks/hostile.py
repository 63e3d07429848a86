"""Time and memory of every case of the hostile corpus (issue #14), and how coding time grows with size.

    python benchmarks/hostile.py [--scale 1.0] [--timeout 60] [--only KIND_OR_NAME ...] [--growth]

A parent process loads one `Coder`, then forks a child per case that reads the case's file(s) and codes
what it read, as `eventwire code` does (readers, then `Coder.code_many`). The parent waits at most
`--timeout` seconds, kills a child that runs longer, and takes the child's peak RSS and CPU time from
`wait4` (the loaded coder, about 0.4 GB, is part of every RSS figure, as it is of a real run). Prints one
line per case (wall seconds, CPU seconds, MB, outcome) and the worst case per kind; on a shared machine the
CPU figure is the steadier one. `--growth` codes the slowest shapes at 10 KB, 100 KB and 1 MB with the size
limits lifted and prints CPU seconds per 10 KB (flat means linear). `make bench-hostile` runs both.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts import hostile_corpus  # noqa: E402


def _child(coder, path: Path, write_fd: int, unlimited: bool = False) -> None:
    from eventwire.model import Failure
    from eventwire.read import read_paths

    if unlimited:  # the growth figures measure the algorithms, not the limits that refuse large inputs
        import dataclasses

        limits = dataclasses.replace(coder.options.limits, max_chars=10**9, max_tokens=10**9, time_budget=0)
        coder.options = dataclasses.replace(coder.options, limits=limits)
        coder.stages.options = coder.options

    outcome: dict = {"articles": 0, "failures": []}
    try:
        articles = []
        for item in read_paths([path]):
            if isinstance(item, Failure):
                outcome["failures"].append(f"{item.stage}: {item.error}")
            else:
                articles.append(item)
        for result in coder.code_many(articles):
            if isinstance(result, Failure):
                outcome["failures"].append(f"{result.stage}: {result.error}")
            else:
                outcome["articles"] += 1
    except BaseException as exc:  # noqa: BLE001 - what the benchmark looks for
        outcome["traceback"] = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:300]
    os.write(write_fd, json.dumps(outcome).encode())
    os._exit(0)


def _cap_memory(extra_gb: float) -> None:
    """A child may grow this much beyond the loaded coder, then allocations fail (a shared machine)."""
    with open("/proc/self/status") as fh:
        vm_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
    limit = vm_kb * 1024 + int(extra_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_case(coder, path: Path, timeout: float, unlimited: bool = False, extra_gb: float = 3) -> dict:
    read_fd, write_fd = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _cap_memory(extra_gb)
        _child(coder, path, write_fd, unlimited)
    os.close(write_fd)
    chunks, deadline, timed_out = [], started + timeout, False
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            timed_out = True
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    _, status, usage = os.wait4(pid, 0)
    os.close(read_fd)
    seconds = time.perf_counter() - started
    result = {"seconds": round(seconds, 2), "cpu": round(usage.ru_utime + usage.ru_stime, 2),
              "rss_mb": round(usage.ru_maxrss / 1024)}
    if timed_out:
        result["outcome"] = f"TIMEOUT (> {timeout:.0f} s)"
    elif not chunks:
        result["outcome"] = f"died (status {status})"
    else:
        found = json.loads(b"".join(chunks))
        if "traceback" in found:
            result["outcome"] = "TRACEBACK " + found["traceback"]
        else:
            result["outcome"] = f"{found['articles']} coded, {len(found['failures'])} failed"
            if found["failures"]:
                result["outcome"] += ": " + found["failures"][0][:120]
    return result


GROWTH_SHAPES = ["tiny-event-paragraphs", "unclosed-quote-paragraphs", "quoted-statements", "place-list",
                 "word-sentence", "nested-said-that", "repeated-triggers-objects", "date-list", "quote-marks",
                 "coordination-verbs", "ctl-nel"]
GROWTH_SIZES = (10_000, 100_000, 1_000_000)


def growth(coder, timeout: float) -> None:
    """CPU seconds per 10 KB of the shapes that were worst before #14, at 10 KB, 100 KB and 1 MB, with the
    size limits lifted (so that the algorithms, not the refusals, are measured). Flat rows mean linear."""
    base = {c.name: c for c in hostile_corpus.cases(1.0)}
    print("\nCPU seconds per 10 KB of input and peak RSS (limits lifted), by input size; flat = linear")
    print(f"{'shape':<28}" + "".join(f"{label:>14}" for label in ("10 KB", "100 KB", "1 MB")), flush=True)
    worst = [0.0] * len(GROWTH_SIZES)
    with tempfile.TemporaryDirectory() as tmp:
        for name in GROWTH_SHAPES:
            cells = []
            unit = base[name].data.decode("utf-8", "ignore")
            for column, size in enumerate(GROWTH_SIZES):
                path = Path(tmp) / f"{name}-{size}.txt"
                path.write_text((unit * (size // len(unit) + 1))[:size], encoding="utf-8")
                result = run_case(coder, path, timeout, unlimited=True, extra_gb=12)
                if not result["outcome"].split()[0].isdigit() or result["outcome"].startswith("0 coded"):
                    cells.append(result["outcome"].split()[0])
                    continue
                per = result["cpu"] / (size / 10_000)
                worst[column] = max(worst[column], per)
                cells.append(f"{per:.3f} {result['rss_mb']:>5}M")
            print(f"{name:<28}" + "".join(f"{c:>14}" for c in cells), flush=True)
    print(f"{'worst case':<28}" + "".join(f"{w:>14.3f}" for w in worst))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--growth", action="store_true", help="also print seconds per 10 KB by size")
    parser.add_argument("--growth-only", action="store_true", help="only the growth figures")
    parser.add_argument("--growth-timeout", type=float, default=600.0, help="per case of the growth figures")
    parser.add_argument("--json", type=Path, help="write every case's figures here")
    args = parser.parse_args()

    from eventwire import read  # noqa: F401 - imported before the children fork
    from eventwire.pipeline import Coder

    coder = Coder()
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"loaded coder: {base_mb:.0f} MB RSS")
    if not args.growth_only:
        corpus(coder, args)
    if args.growth or args.growth_only:
        growth(coder, args.growth_timeout)


def corpus(coder, args) -> None:
    figures, worst = {}, defaultdict(lambda: ("", 0.0, 0.0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        manifest = hostile_corpus.write(Path(tmp), args.scale, set(args.only) if args.only else None)
        for entry in manifest:
            result = run_case(coder, Path(tmp) / entry["file"], args.timeout)
            figures[entry["name"]] = {**entry, **result}
            print(f"{entry['name']:<34} {entry['bytes']:>9} B {result['seconds']:>7.2f} s {result['cpu']:>7.2f} s cpu "
                  f"{result['rss_mb']:>6} MB  {result['outcome']}", flush=True)
            name, seconds, cpu, mb = worst[entry["kind"]]
            if result["seconds"] > seconds:
                name, seconds, cpu = entry["name"], result["seconds"], result["cpu"]
            worst[entry["kind"]] = (name, seconds, cpu, max(mb, result["rss_mb"]))
    print(f"\nworst per kind ({len(figures)} cases, scale {args.scale})")
    for kind, (name, seconds, cpu, mb) in sorted(worst.items(), key=lambda kv: -kv[1][1]):
        print(f"  {kind:<14} {seconds:>7.2f} s ({cpu:.2f} s cpu)  {mb:>6} MB peak  ({name})")
    bad = [n for n, f in figures.items() if f["outcome"].startswith(("TIMEOUT", "TRACEBACK", "died"))]
    print(f"timeouts, tracebacks or deaths: {len(bad)}" + (f" ({', '.join(bad)})" if bad else ""))
    over = [n for n, f in figures.items() if f["seconds"] > 10 or f["rss_mb"] > 1024]
    print(f"over 10 s or 1 GB: {len(over)}" + (f" ({', '.join(over)})" if over else ""))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
