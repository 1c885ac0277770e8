"""Generating and updating the default service, and the time from copy to green checks."""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT, TOOLS_BIN, run

from .measure import median_run, timed_run

RUNS = 5
COPIER = str(TOOLS_BIN / "copier")
ANSWERS = ["--data", "project_name=Orders API"]
TEST_DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:5432/orders_api_benchmark_test"


@dataclass(frozen=True)
class GenerationResults:
    copy_seconds: float
    copy_peak_mib: int
    update_seconds: float
    update_peak_mib: int
    files: int
    setup_seconds: float
    check_seconds: float


def git(*arguments: str, cwd: Path) -> None:
    subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True)


def _template_with_two_versions(scratch: Path) -> Path:
    """A clone of the template tagged v1.0.0, plus a v1.1.0 that changes the README."""
    template = scratch / "template"
    shutil.copytree(TEMPLATE_ROOT, template, ignore=shutil.ignore_patterns(".venv", ".tools"))
    git("init", "--quiet", cwd=template)
    git("add", "-A", cwd=template)
    git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "v1",
        cwd=template)  # fmt: skip
    git("tag", "v1.0.0", cwd=template)
    readme = template / "template" / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nA line added by template version 1.1.0.\n")
    git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qam", "v1.1",
        cwd=template)  # fmt: skip
    git("tag", "v1.1.0", cwd=template)
    return template


def measure_generation() -> GenerationResults:
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        copies = []
        for number in range(RUNS):
            destination = scratch / f"copy-{number}"
            copy = [COPIER, "copy", "--trust", "--defaults", "--quiet", *ANSWERS]
            copies.append(timed_run([*copy, str(TEMPLATE_ROOT), str(destination)], cwd=scratch))
        copy_seconds, copy_peak = median_run(copies)
        files = sum(1 for path in (scratch / "copy-0").rglob("*") if path.is_file())

        template = _template_with_two_versions(scratch)
        project = scratch / "updated"
        copy = [COPIER, "copy", "--trust", "--defaults", "--quiet", "--vcs-ref", "v1.0.0"]
        run([*copy, *ANSWERS, str(template), str(project)], cwd=scratch)
        git("init", "--quiet", cwd=project)
        git("add", "-A", cwd=project)
        git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "gen",
            cwd=project)  # fmt: skip
        updates = []
        for _ in range(RUNS):
            update = [COPIER, "update", "--trust", "--defaults", "--quiet", "--vcs-ref", "v1.1.0"]
            updates.append(timed_run(update, cwd=project))
            git("reset", "--quiet", "--hard", "HEAD", cwd=project)
            git("clean", "-fdq", cwd=project)
        update_seconds, update_peak = median_run(updates)

        green = scratch / "copy-0"
        git("init", "--quiet", cwd=green)
        setup_seconds, _ = timed_run(["make", "setup"], cwd=green)
        check_seconds, _ = timed_run(
            ["make", "check"], cwd=green, TEST_DATABASE_URL=TEST_DATABASE_URL
        )
    return GenerationResults(
        copy_seconds, copy_peak, update_seconds, update_peak, files, setup_seconds, check_seconds
    )
