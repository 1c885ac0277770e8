"""The conformance suite's service: one given with --base-url, or generated ones we start.

Given a URL, the suite knows nothing of the service but its address: it speaks HTTP only.
Started by us, each generated variant is installed, migrated and run as `make run` runs
it, with a database we can stop, so the lifecycle clauses can be tested too.
"""

import itertools
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from ..conftest import Install, integration_params
from ..helpers import Rendered, create_api_key, run
from ..identity_provider import AUDIENCE, LocalIdentityProvider
from ..matrix import INTEGRATION_MATRIX
from ..services import (
    PrivateMariaDB,
    PrivateNats,
    PrivatePostgres,
    PrivateRabbitMQ,
    PrivateRedis,
    PrivateServer,
    RunningService,
    RunningWorker,
)

ALLOWED_ORIGIN = "https://allowed.example.com"
AUTH = "/api/v1/auth"
# Every account the suite registers has this password; each account is new.
PASSWORD = "conformance suite passphrase"


@dataclass
class Operator:
    """What only someone on the service's host can do, with its make targets: possible for
    the services the suite starts, not for a service given by its URL."""

    project: Rendered
    environment: dict[str, str]

    def create_api_key(self, *, role: str = "user", name: str | None = None) -> str:
        name = name or f"conformance-{secrets.token_hex(6)}"
        return create_api_key(self.project, name=name, role=role, **self.environment)

    def revoke_api_key(self, key: str) -> None:
        prefix = key.rpartition("_")[0]
        run(
            ["make", "-s", "api-key-revoke", f"KEY={prefix}"], self.project.path, **self.environment
        )

    def make_admin(self, email: str) -> None:
        run(["make", "-s", "create-admin", f"EMAIL={email}"], self.project.path, **self.environment)


@dataclass
class GivenCredentials:
    """Credentials of a service given by its URL, from the command line (see tests/conftest)."""

    api_keys: list[str] = field(default_factory=list)
    admin_api_key: str | None = None
    admin_email: str | None = None
    admin_password: str | None = None

    def __post_init__(self) -> None:
        self._user_keys = itertools.cycle(self.api_keys)

    def user_api_key(self) -> str:
        if not self.api_keys:
            pytest.skip("needs --api-key (twice, with different names)")
        return next(self._user_keys)


@dataclass
class Service:
    base_url: str
    allowed_origin: str | None = None
    # The `auth` answer: "none" (open API), "jwt" (the service keeps accounts), "oidc"
    # (it trusts the tokens of `identity_provider`, the suite's own) or "api-key".
    auth: str = "none"
    identity_provider: Any = None
    operator: Operator | None = None
    given: GivenCredentials = field(default_factory=GivenCredentials)
    # Present only when the suite started the service and its servers itself: the servers
    # it may stop, by the name /ready gives the dependency ("database", "queue", "cache").
    servers: dict[str, PrivateServer] = field(default_factory=dict)
    spawn: Callable[..., RunningService] | None = None
    spawn_worker: Callable[..., RunningWorker] | None = None
    # Present for an event-driven service: its outbox relay, as `make relay` starts it.
    spawn_relay: Callable[..., RunningWorker] | None = None

    def sign_in(self, base_url: str | None = None, *, admin: bool = False) -> dict[str, str]:
        """The headers of a new caller's requests ({} for an open API), an administrator's
        when asked (skipping the test when the suite cannot make one)."""
        if self.auth == "none":
            return {}
        if self.auth == "oidc":
            role = "admin" if admin else "user"
            subject = f"conformance-{secrets.token_hex(6)}"
            return {
                "Authorization": f"Bearer {self.identity_provider.token(subject, roles=[role])}"
            }
        if self.auth == "api-key":
            return {"X-API-Key": self._api_key(admin)}
        # From an address of its own, so sign-ins never count against a test's rate limit.
        headers = {"X-Forwarded-For": new_client_address()}
        with httpx.Client(
            base_url=base_url or self.base_url, headers=headers, timeout=10
        ) as client:
            tokens = self._administrator(client) if admin else signed_up(client)
        return {"Authorization": f"Bearer {tokens['accessToken']}"}

    def _api_key(self, admin: bool) -> str:
        if self.operator is not None:
            return self.operator.create_api_key(role="admin" if admin else "user")
        if not admin:
            return self.given.user_api_key()
        if self.given.admin_api_key is None:
            pytest.skip("needs --admin-api-key")
        return self.given.admin_api_key

    def _administrator(self, client: httpx.Client) -> dict[str, Any]:
        """An administrator's tokens: a new account promoted by the operator's command."""
        if self.operator is not None:
            email = registered(client)
            self.operator.make_admin(email)
            return logged_in(client, email, PASSWORD)
        if self.given.admin_email is None or self.given.admin_password is None:
            pytest.skip("needs --admin-email and --admin-password")
        return logged_in(client, self.given.admin_email, self.given.admin_password)


def new_email() -> str:
    return f"conformance-{secrets.token_hex(6)}@example.com"


def logged_in(client: httpx.Client, email: str, password: str) -> dict[str, Any]:
    login = client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert login.status_code == 200, login.text
    tokens: dict[str, Any] = login.json()["data"]
    return tokens


