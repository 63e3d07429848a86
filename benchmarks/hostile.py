"""Time and memory of every case of the hostile corpus (issue #14), and how coding time grows with size.

    python benchmarks/hostile.py [--scale 1.0] [--timeout 60] [--only KIND_OR_NAME ...] [--growth]

A parent process loads one `Coder`, then forks a child per case that reads the case's file(s) and codes
what it read, as `eventwire code` does (readers, then `Coder.code_many`). The parent waits at most
`--timeout` seconds, kills a child that runs longer, and takes the child's peak RSS from `wait4` (the
loaded coder, about 0.5 GB, is part of every figure, as it is of a real run). Prints one line per case
(seconds, MB, outcome) and the worst case per kind. `--growth` codes the slowest shapes at 10 KB, 100 KB
and 1 MB and prints seconds per 10 KB (flat means linear). `make bench-hostile` runs both.
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


def _child(coder, path: Path, write_fd: int) -> None:
    from eventwire.model import Failure
    from eventwire.read import read_paths

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


def run_case(coder, path: Path, timeout: float) -> dict:
    read_fd, write_fd = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _cap_memory(extra_gb=3)
        _child(coder, path, write_fd)
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
    result = {"seconds": round(seconds, 2), "rss_mb": round(usage.ru_maxrss / 1024)}
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


def growth(coder, timeout: float) -> None:
    """Seconds per 10 KB at 10 KB, 100 KB and 1 MB for the shapes that were worst before #14."""
    shapes = ["tiny-event-paragraphs", "unclosed-quote-paragraphs", "quoted-statements", "place-list",
              "word-sentence", "nested-said-that", "repeated-triggers-objects", "date-list"]
    base = {c.name: c for c in hostile_corpus.cases(1.0)}
    print("\nseconds per 10 KB (coding time / size), by input size")
    print(f"{'shape':<28}" + "".join(f"{label:>12}" for label in ("10 KB", "100 KB", "1 MB")))
    with tempfile.TemporaryDirectory() as tmp:
        for name in shapes:
            cells = []
            unit = base[name].data
            for size in (10_000, 100_000, 1_000_000):
                data = (unit * (size // len(unit) + 1))[:size] if len(unit) < size else unit[:size]
                path = Path(tmp) / f"{name}-{size}.txt"
                path.write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))
                result = run_case(coder, path, timeout)
                cell = f"{result['seconds'] / (size / 10_000):.3f}"
                if not result["outcome"].split()[0].isdigit():
                    cell = result["outcome"].split()[0]
                elif "failed:" in result["outcome"] and " 0 coded" in " " + result["outcome"]:
                    cell = "refused"
                cells.append(cell)
            print(f"{name:<28}" + "".join(f"{c:>12}" for c in cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--growth", action="store_true", help="also print seconds per 10 KB by size")
    parser.add_argument("--json", type=Path, help="write every case's figures here")
    args = parser.parse_args()

    from eventwire import read  # noqa: F401 - imported before the children fork
    from eventwire.pipeline import Coder

    coder = Coder()
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"loaded coder: {base_mb:.0f} MB RSS")
    figures, worst = {}, defaultdict(lambda: ("", 0.0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        manifest = hostile_corpus.write(Path(tmp), args.scale, set(args.only) if args.only else None)
        for entry in manifest:
            result = run_case(coder, Path(tmp) / entry["file"], args.timeout)
            figures[entry["name"]] = {**entry, **result}
            print(f"{entry['name']:<34} {entry['bytes']:>9} B {result['seconds']:>7.2f} s {result['rss_mb']:>6} MB  "
                  f"{result['outcome']}", flush=True)
            name, seconds, mb = worst[entry["kind"]]
            if result["seconds"] > seconds:
                worst[entry["kind"]] = (entry["name"], result["seconds"], max(mb, result["rss_mb"]))
            else:
                worst[entry["kind"]] = (name, seconds, max(mb, result["rss_mb"]))
    print(f"\nworst per kind ({len(figures)} cases, scale {args.scale})")
    for kind, (name, seconds, mb) in sorted(worst.items(), key=lambda kv: -kv[1][1]):
        print(f"  {kind:<14} {seconds:>7.2f} s  {mb:>6} MB peak  ({name})")
    bad = [n for n, f in figures.items() if f["outcome"].startswith(("TIMEOUT", "TRACEBACK", "died"))]
    print(f"timeouts, tracebacks or deaths: {len(bad)}" + (f" ({', '.join(bad)})" if bad else ""))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if args.growth:
        growth(coder, args.timeout)


if __name__ == "__main__":
    main()
