"""Start-up: how long until `eventwire --help` answers, and until a fresh process has its first result.

    python benchmarks/startup.py [--runs N] [--json]

Each figure is the median of N fresh processes (the disk caches of the gazetteer and the knowledge base
are warm, as after the first run on a machine). "ready" is import + Coder() (spaCy, knowledge base,
gazetteer, entity ruler); "first result" adds coding one sample article.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("eventwire")
PROBE = """
import time; t = time.perf_counter()
from eventwire import Coder, read_file
coder = Coder(); ready = time.perf_counter() - t
coder.code(read_file({sample!r})); print(ready, time.perf_counter() - t)
"""


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sample = str(next(p for p in sorted((ROOT / "samples").iterdir()) if p.suffix == ".txt"))
    helps = [timed([str(CLI), "--help"]) for _ in range(args.runs)]
    probes = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PROBE.format(sample=sample)], check=True,
                             capture_output=True, text=True).stdout.split()
        probes.append((float(out[0]), float(out[1])))
    result = {
        "help_seconds": round(statistics.median(helps), 2),
        "ready_seconds": round(statistics.median(p[0] for p in probes), 2),
        "first_result_seconds": round(statistics.median(p[1] for p in probes), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>28}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
