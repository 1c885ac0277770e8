"""Fuzzing: schemathesis against the service's own /openapi.json, every operation."""

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Service

contract = pytest.mark.contract

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
# Fixed, so a failure found once is found again; bounded, so the run is.
SEED = "20261122"
MAX_EXAMPLES = "40"


@contract("ROBUST-INPUT")
@contract("ERR-DOCUMENTED")
def test_fuzzing_finds_no_server_error_and_no_undocumented_response(
    service: Service, tmp_path: Path
) -> None:
    # Thousands of requests from one client would only measure the rate limiter: fuzz an
    # instance with it raised, when the suite runs the service itself.
    base_url = service.spawn(RATE_LIMIT="1000000/second").base_url if service.spawn else None
    credentials = [
        argument
        for name, value in service.sign_in(base_url).items()
        for argument in ("--header", f"{name}: {value}")
    ]
    result = subprocess.run(
        [
            SCHEMATHESIS, "run", f"{base_url or service.base_url}/openapi.json",
            "--checks", "all",
            # Opaque cursors are valid strings the service rightly refuses (PAGE-CURSOR-INVALID).
            "--exclude-checks", "positive_data_acceptance",
            "--phases", "examples,coverage,fuzzing,stateful",
            "--max-examples", MAX_EXAMPLES, "--seed", SEED, "--workers", "1",
            "--generation-allow-x00", "true",
            "--header", "X-Forwarded-For: 198.19.0.1",
            *credentials,
        ],
        # Its caches and reports go to a scratch directory, not into this repository.
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout[-8000:]
    assert "generated" in result.stdout
