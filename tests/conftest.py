"""Shared fixtures: isolated Copier settings and a renderer for any set of answers."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .helpers import TEMPLATE_ROOT, Rendered, run
from .matrix import Combination, identifier

Render = Callable[..., Rendered]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "servicecraft HTTP contract (tests/conformance)")
    group.addoption(
        "--base-url",
        default=os.environ.get("SERVICECRAFT_BASE_URL"),
        help="run the conformance suite against this running service instead of starting "
        "generated ones (env SERVICECRAFT_BASE_URL)",
    )
    group.addoption(
        "--auth",
        choices=["none", "jwt", "oidc", "api-key"],
        default=os.environ.get("SERVICECRAFT_AUTH", "none"),
        help="how the given service authenticates: jwt registers and logs in an account; "
        "oidc gets tokens from the suite's identity provider (see --oidc-provider-port); "
        "api-key uses the keys of --api-key",
    )
    group.addoption(
        "--api-key",
        action="append",
        default=[],
        help="with --auth api-key: a key of the role user; give two, with different names",
    )
    group.addoption(
        "--admin-api-key",
        help="with --auth api-key: a key of the role admin, for the administrators' clauses",
    )
    group.addoption(
        "--admin-email",
        help="with --auth jwt: an administrator's account, for the administrators' clauses",
    )
    group.addoption("--admin-password", help="with --admin-email: its password")
    group.addoption(
        "--oidc-provider-port",
        type=int,
        default=os.environ.get("SERVICECRAFT_OIDC_PROVIDER_PORT"),
        help="with --auth oidc: the loopback port of the suite's identity provider, which "
        "the given service trusts (OIDC_ISSUER=http://127.0.0.1:<port>/realms/test, "
        "OIDC_AUDIENCE=conformance-suite)",
    )
    group.addoption(
        "--allowed-origin",
        default=os.environ.get("SERVICECRAFT_ALLOWED_ORIGIN"),
        help="an origin in the service's CORS_ORIGINS, to test allowed CORS requests",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "contract(clause): the docs/contract.md clause a test proves"
    )


@pytest.fixture(scope="session", autouse=True)
def _isolated_copier_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    # A developer's own Copier settings (defaults, trust) must not change what tests see.
    settings = tmp_path_factory.mktemp("copier-settings") / "settings.yml"
    settings.write_text("{}\n")
    os.environ["COPIER_SETTINGS_PATH"] = str(settings)


@pytest.fixture(scope="session")
def render(copie_session: Any) -> Render:
    """Render the template with these answers (on top of the defaults); fail on errors."""

    def _render(**answers: Any) -> Rendered:
        result = copie_session.copy(
            extra_answers={"project_name": "Orders API", **answers}, template_dir=TEMPLATE_ROOT
        )
        if result.exception is not None:
            raise result.exception
        return Rendered(Path(result.project_dir), result.answers)

    return _render


Install = Callable[[Combination], Rendered]


@pytest.fixture(scope="session")
def install(render: Render) -> Install:
    """Render and `make setup` a combination once per test worker; later calls reuse it.

    Tests of one combination share an xdist group (see `integration_params`), so the
    generated-project tests and the conformance suite use the same installation.
    """
    installed: dict[str, Rendered] = {}

    def _install(combination: Combination) -> Rendered:
        key = identifier(combination)
        if key not in installed:
            project = render(**combination)
            run(["git", "init", "--quiet"], cwd=project.path)
            run(["make", "setup"], cwd=project.path)
            if project.answers["stack"] == "node-fastify":
                # `make run` builds before it serves; tests start the built service directly.
                run(["make", "build"], cwd=project.path)
            installed[key] = project
        return installed[key]

    return _install


def integration_params(combinations: list[Combination]) -> list[Any]:
    """pytest params for the integration tier: slow, and one worker per combination."""
    return [
        pytest.param(
            combination,
            id=identifier(combination),
            marks=[pytest.mark.slow, pytest.mark.xdist_group(identifier(combination))],
        )
        for combination in combinations
    ]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say which combinations the tiers covered, so a run's breadth is visible."""
    from math import prod

    from .matrix import CHECK_MATRIX, INTEGRATION_MATRIX, RENDER_MATRIX, STACK_AXES

    full = sum(prod(len(values) for values in axes.values()) for axes in STACK_AXES.values())
    terminalreporter.section("option matrix")
    terminalreporter.write_line(
        f"render tier: {len(RENDER_MATRIX)} combinations (pairwise over each stack's "
        f"questions; the full product is {full})"
    )
    for combination in RENDER_MATRIX:
        terminalreporter.write_line(f"  {identifier(combination)}")
    terminalreporter.write_line(
        f"integration tier (make check + conformance): {len(INTEGRATION_MATRIX)} combinations"
    )
    for combination in INTEGRATION_MATRIX:
        terminalreporter.write_line(f"  {identifier(combination)}")
    terminalreporter.write_line(
        f"check tier (make check, each auth value with each database): "
        f"{len(CHECK_MATRIX)} combinations"
    )
    for combination in CHECK_MATRIX:
        terminalreporter.write_line(f"  {identifier(combination)}")
