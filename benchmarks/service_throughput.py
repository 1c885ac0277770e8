"""Requests per second of the generated service (default answers, PostgreSQL) under wrk.

The service runs as `make run` runs it (uvicorn, uvloop, httptools, one process, JSON
access log on), with rate limiting raised out of the way; wrk runs on the same machine.
"""

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT, TOOLS_BIN, project_environment, run

DATABASE = "postgresql://postgres:postgres@127.0.0.1:5432/orders_api_benchmark"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def wrk(url: str, duration: int, connections: int) -> dict[str, str]:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "req/s": re.search(r"Requests/sec:\s+(\S+)", output).group(1),  # type: ignore[union-attr]
        "p50": latency.get("50", "?"),
        "p90": latency.get("90", "?"),
        "p99": latency.get("99", "?"),
        "non-2xx": errors.group(1) if errors else "0",
    }


def start_service(project: Path, log: Path) -> subprocess.Popen[bytes]:
    environment = project_environment(
        DATABASE_URL=DATABASE, PORT=str(PORT), RATE_LIMIT="1000000/second", APP_ENV="production"
    )
    process = subprocess.Popen(
        ["uv", "run", "--no-sync", "python", "-m", "orders_api"],
        cwd=project,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/health", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the service did not start")


def seed(count: int) -> str:
    """Create items; return the URL of one of them."""
    location = ""
    for number in range(count):
        request = urllib.request.Request(
            f"{BASE}/api/v1/items",
            data=json.dumps({"name": f"Benchmark item {number}"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request) as response:
            location = response.headers["Location"]
    return BASE + location


def failed_requests(log: Path) -> Counter[tuple[str, int]]:
    """Non-2xx responses by route and status, read from the service's access log."""
    failures: Counter[tuple[str, int]] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry.get("logger") == "access" and not 200 <= entry["status"] < 300:
                failures[(entry["route"], entry["status"])] += 1
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "orders-api"
        copier = [str(TOOLS_BIN / "copier"), "copy", "--trust", "--defaults", "--quiet"]
        run([*copier, "--data", "project_name=Orders API", str(TEMPLATE_ROOT), str(project)],
            cwd=Path(scratch))  # fmt: skip
        run(["make", "setup"], cwd=project)
        maintenance = DATABASE.rsplit("/", 1)[0] + "/postgres"
        for statement in ("DROP DATABASE IF EXISTS orders_api_benchmark",
                          "CREATE DATABASE orders_api_benchmark"):  # fmt: skip
            run(["psql", "--quiet", maintenance, "-c", statement], cwd=project)
        run(["make", "migrate"], cwd=project, DATABASE_URL=DATABASE)

        log = Path(scratch) / "service.log"
        process = start_service(project, log)
        try:
            item_url = seed(100)
            targets = {
                "GET /health (no database)": f"{BASE}/health",
                "GET /api/v1/items/{id} (one row)": item_url,
                "GET /api/v1/items?limit=20 (a page)": f"{BASE}/api/v1/items?limit=20",
            }
            results = {
                name: wrk(url, args.duration, args.connections) for name, url in targets.items()
            }
        finally:
            process.terminate()
            process.wait(timeout=30)
        failures = failed_requests(log)

    columns = ["req/s", "p50", "p90", "p99", "non-2xx"]
    width = max(len(name) for name in results)
    print(f"{'endpoint':<{width}}  " + "  ".join(f"{column:>9}" for column in columns))
    for name, row in results.items():
        print(f"{name:<{width}}  " + "  ".join(f"{row[column]:>9}" for column in columns))
    print(f"({args.connections} connections, {args.duration} s each, one uvicorn process)")
    if failures:
        print("failed requests seen by the service:")
        for (route, status), count in failures.most_common():
            print(f"  {count} x {status} on {route}")


if __name__ == "__main__":
    main()
