"""Helpers for rendering the template and running what a generated project runs."""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent
# The generated projects' toolchain (uv, ruff, hadolint, check-jsonschema) lives in our venv.
TOOLS_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Rendered:
    path: Path
    answers: dict[str, Any]

    def files(self) -> set[str]:
        return {
            str(path.relative_to(self.path))
            for path in self.path.rglob("*")
            if path.is_file() and ".git" not in path.parts
        }

    def read(self, relative: str) -> str:
        return (self.path / relative).read_text(encoding="utf-8")


def python_interpreter_dirs() -> list[str]:
    """bin/ directories of the Pythons installed side by side (pyenv), newest first.

    uv finds interpreters on PATH; without these it would try to download one, and the
    machines we test on reach only package registries.
    """
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if not root.is_dir():
        return []
    return [str(path / "bin") for path in sorted(root.glob("3.1[1-9]*"), reverse=True)]


def node_bin_dirs(directory: Path | None) -> list[str]:
    """The bin/ directory of the Node.js that the project in `directory` names in its
    .nvmrc, as `nvm use` would put it on PATH (none for other projects).

    scripts/bootstrap installs each version a node-fastify service may target there; the
    machine's own Node is older than any of them.
    """
    nvmrc = directory / ".nvmrc" if directory is not None else None
    if nvmrc is None or not nvmrc.is_file():
        return []
    major = nvmrc.read_text(encoding="utf-8").strip()
    node_bin = TEMPLATE_ROOT / ".tools" / f"node-{major}" / "bin"
    if not (node_bin / "node").is_file():
        raise AssertionError(f"Node.js {major} is not installed: run ./scripts/bootstrap")
    return [str(node_bin)]


def project_environment(directory: Path | None = None, /, **extra: str) -> dict[str, str]:
    """The environment a developer of the project in `directory` has in a fresh shell: our
    tools and the project's Node.js first, no CI flag."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CI", "VIRTUAL_ENV", "PYTHONPATH", "UV_PROJECT_ENVIRONMENT"}
    }
    path = [
        *node_bin_dirs(directory),
        str(TOOLS_BIN),
        *python_interpreter_dirs(),
        environment.get("PATH", ""),
    ]
    environment["PATH"] = os.pathsep.join(path)
    environment.update(extra)
    return environment


def run(
    command: list[str], cwd: Path, timeout: float = 600, **environment: str
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail with its whole output so the cause is visible."""
    completed = subprocess.run(
        command,
        cwd=cwd,
        env=project_environment(cwd, **environment),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"{' '.join(command)} exited {completed.returncode} in {cwd}\n"
            f"--- stdout ---\n{completed.stdout[-20000:]}\n"
            f"--- stderr ---\n{completed.stderr[-20000:]}"
        )
    return completed


def create_api_key(project: Rendered, *, name: str, role: str = "user", **environment: str) -> str:
    """A key of an auth=api-key service, made with `make api-key-create` as an operator would.

    The target prints the key alone on standard output (the rest goes to standard error).
    """
    command = ["make", "-s", "api-key-create", f"NAME={name}", f"ROLE={role}"]
    return run(command, cwd=project.path, **environment).stdout.strip()


def tool(name: str) -> str:
    """Path of a command-line tool that our set-up script installs; fail if it is missing."""
    search = [str(TOOLS_BIN), str(TEMPLATE_ROOT / ".tools" / "bin"), os.environ.get("PATH", "")]
    found = shutil.which(name, path=os.pathsep.join(search))
    if found is None:
        raise AssertionError(f"{name} is not installed: run ./scripts/test, which installs it")
    return found


def generate_and_install(destination: Path, **answers: str) -> Rendered:
    """`copier copy` through its CLI, as a person runs it, then `git init` and `make setup`."""
    data = [f"--data={name}={value}" for name, value in answers.items()]
    copier = [str(TOOLS_BIN / "copier"), "copy", "--trust", "--defaults", "--quiet", *data]
    run([*copier, str(TEMPLATE_ROOT), str(destination)], cwd=destination.parent)
    run(["git", "init", "--quiet"], cwd=destination)
    run(["make", "setup"], cwd=destination)
    recorded = yaml.safe_load((destination / ".copier-answers.yml").read_text(encoding="utf-8"))
    return Rendered(destination, {k: v for k, v in recorded.items() if not k.startswith("_")})
