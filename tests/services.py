"""Generated services as real processes, and the databases they run on.

Used by the generated-project tests and by the conformance suite when it starts the
services itself (rather than being pointed at one with --base-url).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .helpers import Rendered, project_environment, run

SHARED_POSTGRES = os.environ.get("SERVICECRAFT_POSTGRES", "postgres:postgres@127.0.0.1:5432")
SHARED_MARIADB = os.environ.get("SERVICECRAFT_MARIADB", "root:root@127.0.0.1:3306")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_bin(program: str) -> str:
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"))
    if candidates:
        return str(candidates[-1])
    found = shutil.which(program)
    if found is None:
        raise AssertionError(f"{program} not found: run ./scripts/start-postgres first")
    return found


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free loopback port, which a test may stop.

    The shared server serves every other test; stopping it would break them.
    """

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="servicecraft-pg-"))
        self.port = free_port()
        # PostgreSQL refuses to run as root: run its tools as the postgres user then.
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]
        data = self.directory / "data"
        self._pg_ctl = [*self._as_owner, _postgres_bin("pg_ctl"), "-D", str(data)]
        subprocess.run(
            [*self._as_owner, _postgres_bin("initdb"), "-D", str(data), "-U", "postgres",
             "-A", "trust", "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.directory / "server.log"
        subprocess.run(
            [*self._pg_ctl, "-o", options, "-l", str(log), "-w", "start"],
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run([*self._pg_ctl, "-m", "fast", "-w", "stop"], check=True, capture_output=True)

    def create_database(self, name: str) -> str:
        run(["psql", "--quiet", self.url(), "-c", f"CREATE DATABASE {name}"], cwd=self.directory)
        return self.url(name)

    def destroy(self) -> None:
        subprocess.run([*self._pg_ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(self.directory, ignore_errors=True)


class PrivateMariaDB:
    """A throw-away MariaDB server on a free loopback port, which a test may stop."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="servicecraft-mariadb-"))
        self.port = free_port()
        self._as_owner: list[str] = []
        user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "mysql", "mysql")
            self._as_owner = ["runuser", "-u", "mysql", "--"]
            user = ["--user=mysql"]
        subprocess.run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={self.directory / 'data'}",
             *user, "--auth-root-authentication-method=normal", "--skip-test-db"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def url(self, database: str = "") -> str:
        return f"mysql://root@127.0.0.1:{self.port}/{database}"

    def _client(self, program: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [program, "--protocol=tcp", "-h", "127.0.0.1", "-P", str(self.port), "-uroot",
             *arguments],
            check=False, capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*self._as_owner, "/usr/sbin/mariadbd", "--no-defaults",
             f"--datadir={self.directory / 'data'}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={self.directory / 'socket'}",
             "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while self._client("mariadb-admin", "ping").returncode != 0:
            if time.monotonic() > deadline:
                raise AssertionError("private MariaDB did not start")
            time.sleep(0.25)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def create_database(self, name: str) -> str:
        self._client("mariadb", "-e", f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        return self.url(name)

    def destroy(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


def recreate_shared_database(name: str) -> str:
    """An empty database of this name on the shared server (what `createdb` does)."""
    maintenance = f"postgresql://{SHARED_POSTGRES}/postgres"
    for statement in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        run(["psql", "--quiet", maintenance, "-c", statement], cwd=Path.cwd())
    return f"postgresql://{SHARED_POSTGRES}/{name}"


def recreate_shared_mariadb_database(name: str) -> str:
    """An empty database of this name on the shared MariaDB server."""
    user_password, _, host_port = SHARED_MARIADB.rpartition("@")
    user, _, password = user_password.partition(":")
    host, _, port = host_port.partition(":")
    statement = f"DROP DATABASE IF EXISTS `{name}`; CREATE DATABASE `{name}` CHARACTER SET utf8mb4"
    run(
        ["mariadb", "--protocol=tcp", "-h", host, "-P", port, f"-u{user}", f"-p{password}",
         "-e", statement],
        cwd=Path.cwd(),
    )  # fmt: skip
    return f"mysql://{SHARED_MARIADB}/{name}"


@dataclass
class RunningService:
    """A generated service started as `make run` starts it, on a free loopback port."""

    project: Rendered
    environment: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        # A file, not a pipe: a pipe nobody reads fills up and blocks the service's logging.
        return self.project.path / f"service-{self.port}.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def start(self, timeout: float = 30) -> "RunningService":
        package = self.project.answers["project_slug"].replace("-", "_")
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                ["uv", "run", "--no-sync", "python", "-m", package],
                cwd=self.project.path,
                env=project_environment(PORT=str(self.port), **self.environment),
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
                # Its own process group: kill() must reach the service under `uv run`, which
                # forwards SIGTERM but cannot forward SIGKILL.
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"service exited at start:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/health", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise AssertionError("service did not answer /health in time")

    def terminate(self, timeout: float = 30) -> tuple[int, str]:
        """SIGTERM, then wait for the exit; returns the exit status and everything it logged."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout), self.log()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
