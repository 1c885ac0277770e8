"""Generated services as real processes, and the databases they run on.

Used by the generated-project tests and by the conformance suite when it starts the
services itself (rather than being pointed at one with --base-url).
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any, Protocol

from .helpers import Rendered, create_api_key, project_environment, run

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


class PrivateServer(Protocol):
    """What a test that makes an outage needs of any private server in this module."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def destroy(self) -> None: ...


class _ServerProcess:
    """A server process of ours on a free loopback port, in a temporary directory of its own.

    start() returns once the server accepts clients; stop() shuts it down gracefully, keeping
    its data for the next start(); destroy() kills it and removes the directory.
    """

    name = "server"
    start_timeout = 30.0

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix=f"servicecraft-{self.name.lower()}-"))
        # Chosen once: clients keep the URL across a restart, as they keep a real server's.
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _environment(self) -> dict[str, str] | None:
        return None

    def _accepts_clients(self) -> bool:
        raise NotImplementedError

    @property
    def log_path(self) -> Path:
        return self.directory / "server.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _start_or_destroy(self) -> None:
        # From the constructor: nobody holds the object yet to destroy() it if start fails.
        try:
            self.start()
        except BaseException:
            self.destroy()
            raise

    def start(self) -> None:
        # A file, not a pipe: a pipe nobody reads fills up and blocks the server.
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self._command(),
                cwd=self.directory,
                stdin=subprocess.DEVNULL,
                env=self._environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: destroy() kills what the server started too (the
                # Erlang VM's helpers), and a Ctrl-C meant for pytest leaves it to destroy().
                start_new_session=True,
            )
        deadline = time.monotonic() + self.start_timeout
        while not self._accepts_clients():
            status = self.process.poll()
            if status is not None or time.monotonic() > deadline:
                # Nothing of a failed start may linger: nobody may be left to destroy() it.
                self._kill()
                failure = (
                    f"exited at start (status {status})"
                    if status is not None
                    else f"did not accept clients within {self.start_timeout:g} s"
                )
                raise AssertionError(f"private {self.name} {failure}:\n{self.log()[-3000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM, which each of these servers takes as a graceful shutdown, and wait."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
            self.process = None

    def _kill(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def destroy(self) -> None:
        self._kill()
        shutil.rmtree(self.directory, ignore_errors=True)


class PrivateMariaDB(_ServerProcess):
    """A throw-away MariaDB server on a free loopback port, which a test may stop."""

    name = "MariaDB"

    def __init__(self) -> None:
        super().__init__()
        self._as_owner: list[str] = []
        user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, "mysql", "mysql")
            # runuser passes SIGTERM on to mariadbd and waits for its clean shutdown.
            self._as_owner = ["runuser", "-u", "mysql", "--"]
            user = ["--user=mysql"]
        try:
            self._install_system_tables(user)
        except BaseException:
            self.destroy()
            raise
        self._start_or_destroy()

    def _install_system_tables(self, user: list[str]) -> None:
        data = self.directory / "data"
        command = ["mariadb-install-db", "--no-defaults", f"--datadir={data}", *user,
                   "--auth-root-authentication-method=normal", "--skip-test-db"]  # fmt: skip
        # Once in a CI run under load, the bootstrap failed and never again when rerun; a
        # second try in an empty directory rides that out, and its output says why if not.
        for _ in range(2):
            installed = subprocess.run(command, check=False, capture_output=True)
            if installed.returncode == 0:
                return
            shutil.rmtree(data, ignore_errors=True)
        output = (installed.stdout + installed.stderr).decode(errors="replace")
        raise AssertionError(
            f"mariadb-install-db failed twice (status {installed.returncode}):\n{output[-3000:]}"
        )

    def url(self, database: str = "") -> str:
        return f"mysql://root@127.0.0.1:{self.port}/{database}"

    def _client(self, program: str, *arguments: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [program, "--protocol=tcp", "-h", "127.0.0.1", "-P", str(self.port), "-uroot",
             *arguments],
            check=False, capture_output=True,
        )  # fmt: skip

    def _command(self) -> list[str]:
        return [
            *self._as_owner, "/usr/sbin/mariadbd", "--no-defaults",
            f"--datadir={self.directory / 'data'}", f"--port={self.port}",
            "--bind-address=127.0.0.1", f"--socket={self.directory / 'socket'}",
            "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0",
        ]  # fmt: skip

    def _accepts_clients(self) -> bool:
        return self._client("mariadb-admin", "ping").returncode == 0

    def create_database(self, name: str) -> str:
        self._client("mariadb", "-e", f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        return self.url(name)


def _answers(port: int, greeting: bytes, expected: bytes) -> bool:
    """Whether a server on this loopback port answers `greeting` with bytes that start so."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(greeting)
            return connection.recv(len(expected)) == expected
    except OSError:
        return False


class PrivateRedis(_ServerProcess):
    """A throw-away Redis server on a free loopback port, which a test may stop.

    Append-only persistence, as the generated compose file runs it (fsynced every second):
    stop() is a SIGTERM, on which Redis writes and fsyncs the file, so streams survive stop()
    and start(). Not on every write: that makes each write wait for the disk, and on a busy
    CI disk a wait longer than the service's Redis timeouts fails requests the service would
    serve in production.
    """

    name = "Redis"

    def __init__(self) -> None:
        super().__init__()
        self._start_or_destroy()

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def _command(self) -> list[str]:
        # No configuration file: nothing of /etc/redis applies. Logs go to stdout.
        return [
            "redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
            "--dir", str(self.directory), "--save", "", "--appendonly", "yes",
            "--appendfsync", "everysec", "--daemonize", "no", "--logfile", "",
        ]  # fmt: skip

    def _accepts_clients(self) -> bool:
        # While it loads the append-only file, Redis answers -LOADING, not +PONG.
        return _answers(self.port, b"PING\r\n", b"+PONG")


class PrivateNats(_ServerProcess):
    """A throw-away NATS server with JetStream on a free loopback port, which a test may stop.

    JetStream's file store lives in the directory, so file-backed streams survive a restart.
    """

    name = "NATS"

    def __init__(self) -> None:
        super().__init__()
        self.monitor_port = free_port()
        self._start_or_destroy()

    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def _command(self) -> list[str]:
        return [
            "nats-server", "-a", "127.0.0.1", "-p", str(self.port),
            "-m", str(self.monitor_port), "-js", "-sd", str(self.directory / "jetstream"),
        ]  # fmt: skip

    def _accepts_clients(self) -> bool:
        # The monitoring port opens before the client port, and /healthz checks JetStream
        # too: both, then.
        if not _answers(self.port, b"", b"INFO "):
            return False
        try:
            healthz = f"http://127.0.0.1:{self.monitor_port}/healthz"
            with urllib.request.urlopen(healthz, timeout=1) as response:
                return response.status == 200
        except OSError:
            return False


class PrivateRabbitMQ(_ServerProcess):
    """A throw-away RabbitMQ node beside the shared one, on free loopback ports.

    A node of its own name, ports, data, configuration and Erlang cookie: nothing of
    /etc/rabbitmq or /var/lib/rabbitmq applies, and the shared node never notices it (only
    epmd, which every Erlang node on the machine shares, lists it). stop() is graceful and
    start() brings back the same node name on the same data, so durable queues (quorum
    ones too) and persistent messages survive. Booting takes about 4 s.

    Only a graceful stop: after a SIGKILL, RabbitMQ 3.10 restarts a single node's quorum
    queues without a leader, for good (rabbitmq/rabbitmq-server#10070).
    """

    name = "RabbitMQ"
    start_timeout = 60.0

    def __init__(self) -> None:
        super().__init__()
        self.node = f"servicecraft-{secrets.token_hex(4)}@localhost"
        self.distribution_port = free_port()
        # An empty configuration rather than none: otherwise /etc/rabbitmq's would apply.
        for name, text in [("rabbitmq.conf", ""), ("rabbitmq-env.conf", ""),
                           ("enabled_plugins", "[].\n")]:  # fmt: skip
            (self.directory / name).write_text(text)
        self._start_or_destroy()

    def url(self) -> str:
        # guest may log in from loopback only, which is where every client of ours is.
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _environment(self) -> dict[str, str]:
        return os.environ | {
            # Erlang's cookie is read from (or created in) $HOME: a cookie of our own, and as
            # root no need to be the rabbitmq user, whose cookie the shared node uses.
            "HOME": str(self.directory),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.distribution_port),
            # The script then execs the Erlang VM instead of waiting on it in a shell: our
            # process is the node itself, so wait() returns once its sockets are closed. A
            # shell's exit does not mean that: a killed VM takes a moment to go.
            "RABBITMQ_ALLOW_INPUT": "true",
            # ... with no Erlang shell on stdin all the same; and the distribution port on
            # loopback, not every interface.
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": (
                "-noinput -kernel inet_dist_use_interface {127,0,0,1}"
            ),
            "RABBITMQ_MNESIA_BASE": str(self.directory / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.directory / "log"),
            "RABBITMQ_PID_FILE": str(self.directory / "rabbitmq.pid"),
            "RABBITMQ_CONFIG_FILE": str(self.directory / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.directory / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(self.directory / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.directory / "enabled_plugins"),
        }

    def _command(self) -> list[str]:
        # The script itself, not /usr/sbin's wrapper, which runs it as the rabbitmq user with
        # that user's $HOME. The node takes SIGTERM as `rabbitmqctl stop`: a graceful stop.
        return ["/usr/lib/rabbitmq/bin/rabbitmq-server"]

    def _accepts_clients(self) -> bool:
        # The AMQP listener opens at the end of the boot: Connection.Start (a method frame,
        # type 1 on channel 0) is the broker itself answering a client.
        return _answers(self.port, b"AMQP\x00\x00\x09\x01", b"\x01\x00\x00")

    def rabbitmqctl(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """rabbitmqctl against this node (it needs the node's cookie: our $HOME)."""
        return subprocess.run(
            ["/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", self.node, *arguments],
            env=self._environment(), cwd=self.directory, capture_output=True, text=True,
            check=False, timeout=60,
        )  # fmt: skip


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


def serve_command(project: Rendered) -> list[str]:
    """The command `make run` ends in, once the project is built (see conftest's install)."""
    if project.answers["stack"] == "node-fastify":
        if project.answers["architecture"] == "microservice":
            return ["node", "--import", "./dist/instrumentation.js", "dist/server.js"]
        return ["node", "dist/server.js"]
    return [
        "uv",
        "run",
        "--no-sync",
        "python",
        "-m",
        project.answers["project_slug"].replace("-", "_"),
    ]


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
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                serve_command(self.project),
                cwd=self.project.path,
                env=project_environment(self.project.path, PORT=str(self.port), **self.environment),
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
                # Its own process group: kill() must reach the service under `uv run`, which
                # forwards SIGTERM but cannot forward SIGKILL (and a Node service's workers).
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


class Gateway:
    """The API gateway a microservice generates (gateway/default.conf), run by Debian's nginx.

    The project's own server block is used unchanged but for two addresses: compose's
    `app:8000` becomes the running service's loopback port, and it listens on a free port.
    """

    CONTAINER_UPSTREAM = "server app:8000;"
    CONTAINER_LISTEN = "listen 8080;"

    def __init__(self, project: Rendered, service_port: int) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="gateway-"))
        server_block = project.read("gateway/default.conf")
        assert self.CONTAINER_UPSTREAM in server_block
        assert self.CONTAINER_LISTEN in server_block
        (self.directory / "default.conf").write_text(
            server_block.replace(
                self.CONTAINER_UPSTREAM, f"server 127.0.0.1:{service_port};"
            ).replace(self.CONTAINER_LISTEN, f"listen 127.0.0.1:{self.port};")
        )
        # What the nginx image's own nginx.conf provides around conf.d/default.conf.
        (self.directory / "nginx.conf").write_text(
            f"""daemon off;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {self.directory}/body;
    proxy_temp_path {self.directory}/proxy;
    include {self.directory}/default.conf;
}}
"""
        )
        self.process: subprocess.Popen[str] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Gateway":
        config = str(self.directory / "nginx.conf")
        check = subprocess.run(
            ["/usr/sbin/nginx", "-t", "-c", config], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen(
            ["/usr/sbin/nginx", "-c", config], stderr=subprocess.PIPE, text=True
        )
        for _ in range(100):
            if _listens(self.port):
                return self
            assert self.process.poll() is None, self.process.communicate()[1]
            time.sleep(0.05)
        raise AssertionError("the gateway did not answer in time")

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


def _listens(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def background_command(project: Rendered, command: tuple[str, str]) -> list[str]:
    """The command `make worker` (or `make relay`) ends in, once the project is built:
    `command` is the Python module and its subcommand, named alike in the other stacks."""
    module, name = command
    if project.answers["stack"] == "node-fastify":
        return ["node", f"dist/{name}.js"]
    package = project.answers["project_slug"].replace("-", "_")
    return ["uv", "run", "--no-sync", "python", "-m", f"{package}.{module}", name]


@dataclass
class RunningWorker:
    """A background process of the service, started as its make target starts it: the job
    worker (`make worker`), or an event-driven service's outbox relay (`make relay`)."""

    project: Rendered
    environment: dict[str, str]
    command: tuple[str, str] = ("jobs", "worker")
    process: subprocess.Popen[str] | None = None

    @property
    def log_path(self) -> Path:
        return self.project.path / f"{self.command[1]}-{id(self)}.log"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> "RunningWorker":
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                background_command(self.project, self.command),
                cwd=self.project.path,
                env=project_environment(self.project.path, **self.environment),
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,  # as RunningService: kill() reaches past `uv run`
            )
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def call_service(
    base: str, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any, Message]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None, response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), error.headers


def signed_in(service: RunningService, identity_provider: Any) -> dict[str, str]:
    """The headers of a new caller's requests (none for an open API); the identity provider
    is the one an auth=oidc service trusts."""
    auth, base = service.project.answers["auth"], service.base_url
    if auth == "none":
        return {}
    if auth == "oidc":
        return {"Authorization": f"Bearer {identity_provider.token('someone')}"}
    if auth == "api-key":
        key = create_api_key(service.project, name="someone", **service.environment)
        return {"X-API-Key": key}
    email = f"someone-{secrets.token_hex(4)}@example.com"
    account = {"email": email, "password": "a long passphrase"}
    assert call_service(base, "POST", "/api/v1/auth/register", account)[0] == 201
    status, body, _ = call_service(base, "POST", "/api/v1/auth/login", account)
    assert status == 200
    return {"Authorization": f"Bearer {body['data']['accessToken']}"}
