"""The generated service under load on loopback, and the ceilings that bound it."""

import re
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import Rendered, project_environment, run
from tests.services import RunningService, free_port, recreate_shared_database, signed_in

CONNECTIONS = 50
DURATION_SECONDS = 10

# wrk reports p50/p90/p99 only; this prints the percentiles we report, and optionally makes
# every request a POST of a new item (a fixed body would only measure 409s), keeping the
# headers given on the command line (the credentials).
_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("p50=%.3f p95=%.3f p99=%.3f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""
_POST = """
counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"name": "load %s %d"}', tostring({}):sub(8), counter)
  wrk.headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/api/v1/items", nil, body)
end
"""


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def wrk(url: str, post: bool = False, headers: dict[str, str] | None = None) -> Load:
    header_options = [f"--header={name}: {value}" for name, value in (headers or {}).items()]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write((_POST if post else "") + _REPORT)
        script.flush()
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION_SECONDS}s", "-s", script.name,
             *header_options, url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    percentiles = dict(re.findall(r"(p\d+)=([\d.]+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(count) for count in re.findall(r"\d+", socket_errors.group(1)))
    return Load(
        float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        float(percentiles["p50"]), float(percentiles["p95"]), float(percentiles["p99"]), errors,
    )  # fmt: skip


def _create_item(base_url: str, headers: dict[str, str]) -> str:
    request = urllib.request.Request(
        f"{base_url}/api/v1/items",
        data=f'{{"name": "benchmark {uuid.uuid4()}"}}'.encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return response.headers["Location"].rsplit("/", 1)[1]


def _seed(base_url: str, count: int, headers: dict[str, str]) -> str:
    item_id = ""
    for _ in range(count):
        item_id = _create_item(base_url, headers)
    return item_id


def _pgbench(database_url: str) -> float:
    run(["pgbench", "-i", "-s", "1", "-q", database_url], cwd=Path.cwd())
    output = subprocess.run(
        ["pgbench", "-S", "-n", "-c", str(CONNECTIONS), "-j", "2", "-T", str(DURATION_SECONDS),
         database_url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return float(re.search(r"tps = ([\d.]+)", output).group(1))  # type: ignore[union-attr]


WORKERS = (1, 2)
ENDPOINTS = ("GET /api/v1/items/{id}", "GET /api/v1/items?limit=20", "POST /api/v1/items")


@dataclass(frozen=True)
class LoadResults:
    # stack -> workers -> endpoint -> load
    service: dict[str, dict[int, dict[str, Load]]]
    minimal_read_one: Load
    pgbench_tps: float


def measure_service(project: Rendered, database_url: str) -> tuple[dict[int, dict[str, Load]], str]:
    """Each endpoint of the service generated in `project` (installed) under load, with 1 and
    2 worker processes; also the id of a seeded item."""
    run(["make", "migrate"], cwd=project.path, DATABASE_URL=database_url)
    results: dict[int, dict[str, Load]] = {}
    item_id = ""
    # Every request is authenticated, as a client of the default project (auth=jwt) sends
    # them: one caller, whose access token outlives the run and every restart.
    credentials: dict[str, str] | None = None
    for workers in WORKERS:
        settings = {
            "DATABASE_URL": database_url,
            "RATE_LIMIT": "1000000/second",
            "WEB_CONCURRENCY": str(workers),
        }
        service = RunningService(project, settings).start()
        try:
            if credentials is None:
                credentials = signed_in(service, identity_provider=None)
                item_id = _seed(service.base_url, 100, credentials)
            read_one, read_page, create = ENDPOINTS
            results[workers] = {
                read_one: wrk(f"{service.base_url}/api/v1/items/{item_id}", headers=credentials),
                read_page: wrk(f"{service.base_url}/api/v1/items?limit=20", headers=credentials),
                create: wrk(service.base_url, post=True, headers=credentials),
            }
        finally:
            service.terminate()
    return results, item_id


def measure_load(projects: dict[str, Rendered]) -> LoadResults:
    """Load the service generated in each project (a stack's name -> its installed project;
    python-fastapi among them), each on a fresh PostgreSQL database, then the ceilings."""
    results: dict[str, dict[int, dict[str, Load]]] = {}
    minimal_read_one: Load | None = None
    for stack, project in projects.items():
        database_url = recreate_shared_database(f"orders_api_benchmark_{stack.replace('-', '_')}")
        results[stack], item_id = measure_service(project, database_url)
        if stack == "python-fastapi":
            # The ceiling reads the same row of the same database, with Python's own driver.
            minimal_read_one = _minimal_read_one(project, database_url, item_id)
    assert minimal_read_one is not None, "the ceiling is measured with the python-fastapi project"
    pgbench_tps = _pgbench(recreate_shared_database("orders_api_pgbench"))
    return LoadResults(results, minimal_read_one, pgbench_tps)


def _minimal_read_one(project: Rendered, database_url: str, item_id: str) -> Load:
    """`minimal_app.py` (same driver and server as the Python service, none of our code)."""
    port = free_port()
    minimal_app = Path(__file__).with_name("minimal_app.py")
    minimal = subprocess.Popen(
        [str(project.path / ".venv" / "bin" / "python"), str(minimal_app), str(port)],
        env=project_environment(DATABASE_URL=database_url),
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/items/{item_id}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        return wrk(f"http://127.0.0.1:{port}/items/{item_id}")
    finally:
        minimal.terminate()
        minimal.wait(timeout=30)
