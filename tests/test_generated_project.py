"""Generated projects pass their own `make check`, and the service works as a real process.

These install each project's dependencies and run against real servers: PostgreSQL on
127.0.0.1 (started by scripts/start-postgres) or SQLite files.
"""

import hashlib
import json
import signal
import time
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest

from .conftest import Install, integration_params
from .helpers import Rendered, run
from .identity_provider import AUDIENCE, LocalIdentityProvider
from .matrix import CHECK_MATRIX, INTEGRATION_MATRIX, axes_of, identifier
from .services import (
    SHARED_MARIADB,
    SHARED_POSTGRES,
    Gateway,
    RunningService,
    call_service,
    recreate_shared_database,
    recreate_shared_mariadb_database,
    signed_in,
)

pytestmark = pytest.mark.slow


def database_urls(project: Rendered) -> dict[str, str]:
    """Database names unique to the combination, so parallel test workers never share one."""
    answers = project.answers
    combination = identifier({key: answers[key] for key in axes_of(answers)})
    # Readable, yet within MySQL's 64 characters once the project's tests add suffixes
    # ("_test_migrations").
    readable = combination.replace("-", "_").replace(".", "")[:32]
    name = f"{readable}_{hashlib.sha256(combination.encode()).hexdigest()[:8]}"
    if answers["database"] == "postgresql":
        base = f"postgresql://{SHARED_POSTGRES}/{name}"
        return {"DATABASE_URL": base, "TEST_DATABASE_URL": f"{base}_test"}
    if answers["database"] == "mysql":
        base = f"mysql://{SHARED_MARIADB}/{name}"
        return {"DATABASE_URL": base, "TEST_DATABASE_URL": f"{base}_test"}
    return {
        "DATABASE_URL": f"sqlite:///{project.path / 'service.db'}",
        "TEST_DATABASE_URL": f"sqlite:///{project.path / '.test-databases' / 'test.db'}",
    }


@pytest.fixture(scope="module", params=integration_params(INTEGRATION_MATRIX))
def installed_project(request: pytest.FixtureRequest, install: Install) -> Rendered:
    return install(request.param)


def test_make_check_passes(installed_project: Rendered) -> None:
    run(["make", "check"], cwd=installed_project.path, **database_urls(installed_project))


@pytest.mark.parametrize("combination", integration_params(CHECK_MATRIX))
def test_make_check_passes_for_each_auth_and_database(
    combination: dict[str, str], install: Install
) -> None:
    project = install(combination)
    run(["make", "check"], cwd=project.path, **database_urls(project))


def test_make_setup_writes_the_lock_and_env_file(installed_project: Rendered) -> None:
    def settings(name: str) -> list[str]:
        # The generated .env differs from the example only by its own development secret.
        return [
            line
            for line in installed_project.read(name).splitlines()
            if not line.startswith("JWT_SECRET=")
        ]

    lockfile = {"python-fastapi": "uv.lock", "node-fastify": "package-lock.json"}
    assert (installed_project.path / lockfile[installed_project.answers["stack"]]).is_file()
    assert settings(".env") == settings(".env.example")

    # A fresh clone has no .env (it is git-ignored): setup copies the example.
    generated = installed_project.read(".env")
    try:
        (installed_project.path / ".env").unlink()
        run(["make", "setup"], cwd=installed_project.path)
        assert installed_project.read(".env") == installed_project.read(".env.example")
    finally:
        (installed_project.path / ".env").write_text(generated, encoding="utf-8")


def test_committed_openapi_is_fresh_and_a_stale_one_fails_the_check(
    installed_project: Rendered,
) -> None:
    openapi = installed_project.path / "openapi.json"
    original = openapi.read_text()
    try:
        openapi.write_text(original.replace('"summary": "Create an item"', '"summary": "Old"'))
        with pytest.raises(AssertionError, match="is stale"):
            run(["make", "openapi-check"], cwd=installed_project.path)
    finally:
        openapi.write_text(original)
    run(["make", "openapi-check"], cwd=installed_project.path)


