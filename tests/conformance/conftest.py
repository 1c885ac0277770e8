"""The conformance suite's service: one given with --base-url, or generated ones we start.

Given a URL, the suite knows nothing of the service but its address: it speaks HTTP only.
Started by us, each generated variant is installed, migrated and run as `make run` runs
it, with a database we can stop, so the lifecycle clauses can be tested too.
"""

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from ..conftest import Install, integration_params
from ..helpers import run
from ..matrix import INTEGRATION_MATRIX
from ..services import PrivateMariaDB, PrivatePostgres, RunningService

ALLOWED_ORIGIN = "https://allowed.example.com"


@dataclass
class Service:
    base_url: str
    allowed_origin: str | None = None
    # Present only when the suite started the service and its database itself.
    database: PrivatePostgres | PrivateMariaDB | None = None
    spawn: Callable[..., RunningService] | None = None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "service" not in metafunc.fixturenames:
        return
    if metafunc.config.getoption("base_url"):
        metafunc.parametrize("service", ["given"], indirect=True, scope="session")
        return
    params = integration_params(INTEGRATION_MATRIX)
    metafunc.parametrize("service", params, indirect=True, scope="session")


@pytest.fixture(scope="session")
def service(request: pytest.FixtureRequest) -> Iterator[Service]:
    if request.param == "given":
        yield Service(
            base_url=request.config.getoption("base_url").rstrip("/"),
            allowed_origin=request.config.getoption("allowed_origin"),
        )
        return

    install: Install = request.getfixturevalue("install")
    project = install(request.param)
    servers = {"postgresql": PrivatePostgres, "mysql": PrivateMariaDB}
    server = servers.get(project.answers["database"])
    database = server() if server is not None else None
    if database is not None:
        database_url = database.create_database("conformance")
    else:
        database_url = f"sqlite:///{project.path / 'conformance.db'}"
    environment = {"DATABASE_URL": database_url, "CORS_ORIGINS": ALLOWED_ORIGIN}
    if request.param == INTEGRATION_MATRIX[-1]:
        # One combination runs two worker processes, so metrics added up across workers
        # and a multi-process shutdown are held to the contract too.
        environment["WEB_CONCURRENCY"] = "2"
    run(["make", "migrate"], cwd=project.path, **environment)

    started: list[RunningService] = []

    def spawn(**overrides: str) -> RunningService:
        """Another instance of the service, on the same database, with settings changed."""
        started.append(RunningService(project, environment | overrides).start())
        return started[-1]

    try:
        main = spawn()
        yield Service(main.base_url, ALLOWED_ORIGIN, database, spawn)
    finally:
        for instance in started:
            instance.kill()
        if database is not None:
            database.destroy()


# Every test speaks as a client address of its own, so one test's requests never count
# against another's rate limit. The service trusts X-Forwarded-For from loopback, as it
# would from its reverse proxy. 198.18.0.0/15 is reserved for such benchmarking.
_client_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())


@pytest.fixture
def api(service: Service) -> Iterator[httpx.Client]:
    headers = {"X-Forwarded-For": next(_client_addresses)}
    with httpx.Client(base_url=service.base_url, headers=headers, timeout=10) as client:
        yield client
