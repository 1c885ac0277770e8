"""Run every benchmark, print the table and write docs/performance.md.

.venv/bin/python -m benchmarks            # about 3 minutes
"""

import os
import platform
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT

from .generation import RUNS, measure_generation
from .load import CONNECTIONS, DURATION_SECONDS, Load, install_default_project, measure_load

REPORT = TEMPLATE_ROOT / "docs" / "performance.md"

# Our standards on a 2-core machine (issue: "One contract, proven").
READ_P95_TARGET_MS = 50
READ_RPS_TARGET = 5000
WRITE_RPS_TARGET = 1000
MINIMAL_APP_RATIO_TARGET = 0.60


def _machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def _load_row(name: str, load: Load, target: str, met: bool | None) -> str:
    verdict = "" if met is None else _verdict(met)
    return (
        f"| {name} | {load.requests_per_second:,.0f} | {load.p50_ms:.1f} | {load.p95_ms:.1f} | "
        f"{load.p99_ms:.1f} | {load.errors} | {target} | {verdict} |"
    )


def main() -> None:
    if shutil.which("wrk") is None or shutil.which("pgbench") is None:
        raise SystemExit("needs wrk and pgbench: apt-get install wrk postgresql")
    generation = measure_generation()
    with tempfile.TemporaryDirectory() as scratch:
        load = measure_load(install_default_project(Path(scratch)))

    ratio_minimal = load.read_one.requests_per_second / load.minimal_read_one.requests_per_second
    ratio_pgbench = load.read_one.requests_per_second / load.pgbench_tps
    copy_to_green = generation.copy_seconds + generation.setup_seconds + generation.check_seconds
    minimal_met = _verdict(ratio_minimal >= MINIMAL_APP_RATIO_TARGET)
    lines = [
        "# Performance",
        "",
        f"Measured by `.venv/bin/python -m benchmarks` on {datetime.now(UTC):%Y-%m-%d}, "
        f"{_machine()}. Numbers move with the machine; the ratios to the ceilings measured in",
        "the same run are the comparable figures.",
        "",
        "## Generating",
        "",
        f"| measure (median of {RUNS}) | wall time | peak memory |",
        "| --- | --- | --- |",
        f"| `copier copy`, default answers ({generation.files} files) | "
        f"{generation.copy_seconds:.2f} s | {generation.copy_peak_mib} MiB |",
        f"| `copier update` across one template change | {generation.update_seconds:.2f} s | "
        f"{generation.update_peak_mib} MiB |",
        f"| `make setup` (warm uv cache) | {generation.setup_seconds:.2f} s | |",
        f"| `make check` (lint, mypy, OpenAPI, tests on PostgreSQL) | "
        f"{generation.check_seconds:.2f} s | |",
        f"| copy to green `make check` | {copy_to_green:.2f} s | |",
        "",
        "## The service under load",
        "",
        f"Default project on PostgreSQL (loopback), one uvicorn worker, access log on; `wrk` with "
        f"{CONNECTIONS} connections for {DURATION_SECONDS} s per row.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | target | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        _load_row(
            "`GET /api/v1/items/{id}`", load.read_one,
            f"p95 < {READ_P95_TARGET_MS} ms, > {READ_RPS_TARGET:,} req/s",
            load.read_one.p95_ms < READ_P95_TARGET_MS
            and load.read_one.requests_per_second > READ_RPS_TARGET,
        ),
        _load_row(
            "`GET /api/v1/items?limit=20`", load.read_page, f"> {READ_RPS_TARGET:,} req/s",
            load.read_page.requests_per_second > READ_RPS_TARGET,
        ),
        _load_row(
            "`POST /api/v1/items`", load.create, f"> {WRITE_RPS_TARGET:,} req/s",
            load.create.requests_per_second > WRITE_RPS_TARGET,
        ),
        _load_row("ceiling: minimal asyncpg app, same read", load.minimal_read_one, "", None),
        f"| ceiling: `pgbench -S`, {CONNECTIONS} clients | {load.pgbench_tps:,.0f} tps "
        "| | | | | | |",
        "",
        f"- Single-row read at {ratio_minimal:.0%} of the minimal app "
        f"(target ≥ {MINIMAL_APP_RATIO_TARGET:.0%}: {minimal_met})"
        f" and {ratio_pgbench:.1%} of PostgreSQL's own `pgbench -S`.",
        "- Two server workers: not measured; the service runs one worker per process today.",
        "",
    ]  # fmt: skip
    report = "\n".join(lines)
    REPORT.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
