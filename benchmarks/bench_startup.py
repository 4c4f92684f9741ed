"""Start-up cost of the command line: wall time, CPU time and peak RSS of `eventwatch --help`, `version` and the
read commands (`events`, `event ID`, `show ARTICLE`, `export --format csv`, `escalation PRK`, and `actors` where
the command exists) on a store, each run as its own process (as a user runs it).

    python benchmarks/bench_startup.py                          # builds a demo store first (runs the NLP once)
    python benchmarks/bench_startup.py --db eventwatch-demo.db --runs 9
    python benchmarks/bench_startup.py --importtime             # also the slowest imports of eventwatch.cli
    python benchmarks/bench_startup.py --baseline-src /tmp/old/src   # interleaved with an older checkout's src/

Wall time on a shared machine follows its load, so the load average is printed beside the figures, and CPU time
(user + system), which contention inflates less. With --baseline-src every run of a command alternates with a
run of the same command importing eventwatch from that folder, so both see the same load.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peak_kb: int = 0


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in KB) of one process; wait4 gives this child's own usage."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: nothing reads it until the process ends
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {errors.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # ru_maxrss is in KB on Linux


def environment(src: Path | None) -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "160"}
    if src is not None:  # ahead of the editable install of this checkout
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    return env


def demo_store(eventwatch: str) -> str:
    path = str(Path(tempfile.mkdtemp(prefix="bench-startup-")) / "demo.db")
    print(f"building a demo store at {path} (runs the NLP once) …", flush=True)
    subprocess.run([eventwatch, "demo", "--db", path], check=True, stdout=subprocess.DEVNULL)
    return path


def top_imports(src: Path | None, count: int) -> list[tuple[float, float, str]]:
    """The ``count`` largest cumulative entries of ``python -X importtime -c 'import eventwatch.cli'``:
    (cumulative ms, self ms, module)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import eventwatch.cli"], env=environment(src),
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[1]) / 1000, int(parts[0]) / 1000, parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


def read_commands(db: str, eventwatch: str, src: Path | None) -> dict[str, list[str]]:
    """The read commands measured, with an event and an article of the store to show."""
    with sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True) as connection:
        event_id = connection.execute("SELECT min(id) FROM events").fetchone()[0]
        article_id = connection.execute("SELECT min(id) FROM articles").fetchone()[0]
    commands = {
        "eventwatch --help": ["--help"], "eventwatch version": ["version"],
        "events": ["events", "--db", db], "event ID": ["event", str(event_id), "--db", db],
        "show ARTICLE": ["show", str(article_id), "--db", db],
        # --out - is standard output in every version (the default since issue 17), so baselines run it too.
        "export --format csv": ["export", "--format", "csv", "--out", "-", "--db", db],
        "escalation PRK": ["escalation", "PRK", "--db", db],
    }
    has_actors = subprocess.run([eventwatch, "actors", "--help"], env=environment(src), capture_output=True,
                                check=False).returncode == 0
    if has_actors:
        commands["actors"] = ["actors", "--db", db]
    return commands


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="Store for `events` (default: a fresh demo store).")
    parser.add_argument("--runs", type=int, default=5, help="Runs of each command (median reported).")
    parser.add_argument("--eventwatch", default=str(Path(sys.executable).with_name("eventwatch")),
                        help="The eventwatch script (default: beside this Python).")
    parser.add_argument("--baseline-src", type=Path, help="An older checkout's src/ to compare with, interleaved.")
    parser.add_argument("--importtime", action="store_true", help="Also list the slowest imports of eventwatch.cli.")
    args = parser.parse_args()

    db = args.db or demo_store(args.eventwatch)
    setups: dict[str, Path | None] = {"this checkout": None}
    if args.baseline_src:
        setups["baseline"] = args.baseline_src.resolve()
    commands = read_commands(db, args.eventwatch, setups.get("baseline"))
    print(load() + " (before)")
    results: dict[tuple[str, str], Sample] = {}
    for label, extra in commands.items():
        for src in setups.values():
            run_once([args.eventwatch, *extra], environment(src))  # warm the page cache and .pyc files
        for _ in range(args.runs):
            for name, src in setups.items():
                wall, cpu, peak = run_once([args.eventwatch, *extra], environment(src))
                sample = results.setdefault((label, name), Sample())
                sample.walls.append(wall)
                sample.cpus.append(cpu)
                sample.peak_kb = max(sample.peak_kb, peak)
    print(load() + " (after)")
    print(f"\n{'command':<22} {'code':<14} {'median wall':>12} {'min wall':>9} {'median CPU':>11} {'peak RSS':>9}")
    for (label, name), s in results.items():
        print(f"{label:<22} {name:<14} {statistics.median(s.walls):>10.3f} s {min(s.walls):>7.3f} s "
              f"{statistics.median(s.cpus):>9.3f} s {s.peak_kb / 1024:>6.0f} MB")
    if args.importtime:
        for name, src in setups.items():
            print(f"\nslowest imports of eventwatch.cli ({name}): cumulative ms, self ms, module")
            for cumulative, own, module in top_imports(src, 15):
                print(f"{cumulative:10.1f} {own:8.1f}  {module}")


if __name__ == "__main__":
    main()
