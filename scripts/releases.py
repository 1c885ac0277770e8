"""The template's releases (releases.yml) and the git tags copier reads.

    python -m scripts.releases list            # version, date, commit
    python -m scripts.releases tag [REPO]      # (re)create the vX.Y.Z tags in REPO (default: here)

Copier records the tag a service was generated from (`_commit` in .copier-answers.yml) and
updates to the newest tag; a clone without the tags sees no releases at all.
"""

import argparse
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RELEASES = "releases.yml"


@dataclass(frozen=True)
class Release:
    version: str
    commit: str
    date: str

    @property
    def tag(self) -> str:
        return f"v{self.version}"

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)


def version_key(version: str) -> tuple[int, ...]:
    """`1.10.0` sorts after `1.9.0`; a leading `v` is ignored."""
    return tuple(int(part) for part in version.removeprefix("v").split("."))


def load(root: Path = ROOT) -> list[Release]:
    """The releases recorded in `root`'s releases.yml, oldest first."""
    entries = yaml.safe_load((root / RELEASES).read_text(encoding="utf-8")) or []
    releases = [
        Release(str(entry["version"]), str(entry["commit"]), str(entry["date"]))
        for entry in entries
    ]
    keys = [release.key for release in releases]
    if keys != sorted(set(keys)):
        raise ValueError(f"{RELEASES}: versions must be unique and in ascending order")
    return releases


def create_tags(repo: Path, releases: list[Release]) -> None:
    """Tag each release's commit in `repo`, replacing a tag of the same name."""
    for release in releases:
        subprocess.run(
            ["git", "tag", "--force", release.tag, release.commit],
            cwd=repo,
            check=True,
            capture_output=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.releases")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="print the releases, oldest first")
    tag = commands.add_parser("tag", help="(re)create the release tags")
    tag.add_argument("repo", nargs="?", type=Path, default=ROOT)
    arguments = parser.parse_args()

    releases = load()
    if arguments.command == "list":
        for release in releases:
            print(f"{release.tag}\t{release.date}\t{release.commit}")
    else:
        create_tags(arguments.repo, releases)
        print(f"Tagged {len(releases)} release(s) in {arguments.repo}")


if __name__ == "__main__":
    main()
