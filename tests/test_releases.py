"""releases.yml, CHANGELOG.md and the guard that keeps update tests on the work under test."""

import re
from pathlib import Path

from scripts import releases

from .updates import TemplateRepository, git

SECTION = re.compile(r"^## (\d+\.\d+\.\d+) - (\S+)$", re.MULTILINE)


def changelog_sections() -> list[tuple[str, str]]:
    """(version, date or "Unreleased") of each CHANGELOG.md section, newest first."""
    return SECTION.findall((releases.ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


def test_every_release_has_a_dated_changelog_section() -> None:
    sections = dict(changelog_sections())
    for release in releases.load():
        assert sections.get(release.version) == release.date, (
            f"CHANGELOG.md needs '## {release.version} - {release.date}'"
        )


def test_only_the_newest_changelog_section_may_be_unreleased() -> None:
    sections = changelog_sections()
    assert [version for version, date in sections[1:] if date == "Unreleased"] == []
    versions = [releases.version_key(version) for version, _date in sections]
    assert versions == sorted(versions, reverse=True), "sections go newest first"
    newest, date = sections[0]
    recorded = {release.version for release in releases.load()}
    assert (date == "Unreleased") == (newest not in recorded)


def test_version_keys_order_numerically() -> None:
    assert releases.version_key("v1.10.0") > releases.version_key("1.9.0")


def test_a_template_change_after_a_release_is_told_apart_from_other_changes(
    tmp_path: Path,
) -> None:
    repository = TemplateRepository.clone(tmp_path / "servicecraft")
    released = git(repository.path, "rev-parse", "HEAD").strip()

    repository.edit("README.md", "# servicecraft", "# servicecraft (edited)")
    (repository.path / "tests" / "test_new.py").write_text("")
    repository.commit("Documentation and tests only")
    assert not repository.template_changed_since(released)

    (repository.path / "partials" / "shared" / "new.jinja").write_text("{# new #}\n")
    repository.commit("A new partial")
    assert repository.template_changed_since(released)
