"""The fleet report, on services generated at three releases of a template clone."""

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import releases

from .helpers import TOOLS_BIN, run
from .updates import TemplateRepository, generate, git, upcoming_version

pytestmark = pytest.mark.slow

OLDEST = releases.load()[0].version
CURRENT = upcoming_version(releases.ROOT)
NEXT = "99.0.0"
NEW_CLAUSE = "| `FLEET-TEST` | A clause added by the next release. |"


def release(repository: TemplateRepository, version: str) -> None:
    """Record HEAD as a release in the clone's releases.yml, as a maintainer does, and tag it."""
    head = git(repository.path, "rev-parse", "HEAD").strip()
    recorded = releases.RELEASES
    entries = yaml.safe_load((repository.path / recorded).read_text())
    entries.append({"version": version, "commit": head, "date": "2026-11-22"})
    (repository.path / recorded).write_text(yaml.safe_dump(entries, sort_keys=False))
    repository.commit(f"Release {version}")
    repository.tag(version)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[TemplateRepository, list[Path]]:
    """A template with releases OLDEST, CURRENT and NEXT (which changes the contract), and
    a service generated at each."""
    repository = TemplateRepository.clone(tmp_path_factory.mktemp("fleet") / "servicecraft")
    if CURRENT not in {r.version for r in releases.load(repository.path)}:
        release(repository, CURRENT)
    repository.edit(
        "docs/contract.md",
        "| `API-PREFIX` | Resources live under `/api/v1`.",
        "| `API-PREFIX` | Resources live under `/api/v1` (and later versions under theirs).",
    )
    repository.edit("docs/contract.md", "\n\n## Pagination\n", f"\n{NEW_CLAUSE}\n\n## Pagination\n")
    repository.commit("Contract: versioned prefixes, and a new clause")
    release(repository, NEXT)

    services = tmp_path_factory.mktemp("services")
    return repository, [
        generate(repository, services / "orders-api", OLDEST).path,
        generate(
            repository, services / "billing-api", CURRENT, project_name="Billing API", queue="redis"
        ).path,
        generate(repository, services / "stock-api", NEXT, project_name="Stock API").path,
    ]


def releases_after(repository: TemplateRepository, version: str) -> int:
    """How many of the clone's releases came after VERSION: unreleased work in CHANGELOG.md
    adds one between OLDEST and CURRENT, so the count is read, not assumed."""
    versions = [r.version for r in releases.load(repository.path)]
    return len(versions) - 1 - versions.index(version)


def fleet_report(*arguments: str) -> str:
    command = [str(TOOLS_BIN / "python"), "-m", "scripts.fleet_report", *arguments]
    return run(command, cwd=releases.ROOT).stdout


def test_the_json_report_says_how_far_behind_each_service_is_and_what_changed(
    fleet: tuple[TemplateRepository, list[Path]],
) -> None:
    repository, services = fleet

    report = json.loads(
        fleet_report("--json", "--template", str(repository.path), *map(str, services))
    )

    by_path = {Path(entry["path"]).name: entry for entry in report}
    oldest, current, latest = by_path["orders-api"], by_path["billing-api"], by_path["stock-api"]
    assert [oldest["version"], current["version"], latest["version"]] == [OLDEST, CURRENT, NEXT]
    assert [entry["releases_behind"] for entry in report] == [
        releases_after(repository, version) for version in (OLDEST, CURRENT, NEXT)
    ]
    assert [entry["releases_behind"] for entry in report][1:] == [1, 0]
    assert {entry["latest"] for entry in report} == {NEXT}
    assert current["options"]["queue"] == "redis" and current["stack"] == "python-fastapi"
    # The renamed question reads the same whatever the version recorded.
    assert oldest["options"]["ci_provider"] == current["options"]["ci_provider"] == "github"
    assert current["contract_changes"] == {
        "added": ["FLEET-TEST"],
        "changed": ["API-PREFIX"],
        "removed": [],
    }
    # The oldest also missed what CURRENT added to the contract (event-driven's clause).
    assert {"FLEET-TEST", "EVENTS-OUTBOX"} <= set(oldest["contract_changes"]["added"])
    assert latest["contract_changes"] == {"added": [], "changed": [], "removed": []}
    assert all(entry["problem"] is None for entry in report)


def test_the_table_reads_services_listed_in_a_file(
    fleet: tuple[TemplateRepository, list[Path]], tmp_path: Path
) -> None:
    repository, services = fleet
    listing = tmp_path / "services.txt"
    listing.write_text("# our services\n" + "".join(f"{path}\n" for path in services))

    lines = fleet_report("--template", str(repository.path), "--from", str(listing)).splitlines()

    assert lines[0].startswith("| service | version | behind |")
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in lines[2:]}
    assert set(rows) == {"orders-api", "billing-api", "stock-api"}
    behind = releases_after(repository, OLDEST)
    assert f"| {behind} releases (latest {NEXT}) |" in rows["orders-api"]
    assert "+FLEET-TEST ~API-PREFIX" in rows["billing-api"]
    assert "| up to date |" in rows["stock-api"]


def test_a_directory_without_answers_is_reported_and_fails_the_command(tmp_path: Path) -> None:
    command = [str(TOOLS_BIN / "python"), "-m", "scripts.fleet_report", "--json", str(tmp_path)]
    completed = run_unchecked(command)

    assert completed.returncode == 1
    [entry] = json.loads(completed.stdout)
    assert "no .copier-answers.yml" in entry["problem"]


def run_unchecked(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=releases.ROOT, capture_output=True, text=True, check=False)
