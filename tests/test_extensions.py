"""The pure functions behind the template's filters and derived context."""

import pytest

from extensions import servicecraft
from extensions.servicecraft import (
    NODE_ITEMS,
    NODE_MODULAR_ITEMS,
    derived_context,
    development_secret,
    is_email,
    is_kebab_name,
    json_string,
    not_built_for_stack,
    offered_default,
    relative_import,
    slugify,
    snake_case,
)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Orders API", "orders-api"),
        ("  Billing -- Service!  ", "billing-service"),
        ("Café Crème", "cafe-creme"),
        ("3D Renderer", "svc-3d-renderer"),
        ("x" * 80, "x" * 32),
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("name", ["orders-api", "a", "svc2", "billing-v2-api"])
def test_kebab_names_accepted(name: str) -> None:
    assert is_kebab_name(name)


@pytest.mark.parametrize(
    "name", ["", "Orders", "orders_api", "-orders", "orders-", "orders--api", "2fa", "a" * 51]
)
def test_non_kebab_names_refused(name: str) -> None:
    assert not is_kebab_name(name)


def test_snake_case() -> None:
    assert snake_case("orders-api") == "orders_api"


@pytest.mark.parametrize("address", ["team@example.com", "a.b+c@sub.example.org"])
def test_emails_accepted(address: str) -> None:
    assert is_email(address)


@pytest.mark.parametrize("address", ["", "team", "team@", "@example.com", "a b@c.d", "a@b"])
def test_emails_refused(address: str) -> None:
    assert not is_email(address)


def test_json_string_is_a_json_and_python_literal() -> None:
    literal = json_string('Say "hi" — café\\')
    assert literal == '"Say \\"hi\\" — café\\\\"'
    assert eval(literal) == 'Say "hi" — café\\'


def test_derived_context() -> None:
    context = derived_context(
        {"project_slug": "orders-api", "stack": "python-fastapi", "database": "sqlite"}
    )
    assert context == {
        "package_name": "orders_api",
        "modular_monolith": False,
        "microservice": False,
        "event_driven": False,
        "items_dir": "items",
        "items_module": "items",
        "node_items": NODE_ITEMS,
        "python": True,
        "node": False,
        "postgresql": False,
        "mysql": False,
        "sqlite": True,
        "jobs": False,
        "enqueues_jobs": False,
        "message_channel": "jobs",
        "caching": False,
        "redis": False,
        "authentication": False,
        "jwt": False,
        "oidc": False,
        "api_key": False,
    }


@pytest.mark.parametrize(("queue", "jobs"), [("none", False), ("redis", True), ("nats", True)])
def test_jobs_flag_follows_the_queue(queue: str, jobs: bool) -> None:
    assert derived_context({"queue": queue})["jobs"] is jobs


@pytest.mark.parametrize(
    ("architecture", "enqueues_jobs", "channel"),
    [("monolith", True, "jobs"), ("microservice", True, "jobs"), ("event-driven", False, "events")],
)
def test_an_event_driven_api_enqueues_nothing_and_its_worker_consumes_events(
    architecture: str, enqueues_jobs: bool, channel: str
) -> None:
    context = derived_context({"architecture": architecture, "queue": "redis"})
    assert context["jobs"] is True
    assert (context["enqueues_jobs"], context["message_channel"]) == (enqueues_jobs, channel)


@pytest.mark.parametrize(
    ("queue", "cache", "caching", "redis"),
    [
        ("none", "none", False, False),
        ("redis", "none", False, True),
        ("nats", "redis", True, True),
        ("redis", "redis", True, True),
    ],
)
def test_cache_flags_follow_the_answers(queue: str, cache: str, caching: bool, redis: bool) -> None:
    context = derived_context({"queue": queue, "cache": cache})
    assert (context["caching"], context["redis"]) == (caching, redis)


@pytest.mark.parametrize(
    ("auth", "flags"),
    [
        ("none", set()),
        ("jwt", {"authentication", "jwt"}),
        ("oidc", {"authentication", "oidc"}),
        ("api-key", {"authentication", "api_key"}),
    ],
)
def test_auth_flags_follow_the_answer(auth: str, flags: set[str]) -> None:
    context = derived_context({"auth": auth})
    names = ("authentication", "jwt", "oidc", "api_key")
    assert {name for name in names if context[name]} == flags


