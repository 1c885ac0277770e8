"""Jinja extensions for servicecraft: name filters and the derived context.

Filters are pure functions, unit-tested in tests/test_extensions.py. The
context hook derives values from answers (package name, stack flags) so the
questionnaire needs no hidden questions, whose stale values would survive
`copier update`.
"""

from __future__ import annotations

import json
import keyword
import posixpath
import re
import secrets
import sys
import unicodedata
from typing import Any

from copier_template_extensions import ContextHook
from jinja2 import Environment
from jinja2.ext import Extension

# A package named like a keyword or a stdlib module cannot be imported reliably.
PYTHON_RESERVED_NAMES = frozenset(keyword.kwlist) | frozenset(sys.stdlib_module_names)

_KEBAB_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# Long enough for a descriptive name; short enough that the test databases' names
# ("<package>_test_migrations") fit PostgreSQL's 63 and MySQL's 64 characters, and the
# generated code's lines naming the package stay within its 100 columns.
MAX_SLUG_LENGTH = 32
# Deliberately simple: one @, no spaces, a dot in the domain. Full RFC 5322
# validation rejects nothing a person would type by mistake here.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def slugify(value: str) -> str:
    """Turn free text into a lowercase kebab-case name ("Orders API" -> "orders-api")."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)[:MAX_SLUG_LENGTH].strip("-")
    # A slug must start with a letter to be a valid package and image name.
    return slug if not slug[:1].isdigit() else f"svc-{slug}"[:MAX_SLUG_LENGTH]


def is_kebab_name(value: str) -> bool:
    """Whether value is a lowercase kebab-case name of sensible length."""
    return len(value) <= MAX_SLUG_LENGTH and bool(_KEBAB_NAME.match(value))


def snake_case(value: str) -> str:
    """Turn a kebab-case name into a Python identifier ("orders-api" -> "orders_api")."""
    return value.replace("-", "_")


def json_string(value: str) -> str:
    """A double-quoted literal valid in both JSON and Python source, non-ASCII kept readable."""
    return json.dumps(value, ensure_ascii=False)


def is_email(value: str) -> bool:
    """Whether value looks like an e-mail address."""
    return len(value) <= 254 and bool(_EMAIL.match(value))


# The option values each stack has built, for the questions where a stack offers fewer than
# all; a stack or question not named here offers every value. copier.yml's choice
# validators refuse the rest (the questionnaire shows them disabled, with the reason), and
# the test matrices read them from there.
STACK_OFFERS: dict[str, dict[str, tuple[str, ...]]] = {}


def not_built_for_stack(question: str, value: str, stack: str) -> str:
    """Why `value` cannot be chosen for `question` with this stack; empty when it can."""
    offered = STACK_OFFERS.get(stack, {}).get(question)
    if offered is None or value in offered:
        return ""
    # Copier's message names the question already: "Invalid choice for 'auth': ...".
    return f"{value} is not built for the {stack} stack yet (it offers {', '.join(offered)})."


def offered_default(question: str, preferred: str, stack: str) -> str:
    """`preferred` when the stack offers it, else the first value it offers."""
    offered = STACK_OFFERS.get(stack, {}).get(question)
    return preferred if offered is None or preferred in offered else offered[0]


# Where the Node stack's items feature lives, file by file under src/: spread by kind, as
# fastify/demo lays out a service, or gathered in its own module in a modular monolith.
NODE_ITEMS = {
    "repository": "plugins/app/items-repository.ts",
    "cached_repository": "cache/cached-items.ts",
    "schemas": "schemas/items.ts",
    "access": "routes/api/v1/items/access.ts",
    "routes": "routes/api/v1/items/index.ts",
    "enrichment_routes": "routes/api/v1/items/enrichment/index.ts",
    "enrichment_job": "jobs/enrich-item.ts",
    "events": "events/items.ts",
}
NODE_MODULAR_ITEMS = {
    "repository": "modules/items/repository.ts",
    "cached_repository": "modules/items/cached-repository.ts",
    "schemas": "modules/items/schemas.ts",
    "access": "modules/items/access.ts",
    "routes": "modules/items/routes.ts",
    "enrichment_routes": "modules/items/enrichment-routes.ts",
    "enrichment_job": "modules/items/enrichment-job.ts",
    "events": "modules/items/events.ts",
}


def relative_import(target: str, importer: str) -> str:
    """The ESM specifier by which `importer` imports `target` (both paths relative to one
    root): "lib/errors.ts" from "modules/items/routes.ts" is "../../lib/errors.ts"."""
    path = posixpath.relpath(target, posixpath.dirname(importer))
    return path if path.startswith("../") else f"./{path}"


def development_secret() -> str:
    """A fresh random secret for the generated, git-ignored .env (never for production)."""
    return secrets.token_urlsafe(48)


class ServicecraftFilters(Extension):
    """Registers servicecraft's filters and constants in the Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            slugify=slugify,
            is_kebab_name=is_kebab_name,
            snake_case=snake_case,
            is_email=is_email,
            json_string=json_string,
            relative_import=relative_import,
        )
        environment.globals.update(
            python_reserved_names=PYTHON_RESERVED_NAMES,
            max_slug_length=MAX_SLUG_LENGTH,
            development_secret=development_secret,
            not_built_for_stack=not_built_for_stack,
            offered_default=offered_default,
        )


def derived_context(answers: dict[str, Any]) -> dict[str, Any]:
    """Values every template may use, derived from the answers alone."""
    slug = answers.get("project_slug") or ""
    stack = answers.get("stack") or ""
    modular = answers.get("architecture") == "modular-monolith"
    return {
        "package_name": snake_case(slug),
        "modular_monolith": modular,
        "microservice": answers.get("architecture") == "microservice",
        "event_driven": answers.get("architecture") == "event-driven",
        # Where the example resource lives: a bounded context under modules/ in a modular
        # monolith, a top-level feature package otherwise (a path and its import name).
        "items_dir": "modules/items" if modular else "items",
        "items_module": "modules.items" if modular else "items",
        "node_items": NODE_MODULAR_ITEMS if modular else NODE_ITEMS,
        "python": stack == "python-fastapi",
        "node": stack == "node-fastify",
        "postgresql": answers.get("database") == "postgresql",
        "mysql": answers.get("database") == "mysql",
        "sqlite": answers.get("database") == "sqlite",
        "jobs": answers.get("queue", "none") != "none",
        # The API hands jobs to the broker itself; an event-driven service's API only writes
        # events to its outbox, and the relay publishes them.
        "enqueues_jobs": answers.get("queue", "none") != "none"
        and answers.get("architecture") != "event-driven",
        # The broker channel the worker consumes: the service's events, or its jobs.
        "message_channel": "events" if answers.get("architecture") == "event-driven" else "jobs",
        "caching": answers.get("cache", "none") != "none",
        # Either use needs REDIS_URL and a Redis server; both share one.
        "redis": "redis" in (answers.get("queue"), answers.get("cache")),
        "authentication": answers.get("auth", "none") != "none",
        "jwt": answers.get("auth") == "jwt",
        "oidc": answers.get("auth") == "oidc",
        "api_key": answers.get("auth") == "api-key",
    }


class ContextUpdater(ContextHook):
    """Adds derived_context() to the rendering context (runs on every render)."""

    def hook(self, context: dict[str, Any]) -> None:
        context.update(derived_context(context))
