"""The conformance suite itself: it must fail a service that breaks the contract.

A suite that passes everything proves nothing; here it is pointed, as a person would
point it (`--base-url`), at a generated service with its error handlers removed.
"""

import subprocess
import sys
from collections.abc import Iterator

import pytest

from .conftest import Render
from .helpers import TEMPLATE_ROOT, Rendered, run
from .services import RunningService

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("conformance-mutant")]

# Conformance tests that a service without its error handlers must fail.
SELECTION = "unknown_routes or malformed_json or invalid_bodies"


def run_conformance(base_url: str, auth: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/conformance", "--base-url", base_url,
         "--auth", auth,
         "-k", SELECTION, "-p", "no:cacheprovider", "-p", "no:xdist", "-q"],
        cwd=TEMPLATE_ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def project(render: Render) -> Iterator[Rendered]:
    project = render(database="sqlite", project_name="Mutant API")
    run(["git", "init", "--quiet"], cwd=project.path)
    run(["make", "setup"], cwd=project.path)
    environment = {"DATABASE_URL": f"sqlite:///{project.path / 'mutant.db'}"}
    run(["make", "migrate"], cwd=project.path, **environment)
    yield project


def serve(project: Rendered) -> RunningService:
    return RunningService(project, {"DATABASE_URL": f"sqlite:///{project.path / 'mutant.db'}"})


def test_the_suite_passes_the_intact_service(project: Rendered) -> None:
    service = serve(project).start()
    try:
        result = run_conformance(service.base_url, project.answers["auth"])
    finally:
        service.kill()

    assert result.returncode == 0, result.stdout[-5000:]
    assert " passed" in result.stdout


def test_the_suite_fails_a_service_without_its_error_handlers(project: Rendered) -> None:
    main = project.path / "src" / "mutant_api" / "main.py"
    intact = main.read_text()
    main.write_text(intact.replace("    install_exception_handlers(app)\n", ""))
    assert main.read_text() != intact, "the mutation must apply"
    service = serve(project).start()
    try:
        result = run_conformance(service.base_url, project.answers["auth"])
    finally:
        service.kill()
        main.write_text(intact)

    assert result.returncode == 1, result.stdout[-5000:]
    assert "FAILED" in result.stdout
    assert "test_unknown_routes_are_404" in result.stdout