# Per stack: a module's file importing the items module's public interface, that import,
# one past the interface added after it, a use of it (so the file stays lint-clean otherwise:
# only the boundary is wrong), and what the lint's report must name: the broken rule and
# the offending import.
BOUNDARY_BYPASSES = {
    "python-fastapi": (
        "src/orders_api/modules/inventory/service.py",
        "from orders_api.modules.items.public import ItemDeleted, ItemReference\n",
        "from orders_api.modules.items.repository import ItemRepository\n",
        "\n\nasync def item_exists(session: AsyncSession, item: ItemReference) -> bool:\n"
        "    return await ItemRepository(session).get(item.id) is not None\n",
        "Modules use each other only through their public interface BROKEN",
        "orders_api.modules.inventory.service -> orders_api.modules.items.repository",
    ),
    "node-fastify": (
        "src/modules/inventory/index.ts",
        'import { ItemDeleted } from "../items/public.ts";\n',
        'import { itemsRepository } from "../items/repository.ts";\n',
        "\nexport const itemsOfInventory = itemsRepository;\n",
        "error modules-use-each-other-only-through-their-public-interface",
        "src/modules/inventory/index.ts → src/modules/items/repository.ts",
    ),
}


def test_a_module_reaching_into_another_fails_the_lint(installed_project: Rendered) -> None:
    """In a modular monolith, `make lint` (so `make check`) refuses an import that bypasses
    another module's public interface, naming the rule and the offending import."""
    if installed_project.answers["architecture"] != "modular-monolith":
        pytest.skip("only a modular monolith has module boundaries")
    path, public, bypass, use, rule, offending = BOUNDARY_BYPASSES[
        installed_project.answers["stack"]
    ]
    source = installed_project.path / path
    original = source.read_text(encoding="utf-8")
    assert public in original
    bypassing = original.replace(public, public + bypass) + use
    try:
        source.write_text(bypassing, encoding="utf-8")
        with pytest.raises(AssertionError) as refused:
            run(["make", "lint"], cwd=installed_project.path)
    finally:
        source.write_text(original, encoding="utf-8")
    report = str(refused.value)
    assert rule in report
    assert offending in report
    run(["make", "lint"], cwd=installed_project.path)


@pytest.fixture
def identity_provider(installed_project: Rendered) -> Iterator[Any]:
    """The identity provider an auth=oidc service trusts (None for other services)."""
    if installed_project.answers["auth"] != "oidc":
        yield None
        return
    with LocalIdentityProvider(audience=AUDIENCE) as provider:
        yield provider


@pytest.fixture
def running_service(
    installed_project: Rendered, identity_provider: Any
) -> Iterator[RunningService]:
    """`make migrate`, then the service started as `make run` starts it."""
    urls = database_urls(installed_project)
    if identity_provider is not None:
        urls |= {"OIDC_ISSUER": identity_provider.issuer, "OIDC_AUDIENCE": AUDIENCE}
    database_name = urls["DATABASE_URL"].rsplit("/", 1)[1]
    if installed_project.answers["database"] == "postgresql":
        recreate_shared_database(database_name)
    elif installed_project.answers["database"] == "mysql":
        recreate_shared_mariadb_database(database_name)
    run(["make", "migrate"], cwd=installed_project.path, **urls)
    service = RunningService(installed_project, {"RATE_LIMIT": "1000/second", **urls}).start()
    try:
        yield service
    finally:
        service.kill()


