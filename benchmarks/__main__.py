"""Run every benchmark, print the table and write docs/performance.md.

./scripts/benchmark     # or .venv/bin/python -m benchmarks once set up; about 3 minutes

`python -m benchmarks jobs` measures background-job throughput per queue broker instead
and only prints its table (it needs the brokers running: ./scripts/start-redis, ...).
"""

import argparse
import os
import platform
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT, Rendered, generate_and_install, run

from .generation import RUNS, measure_generation
from .jobs import BROKERS, JOBS, ROUNDS, JobThroughput, RelayThroughput, measure_jobs, measure_relay
from .load import (
    CONNECTIONS,
    DURATION_SECONDS,
    ENDPOINTS,
    Load,
    measure_load,
)

REPORT = TEMPLATE_ROOT / "docs" / "performance.md"
DEFAULT = {"project_name": "Orders API"}
# Each stack's default project is loaded alike; Python's is the one the ceilings are for.
STACKS = ("python-fastapi", "node-fastify")

# Our standards on a 2-core machine (issue: "One contract, proven").
READ_P95_TARGET_MS = 50
READ_RPS_TARGET = 5000
WRITE_RPS_TARGET = 1000
MINIMAL_APP_RATIO_TARGET = 0.60


def _machine(python: str | None = None) -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), Python {python or platform.python_version()}"


def _verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def _load_row(name: str, load: Load, target: str, met: bool | None) -> str:
    verdict = "" if met is None else _verdict(met)
    return (
        f"| {name} | {load.requests_per_second:,.0f} | {load.p50_ms:.1f} | {load.p95_ms:.1f} | "
        f"{load.p99_ms:.1f} | {load.errors} | {target} | {verdict} |"
    )


def _jobs_table(results: list[JobThroughput]) -> str:
    lines = [
        f"Background jobs, measured by `.venv/bin/python -m benchmarks jobs` on "
        f"{datetime.now(UTC):%Y-%m-%d}, {_machine(results[0].python)}.",
        "",
        "| broker | jobs | enqueue jobs/s | worker jobs/s | worker jobs/s, bare handler |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {result.broker} | {result.jobs:,} | {result.enqueue_per_second:,.0f} | "
            f"{result.worker_per_second:,.0f} | {result.bare_worker_per_second:,.0f} |"
            for result in results
        ),
        "",
        f"Median of {results[0].rounds} round(s). Enqueue: one publisher awaiting each",
        "confirmation. Worker: one worker draining a pre-filled queue; its handler does nothing",
        "but record the job in processed_jobs (bare: not even that). Loopback, servers on the",
        "same machine.",
    ]
    return "\n".join(lines)


def _installed(scratch: Path, stack: str) -> Rendered:
    """The stack's default project, installed and built as `make run` runs it."""
    project = generate_and_install(scratch / stack, **DEFAULT, stack=stack)
    if stack == "node-fastify":
        run(["make", "build"], cwd=project.path)
    return project


