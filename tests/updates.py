"""A copy of this template repository whose versions `copier update` can move between.

Copier updates between git tags; tags do not travel with every clone, and a developer's
work tree is not committed yet. So update tests work on a temporary clone: the current work
tree committed on top, the tags of releases.yml recreated, and the commit under test tagged
as the version CHANGELOG.md is preparing (so the answer migrations up to it run). Once that
version is released, the commit under test must render as the release does: a change to the
template needs the next version's section first.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scripts import releases

from .helpers import TEMPLATE_ROOT, TOOLS_BIN, Rendered, run

# The environment of the template clone's own commits: no user configuration needed.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "servicecraft tests",
    "GIT_AUTHOR_EMAIL": "tests@servicecraft.invalid",
    "GIT_COMMITTER_NAME": "servicecraft tests",
    "GIT_COMMITTER_EMAIL": "tests@servicecraft.invalid",
}
# What copier reads from this repository: a change to any of it changes generated services.
TEMPLATE_SOURCES = ("copier.yml", "template", "partials", "extensions", "copier_migrations")
_SECTION = re.compile(r"^## (\d+\.\d+\.\d+)\b", re.MULTILINE)


def git(cwd: Path, *arguments: str) -> str:
    return run(["git", *arguments], cwd=cwd, **GIT_IDENTITY).stdout


def upcoming_version(root: Path) -> str:
    """The version of CHANGELOG.md's newest section: the release being prepared, or made."""
    match = _SECTION.search((root / "CHANGELOG.md").read_text(encoding="utf-8"))
    if match is None:
        raise AssertionError("CHANGELOG.md has no '## X.Y.Z' section")
    return match.group(1)


@dataclass
class TemplateRepository:
    path: Path

    @classmethod
    def clone(cls, destination: Path) -> "TemplateRepository":
        """This repository as its work tree stands, with every release tagged."""
        run(["git", "clone", "--quiet", str(TEMPLATE_ROOT), str(destination)], TEMPLATE_ROOT)
        repository = cls(destination)
        repository._take_work_tree()
        known = releases.load(destination)
        for release in known:
            if subprocess.run(
                ["git", "cat-file", "-e", f"{release.commit}^{{commit}}"], cwd=destination
            ).returncode:
                raise AssertionError(
                    f"release {release.version}'s commit {release.commit} is not in this "
                    "clone: update tests need the whole history (git fetch --unshallow)"
                )
        releases.create_tags(destination, known)
        upcoming = upcoming_version(destination)
        released = {release.version: release.commit for release in known}
        if upcoming not in released:
            repository.tag(upcoming)
        elif repository.template_changed_since(released[upcoming]):
            # Otherwise the tests would update services to that release, not to this work.
            raise AssertionError(
                f"the template changed since v{upcoming}, the newest section of CHANGELOG.md: "
                "add a section for the next version ('## X.Y.Z - Unreleased')"
            )
        return repository

    def template_changed_since(self, commit: str) -> bool:
        """Whether anything copier reads from this repository differs from `commit`'s."""
        changed = git(self.path, "diff", "--name-only", commit, "HEAD", "--", *TEMPLATE_SOURCES)
        return bool(changed.strip())

    def _take_work_tree(self) -> None:
        """Commit the source repository's uncommitted changes here (none in CI)."""
        wanted = set(tracked_files(TEMPLATE_ROOT))
        for name in set(tracked_files(self.path)) - wanted:  # deleted or renamed since
            (self.path / name).unlink()
        for name in wanted:
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(TEMPLATE_ROOT / name, target)
        self.commit("The work tree under test")

    def commit(self, message: str) -> None:
        git(self.path, "add", "--all")
        if git(self.path, "status", "--porcelain"):
            git(self.path, "commit", "--quiet", "--message", message)

    def tag(self, version: str) -> None:
        git(self.path, "tag", "--force", f"v{version}")

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace text in one of the template's files (the file must contain it once)."""
        path = self.path / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{relative} must contain {old!r} once"
        path.write_text(text.replace(old, new), encoding="utf-8")


def copier(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Our copier command line (the version the template requires), trusting the template."""
    return run([str(TOOLS_BIN / "copier"), *arguments], cwd=cwd)


def generate(
    template: TemplateRepository, destination: Path, version: str, **answers: str
) -> Rendered:
    """A service generated at `version` (a tag) and committed, as its owners would keep it."""
    data = [
        f"--data={name}={value}"
        for name, value in {"project_name": "Orders API", **answers}.items()
    ]
    destination.parent.mkdir(parents=True, exist_ok=True)
    copier(
        "copy", "--quiet", "--trust", "--defaults", f"--vcs-ref=v{version}", *data,
        str(template.path), str(destination), cwd=destination.parent,
    )  # fmt: skip
    run(["git", "init", "--quiet"], cwd=destination)
    commit_service(destination, "Generate from servicecraft")
    return Rendered(destination, recorded_answers(destination))


def commit_service(path: Path, message: str) -> None:
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "--message", message)


def recorded_answers(path: Path) -> dict[str, Any]:
    answers: dict[str, Any] = yaml.safe_load((path / ".copier-answers.yml").read_text())
    return answers


def tracked_files(path: Path) -> dict[str, bytes]:
    """Each file `git add --all` would commit (not ignored, not deleted), with its content."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], path
    ).stdout
    names = filter(None, listed.split("\0"))
    return {name: (path / name).read_bytes() for name in names if (path / name).is_file()}


def leftover_conflicts(path: Path) -> list[str]:
    """Files an update left unmerged, with conflict markers, or as rejected hunks."""
    unmerged = git(path, "diff", "--name-only", "--diff-filter=U").split()
    markers = subprocess.run(
        ["git", "grep", "-l", "-E", "^(<<<<<<<|>>>>>>>) "], cwd=path, capture_output=True, text=True
    ).stdout.split()
    rejected = [name for name in tracked_files(path) if name.endswith(".rej")]
    return sorted({*unmerged, *markers, *rejected})
