"""Every option value renders into a clean, well-formed project with only its own files."""

import json
import re
import tomllib

import pytest
import yaml

from .conftest import Render
from .helpers import Rendered, run, tool
from .matrix import RENDER_MATRIX, identifier

# An expression, a statement or a comment, as Jinja writes them.
JINJA_LEFTOVER = re.compile(r"\{\{[^{}]*\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# GitHub Actions expressions look like Jinja but belong in the generated workflow.
ACTIONS_EXPRESSION = re.compile(r"\$\{\{[^{}]*\}\}")

# The default project, file by file: a new file must be added here on purpose.
DEFAULT_FILES = {
    ".copier-answers.yml", ".dockerignore", ".env", ".env.example", ".github/workflows/ci.yml",
    ".github/workflows/template-update.yml", "scripts/template-update",
    ".gitignore", ".python-version", "Dockerfile", "Makefile", "README.md", "alembic.ini",
    "compose.yaml", "docs/adr/0001-architecture-style.md", "docs/contract.md",
    "migrations/env.py", "migrations/script.py.mako",
    "migrations/versions/2026_11_22_0001_create_items.py",
    "migrations/versions/2026_11_22_0003_create_users.py",
    "migrations/versions/2026_11_22_0004_add_item_owners.py", "openapi.json", "pyproject.toml",
    "src/orders_api/auth/__init__.py", "src/orders_api/auth/credentials.py",
    "src/orders_api/auth/dependencies.py", "src/orders_api/auth/errors.py",
    "src/orders_api/auth/models.py", "src/orders_api/auth/passwords.py",
    "src/orders_api/auth/principal.py", "src/orders_api/auth/repository.py",
    "src/orders_api/auth/router.py", "src/orders_api/auth/schemas.py",
    "src/orders_api/auth/service.py", "src/orders_api/auth/throttle.py",
    "src/orders_api/auth/tokens.py",
    "src/orders_api/users/__init__.py", "src/orders_api/users/__main__.py",
    "src/orders_api/users/admin.py", "src/orders_api/users/models.py",
    "src/orders_api/users/repository.py", "src/orders_api/users/router.py",
    "src/orders_api/users/schemas.py",
    "tests/auth/__init__.py", "tests/auth/flows.py", "tests/auth/test_access_tokens.py",
    "tests/auth/test_login.py", "tests/auth/test_refresh_tokens.py",
    "tests/auth/test_register.py", "tests/auth/test_roles.py", "tests/items/test_ownership.py",
    "src/orders_api/__init__.py", "src/orders_api/__main__.py", "src/orders_api/main.py",
    "src/orders_api/openapi_export.py", "src/orders_api/core/__init__.py",
    "src/orders_api/core/api.py", "src/orders_api/core/body_limit.py",
    "src/orders_api/core/conditional.py",
    "src/orders_api/core/config.py", "src/orders_api/core/db.py",
    "src/orders_api/core/errors.py", "src/orders_api/core/logging.py",
    "src/orders_api/core/metrics.py", "src/orders_api/core/openapi.py",
    "src/orders_api/core/pagination.py", "src/orders_api/core/rate_limit.py",
    "src/orders_api/core/request_context.py", "src/orders_api/core/schemas.py",
    "src/orders_api/core/security_headers.py", "src/orders_api/core/types.py",
    "src/orders_api/health/__init__.py",
    "src/orders_api/health/router.py", "src/orders_api/items/__init__.py",
    "src/orders_api/items/dependencies.py", "src/orders_api/items/exceptions.py",
    "src/orders_api/items/models.py", "src/orders_api/items/repository.py",
    "src/orders_api/items/router.py", "src/orders_api/items/schemas.py",
    "src/orders_api/items/service.py", "tests/__init__.py", "tests/conftest.py",
    "tests/database.py", "tests/migrations.py", "tests/test_migrations.py",
    "tests/test_openapi.py", "tests/test_operations.py", "tests/core/__init__.py",
    "tests/core/test_config.py", "tests/core/test_errors.py",
    "tests/core/test_http_headers.py", "tests/core/test_rate_limit.py",
    "tests/core/test_request_id.py",
    "tests/items/__init__.py", "tests/items/factories.py", "tests/items/test_pagination.py",
    "tests/items/test_conditional_reads.py", "tests/items/test_router.py",
}  # fmt: skip


PYTHON_MATRIX = [c for c in RENDER_MATRIX if c["stack"] == "python-fastapi"]
NODE_MATRIX = [c for c in RENDER_MATRIX if c["stack"] == "node-fastify"]


# Tests of what only one stack generates take its combinations alone.
python_projects = pytest.mark.parametrize("project", PYTHON_MATRIX, ids=identifier, indirect=True)
node_projects = pytest.mark.parametrize("project", NODE_MATRIX, ids=identifier, indirect=True)


# The Node project, likewise.
NODE_DEFAULT_FILES = {
    ".copier-answers.yml", ".dockerignore", ".env", ".env.example", ".github/workflows/ci.yml",
    ".github/workflows/template-update.yml", ".gitignore", ".nvmrc", "Dockerfile", "Makefile",
    "README.md", "biome.json", "compose.yaml", "docs/adr/0001-architecture-style.md",
    "docs/contract.md", "openapi.json", "package.json", "scripts/template-update",
    "tsconfig.build.json", "tsconfig.json",
    "src/app.ts", "src/cluster.ts", "src/config.ts", "src/create-admin.ts", "src/logger.ts",
    "src/migrate.ts", "src/openapi-export.ts", "src/server.ts", "src/service.ts",
    "src/auth/access-tokens.ts", "src/auth/config.ts", "src/auth/errors.ts",
    "src/auth/login-throttle.ts", "src/auth/passwords.ts", "src/auth/principal.ts",
    "src/db/connection.ts", "src/db/keyset.ts", "src/db/migrator.ts", "src/db/schema.ts",
    "src/lib/clock.ts", "src/lib/cursor.ts", "src/lib/database-errors.ts", "src/lib/errors.ts",
    "src/lib/document-file.ts", "src/lib/etag.ts", "src/lib/fixed-window.ts",
    "src/lib/network-errors.ts", "src/lib/rate.ts",
    "src/migrations/0001_create_items.ts", "src/migrations/0003_create_users.ts",
    "src/migrations/0004_add_item_owners.ts",
    "src/plugins/app/auth-service.ts", "src/plugins/app/authentication.ts",
    "src/plugins/app/config.ts", "src/plugins/app/db.ts", "src/plugins/app/errors.ts",
    "src/plugins/app/items-repository.ts", "src/plugins/app/json-body.ts",
    "src/plugins/app/metrics.ts", "src/plugins/app/refresh-tokens-repository.ts",
    "src/plugins/app/request-context.ts", "src/plugins/app/users-repository.ts",
    "src/plugins/app/validation.ts",
    "src/plugins/external/cors.ts", "src/plugins/external/rate-limit.ts",
    "src/plugins/external/swagger-ui.ts", "src/plugins/external/swagger.ts",
    "src/routes/api/v1/auth/index.ts", "src/routes/api/v1/items/access.ts",
    "src/routes/api/v1/items/index.ts",
    "src/routes/api/v1/users/index.ts", "src/routes/health.ts", "src/routes/metrics.ts",
    "src/routes/openapi.ts", "src/schemas/auth.ts", "src/schemas/envelopes.ts",
    "src/schemas/errors.ts", "src/schemas/items.ts", "src/schemas/users.ts",
    "test/access-tokens.test.ts", "test/assertions.ts", "test/auth.test.ts",
    "test/conditional-reads.test.ts",
    "test/config.test.ts", "test/create-admin.test.ts", "test/database.ts", "test/errors.test.ts",
    "test/helper.ts", "test/http-headers.test.ts", "test/items.test.ts",
    "test/migrations.test.ts", "test/openapi.test.ts", "test/operations.test.ts",
    "test/ownership.test.ts", "test/pagination.test.ts", "test/pool.test.ts",
    "test/request-id.test.ts", "test/users.test.ts",
}  # fmt: skip


@pytest.fixture(scope="module", params=RENDER_MATRIX, ids=identifier)
def project(request: pytest.FixtureRequest, render: Render) -> Rendered:
    return render(**request.param)


def test_default_project_has_exactly_the_expected_files(render: Render) -> None:
    assert render().files() == DEFAULT_FILES


def test_default_node_project_has_exactly_the_expected_files(render: Render) -> None:
    assert render(stack="node-fastify").files() == NODE_DEFAULT_FILES


def test_no_template_syntax_is_left(project: Rendered) -> None:
    for relative in project.files():
        text = ACTIONS_EXPRESSION.sub("", project.read(relative))
        leftover = JINJA_LEFTOVER.search(text)
        assert leftover is None, f"leftover Jinja in {relative}: {leftover.group()!r}"


def test_data_files_parse(project: Rendered) -> None:
    parsers = {".json": json.loads, ".toml": tomllib.loads, ".yml": yaml.safe_load}
    parsers[".yaml"] = yaml.safe_load
    parsed = 0
    for relative in project.files():
        parse = parsers.get("." + relative.rsplit(".", 1)[-1])
        if parse is not None:
            assert parse(project.read(relative)) is not None, relative
            parsed += 1
    assert parsed >= 4, "the answers, compose, OpenAPI and pyproject files at least"


def test_only_the_chosen_ci_is_generated(project: Rendered) -> None:
    files = project.files()
    ci = project.answers["ci_provider"]
    assert (".github/workflows/ci.yml" in files) == (ci == "github")
    assert (".gitlab-ci.yml" in files) == (ci == "gitlab")
    assert not (project.path / ".github").exists() or ci == "github"


# What only a project on that database may mention.
DATABASE_WORDS = {"postgresql": "postgres", "mysql": "mariadb", "sqlite": "sqlite"}
# Each stack's manifest, and the driver package each database brings into it (Node's SQLite
# driver is node:sqlite, part of Node itself).
DATABASE_DRIVERS = {
    "python-fastapi": ("pyproject.toml", {"postgresql": "asyncpg", "mysql": "asyncmy",
                                          "sqlite": "aiosqlite"}),
    "node-fastify": ("package.json", {"postgresql": '"pg"', "mysql": '"mysql2"'}),
}  # fmt: skip


def test_only_the_chosen_database_is_wired(project: Rendered) -> None:
    chosen = project.answers["database"]
    files = project.files()
    stack = project.answers["stack"]
    sqlite_module = "src/orders_api/core/sqlite.py" in files
    assert sqlite_module == (chosen == "sqlite" and stack == "python-fastapi")
    manifest, drivers = DATABASE_DRIVERS[stack]
    for database, driver in drivers.items():
        assert (driver in project.read(manifest)) == (database == chosen), driver
    # Words that name another database may appear where the contrast is the point.
    explained_elsewhere = {"README.md", "docs/contract.md", "tests/core/test_config.py",
                           "test/config.test.ts"}  # fmt: skip
    for database, word in DATABASE_WORDS.items():
        if database != chosen:
            for relative in files - explained_elsewhere:
                assert word not in project.read(relative).lower(), (word, relative)


# Compose services each queue brings besides the broker itself.
BROKER_SERVICES = {"none": set(), "redis": {"redis", "worker"}, "rabbitmq": {"rabbitmq", "worker"},
                   "nats": {"nats", "worker"}}  # fmt: skip
DATABASE_SERVICES = {"postgresql": {"postgres"}, "mysql": {"mariadb"}, "sqlite": set()}
CACHE_FILES = {"src/orders_api/core/cache.py", "src/orders_api/core/redis.py",
               "src/orders_api/core/shared_rate_limit.py", "tests/cache/__init__.py",
               "tests/cache/conftest.py", "tests/cache/test_item_cache.py",
               "tests/cache/test_shared_rate_limit.py"}  # fmt: skip


@python_projects
def test_only_the_chosen_backing_services_are_wired(project: Rendered) -> None:
    answers = project.answers
    caching = answers["cache"] == "redis"
    compose = yaml.safe_load(project.read("compose.yaml"))
    expected = {"app", "migrate"} | DATABASE_SERVICES[answers["database"]]
    expected |= BROKER_SERVICES[answers["queue"]] | ({"redis"} if caching else set())
    if answers["architecture"] == "microservice":
        expected |= {"gateway", "jaeger"}
    if answers["architecture"] == "event-driven":
        expected |= {"relay"}
    assert set(compose["services"]) == expected

    files = project.files()
    assert files.issuperset(CACHE_FILES) == caching
    assert not (CACHE_FILES & files) or caching
    uses_redis = caching or answers["queue"] == "redis"
    assert project.read(".env.example").count("REDIS_URL=") == int(uses_redis)
    assert ('"redis>=' in project.read("pyproject.toml")) == caching
    app_environment = compose["services"]["app"]["environment"]
    assert ("REDIS_URL" in app_environment) == uses_redis


@python_projects
def test_authentication_is_generated_only_when_chosen(project: Rendered) -> None:
    auth = project.answers["auth"]
    authenticating, jwt, oidc = auth != "none", auth == "jwt", auth == "oidc"
    api_key = auth == "api-key"
    files = project.files()

    assert any(path.startswith("src/orders_api/auth/") for path in files) is authenticating
    assert ("tests/items/test_ownership.py" in files) is authenticating
    assert any(path.endswith("_add_item_owners.py") for path in files) is authenticating
    assert ("src/orders_api/users/router.py" in files) is (jwt or oidc)
    assert ("pyjwt" in project.read("pyproject.toml")) is (jwt or oidc)
    # Accounts, passwords and refresh tokens: only where the service keeps its own users.
    assert ("src/orders_api/users/models.py" in files) is jwt
    assert ("src/orders_api/auth/passwords.py" in files) is jwt
    assert any(path.endswith("_create_users.py") for path in files) is jwt
    assert ("JWT_SECRET" in project.read(".env.example")) is jwt
    assert ("JWT_SECRET" in project.read("compose.yaml")) is jwt
    assert ("create-admin" in project.read("Makefile")) is jwt
    # The provider's keys, and a provider of their own for the project's tests.
    assert ("src/orders_api/auth/signing_keys.py" in files) is oidc
    assert ("tests/identity_provider.py" in files) is oidc
    assert ("OIDC_ISSUER" in project.read(".env.example")) is oidc
    assert ("OIDC_ISSUER" in project.read("compose.yaml")) is oidc
    # Keys, their table, and the commands managing them.
    assert ("src/orders_api/api_keys/router.py" in files) is api_key
    assert ("src/orders_api/api_keys/__main__.py" in files) is api_key
    assert any(path.endswith("_create_api_keys.py") for path in files) is api_key
    assert ("api-key-create" in project.read("Makefile")) is api_key
    assert ("API_KEY_USAGE_FLUSH_SECONDS" in project.read(".env.example")) is api_key
    assert ("X-API-Key" in project.read("src/orders_api/main.py")) is api_key


# What only a Node service taking API keys has: the key format, its table, the service
# checking keys, the routes, the operator's command, and their tests.
NODE_API_KEY_FILES = {
    "src/api-keys.ts", "src/auth/config.ts", "src/auth/key-usage.ts", "src/auth/keys.ts",
    "src/migrations/0003_create_api_keys.ts", "src/plugins/app/api-key-service.ts",
    "src/plugins/app/api-keys-repository.ts", "src/routes/api/v1/api-keys/index.ts",
    "src/schemas/api-keys.ts", "test/api-key-usage.test.ts", "test/api-keys-command.test.ts",
    "test/api-keys.test.ts",
}  # fmt: skip


@node_projects
def test_node_authentication_is_generated_only_when_chosen(project: Rendered) -> None:
    auth = project.answers["auth"]
    authenticating, jwt, oidc = auth != "none", auth == "jwt", auth == "oidc"
    api_key = auth == "api-key"
    files = project.files()

    assert any(path.startswith("src/auth/") for path in files) is authenticating
    assert ("src/plugins/app/authentication.ts" in files) is authenticating
    assert ("test/ownership.test.ts" in files) is authenticating
    assert ("src/migrations/0004_add_item_owners.ts" in files) is authenticating
    assert ("src/routes/api/v1/users/index.ts" in files) is (jwt or oidc)
    assert ('"jose"' in project.read("package.json")) is (jwt or oidc)
    # Accounts, passwords and refresh tokens: only where the service keeps its own users.
    assert ("src/auth/passwords.ts" in files) is jwt
    assert ("src/migrations/0003_create_users.ts" in files) is jwt
    assert ('"@node-rs/argon2"' in project.read("package.json")) is jwt
    assert ("JWT_SECRET" in project.read(".env.example")) is jwt
    assert ("create-admin" in project.read("Makefile")) is jwt
    # The provider's keys, and a provider of their own for the project's tests.
    assert ("src/auth/signing-keys.ts" in files) is oidc
    assert ("test/identity-provider.ts" in files) is oidc
    assert ("OIDC_ISSUER" in project.read(".env.example")) is oidc
    assert ("OIDC_ISSUER" in project.read("compose.yaml")) is oidc
    # Keys, their table, and the commands managing them.
    if api_key:
        assert files >= NODE_API_KEY_FILES
    else:
        assert not files & (NODE_API_KEY_FILES - {"src/auth/config.ts"})
    assert ("api-key-create" in project.read("Makefile")) is api_key
    assert ("API_KEY_USAGE_FLUSH_SECONDS" in project.read(".env.example")) is api_key
    assert ('"X-API-Key"' in project.read("src/plugins/external/cors.ts")) is api_key
    assert ('"APIKeyHeader"' in project.read("openapi.json")) is api_key


# What only a Node service with background jobs has: the queue, the jobs, the worker and
# dead-letters commands, the job tables, the enrichment route, and their tests.
NODE_JOB_FILES = {
    "src/jobs/backoff.ts", "src/jobs/broker.ts", "src/jobs/config.ts", "src/jobs/delivery.ts",
    "src/jobs/idempotency.ts", "src/jobs/messages.ts",
    "src/jobs/queue.ts", "src/worker.ts", "src/dead-letters.ts",
    "src/migrations/0002_create_job_tables.ts",
    "test/jobs/backoff.test.ts", "test/jobs/broker-gate.ts",
    "test/jobs/eventually.ts", "test/jobs/job-blocker.ts", "test/jobs/queues.ts",
    "test/jobs/worker-process.test.ts", "test/jobs/worker-process.ts", "test/jobs/worker.test.ts",
}  # fmt: skip
# What only an API that enqueues jobs itself has (an event-driven one writes events instead).
NODE_ENQUEUE_FILES = {"src/plugins/app/job-queue.ts", "test/jobs/enqueue.test.ts"}
# The items' job and route, where the items feature lives (in a modular monolith or not).
NODE_ITEM_JOB_FILES = {
    False: {"src/jobs/enrich-item.ts", "src/routes/api/v1/items/enrichment/index.ts"},
    True: {"src/modules/items/enrichment-job.ts", "src/modules/items/enrichment-routes.ts"},
}
# What each broker adds: its client, and the retries and dead letters BullMQ would keep.
OUR_RETRIES = {"src/jobs/retries.ts"}
NODE_BROKER_FILES = {
    "redis": set(),
    "rabbitmq": OUR_RETRIES,
    "nats": OUR_RETRIES | {"src/jobs/nats-connection.ts"},
}
NODE_BROKER_PACKAGES = {
    "redis": '"bullmq"',
    "rabbitmq": '"amqplib"',
    "nats": '"@nats-io/jetstream"',
}


@node_projects
def test_node_jobs_are_generated_only_when_chosen(project: Rendered) -> None:
    queue = project.answers["queue"]
    jobs = queue != "none"
    files = project.files()
    broker_files = set().union(*NODE_BROKER_FILES.values())
    modular = project.answers["architecture"] == "modular-monolith"
    job_files = NODE_JOB_FILES | NODE_ITEM_JOB_FILES[modular]
    every_job_file = NODE_JOB_FILES.union(*NODE_ITEM_JOB_FILES.values())

    assert files & every_job_file == (job_files if jobs else set())
    enqueues = jobs and project.answers["architecture"] != "event-driven"
    assert files & NODE_ENQUEUE_FILES == (NODE_ENQUEUE_FILES if enqueues else set())
    assert files & broker_files == NODE_BROKER_FILES.get(queue, set())
    package = project.read("package.json")
    for broker, client in NODE_BROKER_PACKAGES.items():
        assert (client in package) is (broker == queue), client
    assert ("\nworker:" in project.read("Makefile")) is jobs
    assert ("JOB_MAX_ATTEMPTS" in project.read(".env.example")) is jobs
    # RabbitMQ requeues a dead worker's job as its connection drops: no timeout to set.
    timeout = "JOB_VISIBILITY_TIMEOUT_SECONDS" in project.read(".env.example")
    assert timeout is (queue in ("redis", "nats"))
    assert ("/api/v1/items/{item_id}/enrichment" in project.read("openapi.json")) is jobs


MODULAR_FILES = {
    "src/orders_api/core/events.py", "src/orders_api/modules/__init__.py",
    "src/orders_api/modules/items/public.py", "src/orders_api/modules/inventory/router.py",
    "src/orders_api/modules/inventory/service.py", "src/orders_api/modules/inventory/models.py",
    "migrations/versions/2026_11_22_0005_create_inventory_stock_levels.py",
    "tests/inventory/test_stock.py", "tests/core/test_events.py",
}  # fmt: skip
MICROSERVICE_FILES = {
    "src/orders_api/core/http_client.py", "src/orders_api/core/circuit_breaker.py",
    "src/orders_api/core/tracing.py", "gateway/default.conf", "tests/outbound/upstream.py",
    "tests/outbound/test_http_client.py", "tests/core/test_circuit_breaker.py",
    "tests/tracing/collector.py", "tests/tracing/test_tracing.py", "tests/loopback.py",
}  # fmt: skip
EVENT_DRIVEN_FILES = {
    "src/orders_api/events/__init__.py", "src/orders_api/events/__main__.py",
    "src/orders_api/events/outbox.py", "src/orders_api/events/relay.py",
    "src/orders_api/items/events.py", "src/orders_api/asyncapi_export.py", "asyncapi.json",
    "migrations/versions/2026_11_22_0006_create_outbox_events.py",
    "tests/jobs/test_outbox_relay.py",
}  # fmt: skip
ADR_TITLES = {"monolith": "monolith", "modular-monolith": "modular monolith",
              "microservice": "microservice", "event-driven": "event-driven"}  # fmt: skip


@python_projects
def test_the_architecture_shapes_the_code_and_is_recorded(project: Rendered) -> None:
    architecture = project.answers["architecture"]
    modular, microservice = architecture == "modular-monolith", architecture == "microservice"
    event_driven = architecture == "event-driven"
    files = project.files()
    items = "src/orders_api/modules/items" if modular else "src/orders_api/items"
    pyproject = tomllib.loads(project.read("pyproject.toml"))
    contracts = pyproject["tool"].get("importlinter", {}).get("contracts", [])
    adr = project.read("docs/adr/0001-architecture-style.md")

    assert {f"{items}/router.py", f"{items}/service.py", f"{items}/repository.py"} <= files
    assert files & MODULAR_FILES == (MODULAR_FILES if modular else set())
    assert files & MICROSERVICE_FILES == (MICROSERVICE_FILES if microservice else set())
    assert files & EVENT_DRIVEN_FILES == (EVENT_DRIVEN_FILES if event_driven else set())
    # An event-driven API writes events, and never enqueues a job itself.
    enqueues = project.answers["queue"] != "none" and not event_driven
    assert ("src/orders_api/jobs/queue.py" in files) is enqueues
    assert ("asyncapi-check" in project.read("Makefile")) is event_driven
    item_sources = {path for path in files if path.startswith("src/") and "/items/" in path}
    assert item_sources
    assert all(path.startswith(f"{items}/") for path in item_sources)
    assert [contract["type"] for contract in contracts] == (
        ["independence", "forbidden"] if modular else []
    )
    assert ("lint-imports" in project.read("Makefile")) is modular
    dependencies = " ".join(pyproject["project"]["dependencies"])
    assert ("opentelemetry-sdk" in dependencies) is microservice
    assert ("SERVICE_NAME=" in project.read(".env.example")) is microservice
    assert adr.startswith(f"# 1. Architecture style: {ADR_TITLES[architecture]}\n")
    assert "docs/adr/0001-architecture-style.md" in project.read("README.md")


# Where a Node service's items feature lives: spread by kind (plugins, routes, schemas), or
# in its own module in a modular monolith.
NODE_ITEM_FILES = {
    False: {
        "src/plugins/app/items-repository.ts", "src/routes/api/v1/items/index.ts",
        "src/routes/api/v1/items/access.ts", "src/schemas/items.ts",
    },
    True: {
        "src/modules/items/repository.ts", "src/modules/items/routes.ts",
        "src/modules/items/access.ts", "src/modules/items/schemas.ts",
    },
}  # fmt: skip
NODE_MODULAR_FILES = {
    ".dependency-cruiser.cjs", "src/lib/domain-events.ts", "src/plugins/app/domain-events.ts",
    "src/modules/items/index.ts", "src/modules/items/public.ts",
    "src/modules/inventory/index.ts", "src/modules/inventory/repository.ts",
    "src/modules/inventory/routes.ts", "src/modules/inventory/schemas.ts",
    "src/modules/inventory/tables.ts", "src/migrations/0005_create_inventory_stock_levels.ts",
    "test/inventory/stock.test.ts", "test/domain-events.test.ts",
}  # fmt: skip
NODE_EVENT_DRIVEN_FILES = {
    "src/events/config.ts", "src/events/items.ts", "src/events/outbox.ts", "src/events/relay.ts",
    "src/relay.ts", "src/asyncapi-export.ts", "asyncapi.json",
    "src/migrations/0006_create_outbox_events.ts", "test/jobs/outbox.test.ts",
    "test/jobs/outbox-relay.test.ts", "test/jobs/relay.ts",
}  # fmt: skip
NODE_MICROSERVICE_FILES = {
    "src/instrumentation.ts", "src/outbound/circuit-breaker.ts", "src/outbound/config.ts",
    "src/outbound/errors.ts", "src/outbound/http-client.ts", "src/plugins/app/http-client.ts",
    "src/plugins/app/tracing.ts", "gateway/default.conf", "test/loopback.ts",
    "test/outbound/upstream.ts", "test/outbound/http-client.test.ts",
    "test/outbound/circuit-breaker.test.ts", "test/tracing/collector.ts",
    "test/tracing/tracing.test.ts",
}  # fmt: skip


@node_projects
def test_the_node_architecture_shapes_the_code_and_is_recorded(project: Rendered) -> None:
    architecture = project.answers["architecture"]
    modular, microservice = architecture == "modular-monolith", architecture == "microservice"
    event_driven = architecture == "event-driven"
    files = project.files()
    package = json.loads(project.read("package.json"))
    adr = project.read("docs/adr/0001-architecture-style.md")

    assert files >= NODE_ITEM_FILES[modular]
    assert not files & NODE_ITEM_FILES[not modular]
    assert files & NODE_MODULAR_FILES == (NODE_MODULAR_FILES if modular else set())
    # In a modular monolith, every source of the items feature is in its module.
    item_sources = {
        path
        for path in files
        if path.startswith("src/") and "item" in path and not path.startswith("src/migrations/")
    }
    assert item_sources
    assert all(path.startswith("src/modules/items/") for path in item_sources) is modular
    assert ("dependency-cruiser" in package["devDependencies"]) is modular
    assert ("depcruise" in project.read("Makefile")) is modular
    assert ("/api/v1/items/{item_id}/stock" in project.read("openapi.json")) is modular
    assert adr.startswith(f"# 1. Architecture style: {ADR_TITLES[architecture]}\n")
    assert ("dependency-cruiser" in adr) is modular
    assert files & NODE_MICROSERVICE_FILES == (NODE_MICROSERVICE_FILES if microservice else set())
    assert ("@opentelemetry/sdk-trace" in package["dependencies"]) is microservice
    assert ("SERVICE_NAME=" in project.read(".env.example")) is microservice
    # The instrumentations load before the service wherever it runs, its tests included.
    preload = "--import ./dist/instrumentation.js dist/server.js"
    assert (preload in project.read("Makefile")) is microservice
    assert ('"--import", "./dist/instrumentation.js"' in project.read("Dockerfile")) is microservice
    assert ("--import ./src/instrumentation.ts --test" in project.read("Makefile")) is microservice
    assert ("core/http_client.py" in adr) is False
    assert files & NODE_EVENT_DRIVEN_FILES == (NODE_EVENT_DRIVEN_FILES if event_driven else set())
    # The relay runs beside the worker, and the AsyncAPI document is checked as openapi.json is.
    assert ("relay" in yaml.safe_load(project.read("compose.yaml"))["services"]) is event_driven
    assert ('["node", "dist/relay.js"]' in project.read("compose.yaml")) is event_driven
    assert ("\nrelay:" in project.read("Makefile")) is event_driven
    assert ("asyncapi-check test" in project.read("Makefile")) is event_driven
    assert ("OUTBOX_BATCH_SIZE=" in project.read(".env.example")) is event_driven
    assert ("events/outbox.ts" in adr) is event_driven
    assert ".py" not in adr
    assert "docs/adr/0001-architecture-style.md" in project.read("README.md")


def test_each_project_gets_its_own_development_secret_never_committed(render: Render) -> None:
    first, second = render(), render()
    secrets = [
        line.removeprefix("JWT_SECRET=")
        for project in (first, second)
        for line in project.read(".env").splitlines()
        if line.startswith("JWT_SECRET=")
    ]

    assert len(secrets) == 2
    assert secrets[0] != secrets[1]
    assert all(len(secret) >= 64 for secret in secrets)
    assert "JWT_SECRET=\n" in first.read(".env.example")
    assert ".env" in first.read(".gitignore").splitlines()


@python_projects
def test_python_version_is_applied_everywhere(project: Rendered) -> None:
    version = project.answers["python_version"]
    assert project.read(".python-version").strip() == version
    pyproject = tomllib.loads(project.read("pyproject.toml"))
    assert pyproject["project"]["requires-python"] == f">={version}"
    assert pyproject["tool"]["mypy"]["python_version"] == version
    assert f"ARG PYTHON_VERSION={version}" in project.read("Dockerfile")


@python_projects
def test_python_code_is_formatted_and_lint_clean(project: Rendered) -> None:
    ruff = tool("ruff")
    run([ruff, "format", "--check", "--diff", "."], cwd=project.path)
    run([ruff, "check", "--no-cache", "."], cwd=project.path)


def test_compose_file_follows_the_compose_spec(project: Rendered) -> None:
    schema_check = tool("check-jsonschema")
    run([schema_check, "--builtin-schema", "vendor.compose-spec", "compose.yaml"], project.path)


def test_dockerfile_passes_hadolint(project: Rendered) -> None:
    run([tool("hadolint"), "Dockerfile"], cwd=project.path)


def test_ci_definition_is_valid(project: Rendered) -> None:
    ci = project.answers["ci_provider"]
    if ci == "github":
        workflows = [".github/workflows/ci.yml", ".github/workflows/template-update.yml"]
        run([tool("actionlint"), *workflows], cwd=project.path)
        schema, paths = "vendor.github-workflows", workflows
    elif ci == "gitlab":
        schema, paths = "vendor.gitlab-ci", [".gitlab-ci.yml"]
    else:
        return
    run([tool("check-jsonschema"), "--builtin-schema", schema, *paths], cwd=project.path)


# The longest slug the questionnaire accepts (32 characters).
LONGEST_SLUG = "northwind-warehouse-inventory-eu"


@node_projects
def test_node_version_is_applied_everywhere(project: Rendered) -> None:
    version = project.answers["node_version"]
    assert project.read(".nvmrc").strip() == version
    assert f"ARG NODE_VERSION={version}" in project.read("Dockerfile")
    if project.answers["ci_provider"] == "gitlab":
        assert f"image: node:{version}-bookworm" in project.read(".gitlab-ci.yml")
    elif project.answers["ci_provider"] == "github":
        assert "node-version-file: .nvmrc" in project.read(".github/workflows/ci.yml")


@node_projects
def test_node_project_is_biome_clean_with_the_biome_it_pins(project: Rendered) -> None:
    """Formatted and lint-clean as rendered (biome needs no installed dependencies), by the
    version package.json pins, which is the one our bootstrap installs."""
    pinned = json.loads(project.read("package.json"))["devDependencies"]["@biomejs/biome"]
    installed = run([tool("biome"), "--version"], cwd=project.path).stdout.split()[-1]
    assert pinned == installed
    run([tool("biome"), "check", "."], cwd=project.path)


@node_projects
def test_node_project_names_no_python_tooling(project: Rendered) -> None:
    files = project.files()
    assert not any(path.endswith(".py") for path in files)
    for name in ("pyproject.toml", "uv.lock", "alembic.ini", ".python-version"):
        assert name not in files
    assert "uv run" not in project.read("Makefile")


@pytest.mark.parametrize("combination", PYTHON_MATRIX, ids=identifier)
def test_the_longest_name_renders_formatted_and_lint_clean(
    render: Render, combination: dict[str, str]
) -> None:
    """Lines naming the package must not depend on its length to be formatted."""
    project = render(**combination, project_slug=LONGEST_SLUG)

    run([tool("ruff"), "format", "--check", "--diff", "."], cwd=project.path)
    run([tool("ruff"), "check", "--no-cache", "."], cwd=project.path)


@pytest.mark.parametrize("combination", NODE_MATRIX, ids=identifier)
def test_the_longest_names_render_a_biome_clean_node_project(
    render: Render, combination: dict[str, str]
) -> None:
    project = render(
        **combination,
        project_name="N" * 64,
        project_slug=LONGEST_SLUG,
        description="A description as long as the questionnaire allows. " * 3 + "x" * 47,
    )

    assert len(project.answers["description"]) == 200
    run([tool("biome"), "check", "."], cwd=project.path)
    assert json.loads(project.read("package.json"))["name"] == LONGEST_SLUG


def test_a_slug_one_character_too_long_is_refused(render: Render) -> None:
    with pytest.raises(ValueError, match="at most 32 characters"):
        render(project_slug=LONGEST_SLUG + "x")


def test_unusual_but_valid_names_render_into_valid_files(render: Render) -> None:
    project = render(project_name="Café & Co's <Orders> API", description="Orders: fast & safe")

    assert project.answers["project_slug"] == "cafe-co-s-orders-api"
    pyproject = tomllib.loads(project.read("pyproject.toml"))
    assert pyproject["project"]["description"] == "Orders: fast & safe"
    assert json.loads(project.read("openapi.json"))["info"]["title"] == "Café & Co's <Orders> API"
    run([tool("ruff"), "check", "--no-cache", "."], cwd=project.path)
    run([tool("ruff"), "format", "--check", "."], cwd=project.path)