def write_report() -> None:
    if shutil.which("wrk") is None or shutil.which("pgbench") is None:
        raise SystemExit("needs wrk and pgbench: apt-get install wrk postgresql")
    generation = measure_generation()
    with tempfile.TemporaryDirectory() as scratch:
        load = measure_load({stack: _installed(Path(scratch), stack) for stack in STACKS})

    read_one_endpoint, read_page_endpoint, create_endpoint = ENDPOINTS
    targets = {
        read_one_endpoint: (
            f"p95 < {READ_P95_TARGET_MS} ms, > {READ_RPS_TARGET:,} req/s",
            lambda load: (
                load.p95_ms < READ_P95_TARGET_MS and load.requests_per_second > READ_RPS_TARGET
            ),
        ),
        read_page_endpoint: (
            f"> {READ_RPS_TARGET:,} req/s",
            lambda load: load.requests_per_second > READ_RPS_TARGET,
        ),
        create_endpoint: (
            f"> {WRITE_RPS_TARGET:,} req/s",
            lambda load: load.requests_per_second > WRITE_RPS_TARGET,
        ),
    }
    service_rows = []
    ratios = []
    for stack, by_workers in load.service.items():
        for workers, loads in by_workers.items():
            for endpoint, measured in loads.items():
                target, met = targets[endpoint]
                name = f"{stack}: `{endpoint}`, {workers} worker{'s' if workers > 1 else ''}"
                service_rows.append(_load_row(name, measured, target, met(measured)))
        best_read = max(
            loads[read_one_endpoint].requests_per_second for loads in by_workers.values()
        )
        ratio_minimal = best_read / load.minimal_read_one.requests_per_second
        ratios.append(
            f"- {stack}: best single-row read at {ratio_minimal:.0%} of the minimal app "
            f"(target ≥ {MINIMAL_APP_RATIO_TARGET:.0%}: "
            f"{_verdict(ratio_minimal >= MINIMAL_APP_RATIO_TARGET)}) and "
            f"{best_read / load.pgbench_tps:.1%} of PostgreSQL's own `pgbench -S`."
        )
    copy_to_green = generation.copy_seconds + generation.setup_seconds + generation.check_seconds
    lines = [
        "# Performance",
        "",
        f"Measured by `.venv/bin/python -m benchmarks` on {datetime.now(UTC):%Y-%m-%d}, "
        f"{_machine()}.",
        "Numbers move with the machine; the ratios to the ceilings measured in the same run are",
        "the comparable figures.",
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
        "Each stack's default project (auth=jwt: every request carries an access token) on "
        "PostgreSQL (loopback), access log on; `wrk` on the same machine "
        f"with {CONNECTIONS} connections for {DURATION_SECONDS} s per row. The ceilings are "
        "the Python stack's: its driver and server with none of our code, and PostgreSQL itself.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | target | |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *service_rows,
        _load_row("ceiling: minimal asyncpg app, same read", load.minimal_read_one, "", None),
        f"| ceiling: `pgbench -S`, {CONNECTIONS} clients | {load.pgbench_tps:,.0f} tps "
        "| | | | | | |",
        "",
        *ratios,
        "",
    ]  # fmt: skip
    report = "\n".join(lines)
    REPORT.write_text(report, encoding="utf-8")
    print(report)


def _relay_table(results: list[RelayThroughput]) -> str:
    lines = [
        f"Outbox relay of an event-driven service, measured by `.venv/bin/python -m benchmarks "
        f"events` on {datetime.now(UTC):%Y-%m-%d}, {_machine(results[0].python)}.",
        "",
        "| broker | events | relay events/s |",
        "| --- | --- | --- |",
        *(
            f"| {result.broker} | {result.events:,} | {result.events_per_second:,.0f} |"
            for result in results
        ),
        "",
        f"Median of {results[0].rounds} round(s). A full outbox (PostgreSQL) emptied by one relay,",
        "batch after batch: each event published, its confirmation awaited, the batch marked",
        "in the transaction that claimed it. Loopback, servers on the same machine.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Without a command: every benchmark, printed and written to "
        "docs/performance.md.",
    )
    commands = parser.add_subparsers(dest="command")
    for name, unit, help_text in [
        ("jobs", "jobs", "background-job throughput per queue broker"),
        ("events", "events", "outbox relay throughput of an event-driven service, per broker"),
    ]:
        command = commands.add_parser(name, help=f"{help_text} (prints; writes no file)")
        command.add_argument(
            "--count", type=int, default=JOBS, help=f"{unit} per round (default {JOBS})"
        )
        command.add_argument(
            "--rounds", type=int, default=ROUNDS, help=f"rounds, median reported (default {ROUNDS})"
        )
        command.add_argument(
            "--brokers", nargs="+", choices=list(BROKERS), default=list(BROKERS), metavar="BROKER",
            help=f"any of {', '.join(BROKERS)} (default: all)",
        )  # fmt: skip
    arguments = parser.parse_args(argv)
    if arguments.command in {"jobs", "events"} and (arguments.count < 1 or arguments.rounds < 1):
        parser.error("--count and --rounds must be at least 1")
    if arguments.command == "jobs":
        print(_jobs_table(measure_jobs(arguments.brokers, arguments.count, arguments.rounds)))
    elif arguments.command == "events":
        print(_relay_table(measure_relay(arguments.brokers, arguments.count, arguments.rounds)))
    else:
        write_report()


if __name__ == "__main__":
    main()
