"""How long generating the default service takes, and how long until its checks are green."""

import subprocess
import tempfile
import time
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT, TOOLS_BIN, run

POSTGRES = "postgresql://postgres:postgres@127.0.0.1:5432"


def timed(command: list[str], cwd: Path, **environment: str) -> float:
    started = time.perf_counter()
    run(command, cwd=cwd, **environment)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        destination = Path(scratch) / "orders-api"
        copier = [str(TOOLS_BIN / "copier"), "copy", "--trust", "--defaults", "--quiet"]
        copy_seconds = timed(
            [*copier, "--data", "project_name=Orders API", str(TEMPLATE_ROOT), str(destination)],
            cwd=Path(scratch),
        )
        files = sum(1 for path in destination.rglob("*") if path.is_file())
        subprocess.run(["git", "init", "-q"], cwd=destination, check=True)
        setup_seconds = timed(["make", "setup"], cwd=destination)
        check_seconds = timed(
            ["make", "check"],
            cwd=destination,
            TEST_DATABASE_URL=f"{POSTGRES}/orders_api_benchmark_test",
        )

    rows = [
        ("copier copy (CLI, default answers)", f"{copy_seconds:.2f} s"),
        ("files generated", str(files)),
        ("make setup (uv sync, warm cache)", f"{setup_seconds:.2f} s"),
        ("make check (lint, mypy, openapi, tests)", f"{check_seconds:.2f} s"),
        ("copy to green make check", f"{copy_seconds + setup_seconds + check_seconds:.2f} s"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  -----")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
