"""Shared fixtures: isolated Copier settings and a renderer for any set of answers."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .helpers import TEMPLATE_ROOT, Rendered

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
