"""Small measuring tools shared by the benchmarks."""

import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import project_environment

# Runs a command and prints the peak resident memory of that command alone, in KiB.
_PEAK_RSS_WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def timed_run(command: list[str], cwd: Path, **environment: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one run of a command; fails loudly on error."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _PEAK_RSS_WRAPPER, *command],
        cwd=cwd,
        env=project_environment(**environment),
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stdout}\n{completed.stderr}")
    peak_kib = int(completed.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib // 1024


def median_run(runs: list[tuple[float, int]]) -> tuple[float, int]:
    return statistics.median(run[0] for run in runs), max(run[1] for run in runs)