@pytest.mark.parametrize(
    ("architecture", "modular", "microservice", "items_dir", "items_module"),
    [
        ("monolith", False, False, "items", "items"),
        ("modular-monolith", True, False, "modules/items", "modules.items"),
        ("microservice", False, True, "items", "items"),
    ],
)
def test_architecture_places_the_example_resource(
    architecture: str, modular: bool, microservice: bool, items_dir: str, items_module: str
) -> None:
    context = derived_context({"architecture": architecture})
    assert (context["modular_monolith"], context["microservice"]) == (modular, microservice)
    assert (context["items_dir"], context["items_module"]) == (items_dir, items_module)


@pytest.mark.parametrize(
    ("architecture", "routes", "repository"),
    [
        ("monolith", "routes/api/v1/items/index.ts", "plugins/app/items-repository.ts"),
        ("modular-monolith", "modules/items/routes.ts", "modules/items/repository.ts"),
        ("microservice", "routes/api/v1/items/index.ts", "plugins/app/items-repository.ts"),
        ("event-driven", "routes/api/v1/items/index.ts", "plugins/app/items-repository.ts"),
    ],
)
def test_architecture_places_the_node_items_files(
    architecture: str, routes: str, repository: str
) -> None:
    node_items = derived_context({"architecture": architecture})["node_items"]
    assert (node_items["routes"], node_items["repository"]) == (routes, repository)


def test_a_modular_monolith_keeps_every_node_items_file_in_its_module() -> None:
    assert NODE_MODULAR_ITEMS.keys() == NODE_ITEMS.keys()
    assert all(path.startswith("modules/items/") for path in NODE_MODULAR_ITEMS.values())
    assert len(set(NODE_MODULAR_ITEMS.values())) == len(NODE_MODULAR_ITEMS)


@pytest.mark.parametrize(
    ("target", "importer", "specifier"),
    [
        ("lib/errors.ts", "routes/api/v1/items/index.ts", "../../../../lib/errors.ts"),
        ("lib/errors.ts", "modules/items/routes.ts", "../../lib/errors.ts"),
        ("modules/items/access.ts", "modules/items/routes.ts", "./access.ts"),
        ("jobs/enrich-item.ts", "worker.ts", "./jobs/enrich-item.ts"),
        ("cache/read-through-cache.ts", "cache/cached-items.ts", "./read-through-cache.ts"),
    ],
)
def test_relative_import(target: str, importer: str, specifier: str) -> None:
    assert relative_import(target, importer) == specifier


def test_development_secrets_are_long_and_never_repeat() -> None:
    secrets = {development_secret() for _ in range(20)}
    assert len(secrets) == 20
    assert all(len(secret) >= 64 for secret in secrets)


def test_stack_flags_follow_the_answer() -> None:
    node = derived_context({"project_slug": "orders-api", "stack": "node-fastify"})
    assert (node["node"], node["python"]) == (True, False)


def test_every_stack_offers_every_value_today() -> None:
    assert servicecraft.STACK_OFFERS == {}
    for question, value in [("architecture", "event-driven"), ("queue", "nats"), ("auth", "oidc")]:
        assert not_built_for_stack(question, value, "node-fastify") == ""
        assert offered_default(question, value, "node-fastify") == value


@pytest.fixture
def node_without_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stack that has not built every value, as a new stack starts out."""
    offers = {"architecture": ("monolith", "modular-monolith", "microservice")}
    monkeypatch.setitem(servicecraft.STACK_OFFERS, "node-fastify", offers)


@pytest.mark.usefixtures("node_without_events")
def test_a_value_a_stack_has_not_built_is_refused_saying_what_it_offers() -> None:
    assert not_built_for_stack("database", "mysql", "python-fastapi") == ""
    assert not_built_for_stack("auth", "none", "node-fastify") == "", "not restricted"
    assert not_built_for_stack("ci_provider", "gitlab", "node-fastify") == "", "not restricted"
    assert not_built_for_stack("architecture", "microservice", "node-fastify") == ""
    assert not_built_for_stack("architecture", "event-driven", "node-fastify") == (
        "event-driven is not built for the node-fastify stack yet"
        " (it offers monolith, modular-monolith, microservice)."
    )


@pytest.mark.usefixtures("node_without_events")
def test_a_default_the_stack_lacks_gives_way_to_the_first_value_it_offers() -> None:
    assert offered_default("auth", "jwt", "python-fastapi") == "jwt"
    assert offered_default("auth", "jwt", "node-fastify") == "jwt"
    assert offered_default("architecture", "event-driven", "node-fastify") == "monolith"
    assert offered_default("architecture", "modular-monolith", "node-fastify") == (
        "modular-monolith"
    )