def registered(client: httpx.Client) -> str:
    """Register a new account: its e-mail address (the password is PASSWORD)."""
    email = new_email()
    response = client.post(f"{AUTH}/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    return email


def signed_up(client: httpx.Client) -> dict[str, Any]:
    """Register a new account and log in: its tokens."""
    return logged_in(client, registered(client), PASSWORD)


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
        auth = request.config.getoption("auth")
        port = request.config.getoption("oidc_provider_port")
        if auth == "oidc" and port is None:
            pytest.exit("--auth oidc needs --oidc-provider-port", returncode=4)
        provider = _identity_provider(auth, port or 0)
        given = GivenCredentials(
            api_keys=request.config.getoption("api_key"),
            admin_api_key=request.config.getoption("admin_api_key"),
            admin_email=request.config.getoption("admin_email"),
            admin_password=request.config.getoption("admin_password"),
        )
        try:
            yield Service(
                base_url=request.config.getoption("base_url").rstrip("/"),
                allowed_origin=request.config.getoption("allowed_origin"),
                auth=auth,
                identity_provider=provider,
                given=given,
            )
        finally:
            if provider is not None:
                provider.close()
        return

    install: Install = request.getfixturevalue("install")
    project = install(request.param)
    servers, environment = _private_servers(project.answers)
    if "database" in servers:
        database = servers["database"]
        assert isinstance(database, PrivatePostgres | PrivateMariaDB)
        environment["DATABASE_URL"] = database.create_database("conformance")
    else:
        environment["DATABASE_URL"] = f"sqlite:///{project.path / 'conformance.db'}"
    environment["CORS_ORIGINS"] = ALLOWED_ORIGIN
    if project.answers["auth"] == "jwt":
        # As deployed: outside development, with a strong secret from the environment.
        environment |= {"APP_ENV": "production", "JWT_SECRET": secrets.token_urlsafe(48)}
    provider = _identity_provider(project.answers["auth"])
    if provider is not None:
        environment |= {
            "APP_ENV": "production",
            "OIDC_ISSUER": provider.issuer,
            "OIDC_AUDIENCE": AUDIENCE,
            # Short, so the key-rotation clause is seen within seconds.
            "OIDC_KEYS_MIN_REFRESH_SECONDS": "1",
        }
    if request.param == INTEGRATION_MATRIX[-1]:
        # One combination runs two worker processes, so metrics added up across workers
        # and a multi-process shutdown are held to the contract too.
        environment["WEB_CONCURRENCY"] = "2"
    run(["make", "migrate"], cwd=project.path, **environment)

    started: list[RunningService | RunningWorker] = []

    def spawn(**overrides: str) -> RunningService:
        """Another instance of the service, on the same servers, with settings changed."""
        instance = RunningService(project, environment | overrides)
        started.append(instance)
        return instance.start()

    def spawn_worker(**overrides: str) -> RunningWorker:
        """A job worker of the service, on the same servers, with settings changed."""
        worker = RunningWorker(project, environment | overrides)
        started.append(worker)
        return worker.start()

    def spawn_relay(**overrides: str) -> RunningWorker:
        """The outbox relay of an event-driven service, with settings changed."""
        relay = RunningWorker(project, environment | overrides, command=("events", "relay"))
        started.append(relay)
        return relay.start()

    try:
        main = spawn()
        yield Service(
            main.base_url,
            ALLOWED_ORIGIN,
            project.answers["auth"],
            provider,
            operator=Operator(project, environment),
            servers=servers,
            spawn=spawn,
            spawn_worker=spawn_worker,
            spawn_relay=spawn_relay if project.answers["architecture"] == "event-driven" else None,
        )
    finally:
        for process in started:
            process.kill()
        if provider is not None:
            provider.close()
        for server in {id(server): server for server in servers.values()}.values():
            server.destroy()


def _identity_provider(auth: str, port: int = 0) -> Any:
    """The suite's identity provider when the service trusts one (auth=oidc), else None."""
    return LocalIdentityProvider(audience=AUDIENCE, port=port) if auth == "oidc" else None


def _private_servers(answers: dict[str, str]) -> tuple[dict[str, PrivateServer], dict[str, str]]:
    """The servers this variant needs, private to the suite (it stops them), and their URLs."""
    servers: dict[str, PrivateServer] = {}
    environment: dict[str, str] = {}
    databases = {"postgresql": PrivatePostgres, "mysql": PrivateMariaDB}
    if answers["database"] in databases:
        servers["database"] = databases[answers["database"]]()
    # One Redis serves both when the queue and the cache use it, as in the service's compose.
    redis = PrivateRedis() if "redis" in (answers["queue"], answers["cache"]) else None
    if redis is not None:
        environment["REDIS_URL"] = redis.url()
    if answers["cache"] == "redis" and redis is not None:
        servers["cache"] = redis
    if answers["queue"] == "redis" and redis is not None:
        servers["queue"] = redis
    elif answers["queue"] == "rabbitmq":
        servers["queue"] = rabbitmq = PrivateRabbitMQ()
        environment["AMQP_URL"] = rabbitmq.url()
    elif answers["queue"] == "nats":
        servers["queue"] = nats = PrivateNats()
        environment["NATS_URL"] = nats.url()
    return servers, environment


# Every test speaks as a client address of its own, so one test's requests never count
# against another's rate limit. The service trusts X-Forwarded-For from loopback, as it
# would from its reverse proxy. 198.18.0.0/15 is reserved for such benchmarking.
_client_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def new_client_address() -> str:
    return next(_client_addresses)


@pytest.fixture
def api(service: Service) -> Iterator[httpx.Client]:
    headers = {"X-Forwarded-For": new_client_address()} | service.sign_in()
    with httpx.Client(base_url=service.base_url, headers=headers, timeout=10) as client:
        yield client
