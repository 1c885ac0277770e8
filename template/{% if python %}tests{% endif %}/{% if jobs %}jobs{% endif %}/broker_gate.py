"""A loopback address standing in for the broker: down until opened, then the broker itself,
until shut."""

import asyncio
from urllib.parse import urlsplit, urlunsplit


class BrokerGate:
    """While closed, every connection to `url` is dropped as soon as it is made, as by a
    broker that is down; once opened, connections are forwarded to the real broker.

    The broker stays up for the other tests, and the client under test meets a broker
    outage of exactly the length the test chooses.
    """

    def __init__(self, broker_url: str) -> None:
        self._broker = urlsplit(broker_url)
        if self._broker.hostname is None or self._broker.port is None:
            raise ValueError(f"the broker's URL must name its host and port: {broker_url}")
        self._broker_address = (self._broker.hostname, self._broker.port)
        self._server: asyncio.Server | None = None
        self._is_open = False
        self._refused = 0
        self._refusal = asyncio.Condition()
        self._pipes: set[asyncio.Task[None]] = set()
        self.url = ""

    async def __aenter__(self) -> "BrokerGate":
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        credentials, _, _ = self._broker.netloc.rpartition("@")
        address = f"127.0.0.1:{port}"
        self.url = urlunsplit(
            self._broker._replace(netloc=f"{credentials}@{address}" if credentials else address)
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._server is not None:
            self._server.close()
        pipes = list(self._pipes)
        for pipe in pipes:
            pipe.cancel()
        await asyncio.gather(*pipes, return_exceptions=True)

    def open(self) -> None:
        self._is_open = True

    def shut(self) -> None:
        """Closed again, cutting the connections it forwards: the broker went down."""
        self._is_open = False
        for pipe in list(self._pipes):
            pipe.cancel()

    async def wait_for_refusals(self, count: int, seconds: float = 30.0) -> None:
        """Until `count` connections were dropped: the client went on trying after each."""
        try:
            async with asyncio.timeout(seconds), self._refusal:
                await self._refusal.wait_for(lambda: self._refused >= count)
        except TimeoutError:
            message = f"{self._refused} of {count} connection attempts came within {seconds} s"
            raise AssertionError(message) from None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._is_open:
            writer.close()
            async with self._refusal:
                self._refused += 1
                self._refusal.notify_all()
            return
        broker_reader, broker_writer = await asyncio.open_connection(*self._broker_address)
        for source, sink in ((reader, broker_writer), (broker_reader, writer)):
            pipe = asyncio.create_task(_pipe(source, sink))
            self._pipes.add(pipe)
            pipe.add_done_callback(self._pipes.discard)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy one direction of a connection until either side closes it."""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()