def test_the_gateway_routes_the_service_prefix_and_answers_in_the_envelope(
    installed_project: Rendered, running_service: RunningService, identity_provider: Any
) -> None:
    """A microservice's compose gateway (nginx, its generated server block) in front of the
    running service: the prefix is routed and removed, Locations get it back, request IDs
    and trace context pass through, and what the gateway answers itself is an envelope."""
    if installed_project.answers["architecture"] != "microservice":
        pytest.skip("only a microservice has a gateway")
    prefix = f"/api/{installed_project.answers['project_slug']}"
    credentials = signed_in(running_service, identity_provider)
    caller_trace = "0af7651916cd43dd8448eb211c80319c"
    with Gateway(installed_project, running_service.port) as gateway:

        def call(method: str, path: str, **headers: str) -> tuple[int, Any, Message]:
            body = {"name": "Through the gateway"} if method == "POST" else None
            return call_service(gateway.base_url, method, path, body, credentials | headers)

        status, body, headers = call("POST", f"{prefix}/api/v1/items")
        assert status == 201
        location = headers["Location"]
        assert location == f"{prefix}/api/v1/items/{body['data']['id']}"
        traceparent = f"00-{caller_trace}-b7ad6b7169203331-01"
        status, body, headers = call(
            "GET", location, **{"X-Request-ID": "via-gateway-1", "traceparent": traceparent}
        )
        assert (status, body["data"]["name"]) == (200, "Through the gateway")
        assert headers["X-Request-ID"] == "via-gateway-1"

        # A caller without a (sane) request ID gets the gateway's, which the service keeps.
        insane = {"X-Request-ID": 'a"b'}
        status, body, headers = call("GET", f"{prefix}/api/v1/items/nope", **insane)
        assert status == 400
        assert body["error"]["requestId"] == headers["X-Request-ID"] != 'a"b'

        status, body, headers = call("GET", "/api/some-other-service/api/v1/items")
        assert status == 404
        assert body["error"]["code"] == "NOT_FOUND"
        assert body["error"]["requestId"] == headers["X-Request-ID"]

        # The access line is written once the response is sent: it may trail the answer.
        traced = access_line(running_service, "via-gateway-1")
        assert traced["traceId"] == caller_trace
        assert traced["service"] == installed_project.answers["project_slug"]

        running_service.kill()
        status, body, headers = call("GET", f"{prefix}/health")
        assert status == 503
        assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
        assert int(headers["Retry-After"]) > 0


def access_line(service: RunningService, request_id: str, seconds: float = 10) -> dict[str, Any]:
    """The service's access log line of the request `request_id`, waiting for it a while."""
    deadline = time.monotonic() + seconds
    while True:
        logged = [json.loads(line) for line in service.log().splitlines() if line.startswith("{")]
        access = [line for line in logged if line["logger"] == "access"]
        lines = [line for line in access if line["requestId"] == request_id]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(lines) == 1, f"one access line for {request_id} expected:\n{service.log()[-3000:]}"
    return lines[0]


def test_service_serves_the_contract_and_shuts_down_gracefully(
    installed_project: Rendered, running_service: RunningService, identity_provider: Any
) -> None:
    base = running_service.base_url
    assert call_service(base, "GET", "/ready")[0] == 200
    credentials = signed_in(running_service, identity_provider)

    def call(method: str, path: str, body: Any = None) -> tuple[int, Any, Message]:
        return call_service(base, method, path, body, credentials)

    status, body, headers = call("POST", "/api/v1/items", {"name": "From a real process"})
    # A CI run once saw a 500 here that never recurred: the service's log says why.
    assert status == 201, f"{body}\n{running_service.log()[-4000:]}"
    assert headers["Location"] == f"/api/v1/items/{body['data']['id']}"
    status, body, _ = call("GET", headers["Location"])
    assert (status, body["data"]["name"]) == (200, "From a real process")
    status, body, _ = call("PATCH", headers["Location"], {"description": "changed"})
    assert (status, body["data"]["description"]) == (200, "changed")
    status, body, _ = call("GET", "/api/v1/items?limit=1")
    assert status == 200
    assert body["meta"]["limit"] == 1
    assert call("DELETE", headers["Location"])[0] == 204
    status, body, headers = call("GET", headers["Location"])
    assert status == 404
    assert body["error"]["code"] == "NOT_FOUND"
    assert body["error"]["requestId"] == headers["X-Request-ID"]

    status, output = running_service.terminate()
    # uvicorn re-raises the signal after its graceful shutdown, so the status says SIGTERM.
    assert status in {0, 128 + signal.SIGTERM, -signal.SIGTERM}, output
    log_lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    messages = [line["message"] for line in log_lines]
    assert "Application shutdown complete." in messages, "the lifespan released its resources"
    assert not any("color_message" in line for line in log_lines)
    access = [line for line in log_lines if line["logger"] == "access"]
    assert {line["status"] for line in access} >= {200, 201, 204, 404}
    assert all(line["requestId"] for line in access)
