"""`copier update` over generated services: edits kept, conflicts loud, answers migrated.

Each test works on a temporary clone of this repository with its releases tagged (see
tests/updates.py): services are generated at the oldest release, or at the version under
test, and updated with the command the generated README documents (`make template-update`),
or with `copier update` itself: from releases older than that command, and to change an
answer.
"""

import subprocess
from pathlib import Path

import pytest

from scripts import releases

from .helpers import Rendered, project_environment, run
from .test_generated_project import database_urls
from .updates import (
    TemplateRepository,
    commit_service,
    copier,
    generate,
    leftover_conflicts,
    recorded_answers,
    tracked_files,
    upcoming_version,
)

pytestmark = pytest.mark.slow

OLDEST = releases.load()[0].version
CURRENT = upcoming_version(releases.ROOT)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> TemplateRepository:
    return TemplateRepository.clone(tmp_path_factory.mktemp("template") / "servicecraft")


def template_update(service: Path) -> subprocess.CompletedProcess[str]:
    """`make template-update` as its owner runs it, whatever its exit status."""
    return subprocess.run(
        ["make", "template-update"],
        cwd=service,
        env=project_environment(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_an_update_keeps_the_owners_edits_and_brings_the_releases_changes(
    template: TemplateRepository, tmp_path: Path
) -> None:
    service = generate(template, tmp_path / "orders-api", OLDEST)
    assert "ci" in service.answers and "ci_provider" not in service.answers
    run(["make", "setup"], cwd=service.path)
    # The owners' months of work, in miniature: an endpoint and its test, their own words
    # in the README, a dependency, a setting's default.
    package = service.path / "src" / "orders_api"
    (package / "about.py").write_text(ABOUT_ROUTER)
    main = package / "main.py"
    wired = main.read_text().replace(
        "    app.include_router(items_router)\n",
        "    app.include_router(items_router)\n    app.include_router(about_router)\n",
    )
    main.write_text(
        wired.replace("\nfrom .", "\nfrom .about import router as about_router\nfrom .", 1)
    )
    (service.path / "tests" / "test_about.py").write_text(ABOUT_TEST)
    readme = service.path / "README.md"
    readme.write_text(readme.read_text().replace(GENERATED_PARAGRAPH, OWNERS_PARAGRAPH, 1))
    run(["uv", "add", "--quiet", "humanize>=4"], cwd=service.path)
    config = package / "core" / "config.py"
    config.write_text(config.read_text().replace(DEFAULT_RATE, OUR_RATE))
    run(["make", "fmt"], cwd=service.path)  # sorts the import in
    run(["make", "openapi"], cwd=service.path)
    commit_service(service.path, "Our own changes")

    # 0.9.0 predates `make template-update`: CHANGELOG.md's upgrade note says to run this.
    copier("update", "--trust", "--defaults", "--conflict", "inline", cwd=service.path)

    assert leftover_conflicts(service.path) == []
    # Ours survived...
    assert (package / "about.py").read_text() == ABOUT_ROUTER
    assert "app.include_router(about_router)" in main.read_text()
    assert OWNERS_PARAGRAPH in readme.read_text()
    assert "humanize>=4" in (service.path / "pyproject.toml").read_text()
    assert OUR_RATE in config.read_text()
    # ...and the release's changes arrived, its answer migration included.
    answers = recorded_answers(service.path)
    assert answers["_commit"] == f"v{CURRENT}"
    assert answers["ci_provider"] == "github" and "ci" not in answers
    assert (service.path / ".github" / "workflows" / "template-update.yml").is_file()
    assert "template-update:" in (service.path / "Makefile").read_text()

    commit_service(service.path, "Update to servicecraft")
    updated = Rendered(service.path, answers)
    run(["make", "check"], cwd=service.path, **database_urls(updated))


def test_a_conflict_fails_the_update_and_keeps_both_sides(
    template: TemplateRepository, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A release of our own after the one under test, changing a line the owners changed too.
    repository = TemplateRepository.clone(tmp_path_factory.mktemp("conflict") / "servicecraft")
    service = generate(repository, tmp_path_factory.mktemp("service") / "orders-api", CURRENT)
    repository.edit("template/README.md.jinja", *TEMPLATE_LINE_CHANGE)
    repository.commit("Reword the README's update section")
    repository.tag("99.0.0")
    readme = service.path / "README.md"
    readme.write_text(readme.read_text().replace(TEMPLATE_LINE_CHANGE[0], OWNERS_LINE, 1))
    commit_service(service.path, "Our wording")

    update = template_update(service.path)

    assert update.returncode != 0, "a conflict must fail the update"
    assert "left conflicts" in update.stderr and "README.md" in update.stderr
    assert leftover_conflicts(service.path) == ["README.md"]
    text = readme.read_text()
    assert OWNERS_LINE in text and TEMPLATE_LINE_CHANGE[1] in text, "both sides are kept"
    assert recorded_answers(service.path)["_commit"] == "v99.0.0"


def test_an_update_refuses_a_dirty_tree(template: TemplateRepository, tmp_path: Path) -> None:
    service = generate(template, tmp_path / "orders-api", CURRENT)
    (service.path / "notes.txt").write_text("not committed yet\n")

    update = template_update(service.path)

    assert update.returncode != 0
    assert "commit or stash" in update.stderr and "notes.txt" in update.stderr
    assert recorded_answers(service.path)["_commit"] == f"v{CURRENT}"


# The defaults, and a non-default answer to every question the oldest release asks.
EVERY_OTHER_ANSWER = {
    "architecture": "modular-monolith",
    "ci": "gitlab",
    "database": "mysql",
    "auth": "oidc",
    "queue": "rabbitmq",
    "cache": "redis",
}


@pytest.mark.parametrize("answers", [{}, EVERY_OTHER_ANSWER], ids=["defaults", "other-answers"])
def test_updating_an_unedited_service_converges_on_a_fresh_copy(
    template: TemplateRepository, tmp_path: Path, answers: dict[str, str]
) -> None:
    updated = generate(template, tmp_path / "updated" / "orders-api", OLDEST, **answers)
    copier("update", "--quiet", "--trust", "--defaults", cwd=updated.path)
    current_answers = {
        ("ci_provider" if name == "ci" else name): value for name, value in answers.items()
    }
    fresh = generate(template, tmp_path / "fresh" / "orders-api", CURRENT, **current_answers)

    assert leftover_conflicts(updated.path) == []
    assert tracked_files(updated.path) == tracked_files(fresh.path)


@pytest.mark.parametrize(
    ("change", "gained", "lost"),
    [
        ({"queue": "redis"}, "src/orders_api/jobs/worker.py", None),
        ({"cache": "redis"}, "src/orders_api/core/cache.py", None),
        ({"auth": "none"}, None, "src/orders_api/auth/tokens.py"),
    ],
    ids=["queue-redis", "cache-redis", "auth-none"],
)
def test_changing_an_answer_through_update_adds_and_removes_what_it_needs(
    template: TemplateRepository,
    tmp_path: Path,
    change: dict[str, str],
    gained: str | None,
    lost: str | None,
) -> None:
    service = generate(template, tmp_path / "changed" / "orders-api", CURRENT)
    data = [f"--data={name}={value}" for name, value in change.items()]
    copier("update", "--quiet", "--trust", "--defaults", *data, cwd=service.path)
    fresh = generate(template, tmp_path / "fresh" / "orders-api", CURRENT, **change)

    assert leftover_conflicts(service.path) == []
    assert tracked_files(service.path) == tracked_files(fresh.path)
    assert gained is None or (service.path / gained).is_file()
    assert lost is None or not (service.path / lost).exists()
    commit_service(service.path, f"Change answers: {change}")
    run(["make", "setup"], cwd=service.path)
    changed = Rendered(service.path, recorded_answers(service.path))
    run(["make", "check"], cwd=service.path, **database_urls(changed))


ABOUT_ROUTER = '''"""What this service says about itself."""

from fastapi import APIRouter

from .core.api import API_V1
from .core.openapi import error_responses
from .core.schemas import ApiModel, DataEnvelope

router = APIRouter(prefix=f"{API_V1}/about", tags=["about"], responses=error_responses(429))


class About(ApiModel):
    team: str


@router.get("", summary="Who runs this service")
async def about() -> DataEnvelope[About]:
    return DataEnvelope(data=About(team="orders"))
'''

ABOUT_TEST = """from httpx import AsyncClient


async def test_about_names_the_team(client: AsyncClient) -> None:
    response = await client.get("/api/v1/about")

    assert response.status_code == 200
    assert response.json() == {"data": {"team": "orders"}, "meta": {}}
"""

DEFAULT_RATE = 'rate_limit: str = "100/minute"'
OUR_RATE = 'rate_limit: str = "300/minute"'
GENERATED_PARAGRAPH = "Orders API: a backend service generated by servicecraft.\n"
OWNERS_PARAGRAPH = (
    "Orders API takes customers' orders and hands them to the warehouse. The orders team\n"
    "answers pages for it; runbooks live in the team wiki.\n"
)

TEMPLATE_LINE_CHANGE = (
    "servicecraft releases new standards as versions;",
    "servicecraft publishes its standards as releases;",
)
OWNERS_LINE = "Our platform team tags servicecraft releases;"
