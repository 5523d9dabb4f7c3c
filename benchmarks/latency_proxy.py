"""A network link of a given round trip, on this machine: a TCP proxy on 127.0.0.1 that delays what it carries.

Each direction is held back by half the round trip, in order, as a long cable would (no
bandwidth limit, no loss): a query and its answer take ``round_trip_ms`` more than they take
on the machine. The proxy runs an asyncio loop on a thread of its own; use it as a context
manager, and give the program :meth:`LatencyProxy.url` instead of the server's URL::

    with LatencyProxy("postgresql://postgres@127.0.0.1:5432/plans", 20) as link:
        open_database(link.url)
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

_CHUNK = 65536


class LatencyProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to the server of ``url``, ``round_trip_ms`` later."""

    def __init__(self, url: str, round_trip_ms: float) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.delay = round_trip_ms / 2000  # seconds, each way
        self._parts = parts
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="latency-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0
        self._writers: set[asyncio.StreamWriter] = set()
        # The client's turns: each time it sends after an answer came (a wait on the link, but a
        # connection's last, its goodbye). A pipeline's statements sent before their answers are one.
        self.turns = 0

    @property
    def url(self) -> str:
        """The server's URL, through the link."""
        login = self._parts.netloc.rsplit("@", 1)[0] + "@" if "@" in self._parts.netloc else ""
        return urlunsplit(self._parts._replace(netloc=f"{login}127.0.0.1:{self.port}"))

    def __enter__(self) -> LatencyProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._connected, "127.0.0.1", 0), self._loop
        ).result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
            links = asyncio.all_tasks() - {asyncio.current_task()}
            if links:  # connections closed a moment ago finish carrying what is on its way, then end
                await asyncio.wait(links, timeout=self.delay * 4 + 1)
            for writer in self._writers:
                writer.close()
            if links:
                await asyncio.wait(links, timeout=1)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, upstream_writer}
        spoke = ["server"]  # who sent last on this connection
        await asyncio.gather(
            self._carry(reader, upstream_writer, spoke, "client"),
            self._carry(upstream_reader, writer, spoke, "server"),
            return_exceptions=True,
        )
        for each in (writer, upstream_writer):
            each.close()
            self._writers.discard(each)

    async def _carry(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, spoke: list[str], who: str
    ) -> None:
        """Copy ``source`` (``who`` sends) to ``sink``, each piece delivered ``delay`` after it arrived, in order."""
        pieces: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await pieces.get()
                if not data:
                    with contextlib.suppress(OSError):
                        sink.write_eof()
                    return
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                sink.write(data)
                await sink.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await source.read(_CHUNK)
                if data and who == "client" and spoke[0] == "server":
                    self.turns += 1
                spoke[0] = who
                pieces.put_nowait((time.monotonic() + self.delay, data))
                if not data:
                    break
            await delivering
        finally:
            delivering.cancel()
