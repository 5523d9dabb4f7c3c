"""A network link of a given round trip, on this machine: a TCP proxy on 127.0.0.1 that delays what it carries.

Each direction is held back by half the round trip, in order, as a long cable would (no
bandwidth limit, no loss): a query and its answer take ``round_trip_ms`` more than they take
on the machine. Opening a connection costs a round trip too, as TCP's handshake does on a
real link: what the program sends first reaches the server one and a half round trips after it
connected, and the server sees the connection only then (its new process starts then, on the
way, as it would). Use it as a context manager, and give the program :attr:`LatencyProxy.url`
instead of the server's URL::

    with LatencyProxy("postgresql://postgres@127.0.0.1:5432/plans", 20) as link:
        open_database(link.url)

The proxy runs in a process of its own (this file run as a script), so that it never waits for
the interpreter lock of a program that measures in its own process, nor that program for it.
Each direction is one thread that wakes when something arrives or falls due (``select``'s
timeout, late by 0.16 ms at the median here), and Nagle's algorithm is off on both sockets
(TCP_NODELAY), as libpq and the server have it (the asyncio proxy before it had it too).
Measured alone (``SELECT 1`` 50 times, the machine shared with other work, load 4–7) a round
trip of 20 ms takes 21.4–21.9 ms; the asyncio proxy it replaces, on a thread of the measuring
process, took 22.4–23.8 ms, and charged nothing for the handshake.
"""

from __future__ import annotations

import contextlib
import select
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from types import TracebackType
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

_CHUNK = 65536


class Counts(NamedTuple):
    """What the link has carried so far."""

    turns: int  # the client's turns (see LatencyProxy.turns)
    connected_seconds: float  # the connections closed, each from its connect to the client's close, summed
    closed: int  # connections the client has closed


class LatencyProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to the server of ``url``, ``round_trip_ms`` later."""

    def __init__(self, url: str, round_trip_ms: float) -> None:
        parts = urlsplit(url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.round_trip_ms = round_trip_ms
        self._parts = parts
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """The server's URL, through the link."""
        login = self._parts.netloc.rsplit("@", 1)[0] + "@" if "@" in self._parts.netloc else ""
        return urlunsplit(self._parts._replace(netloc=f"{login}127.0.0.1:{self.port}"))

    @property
    def turns(self) -> int:
        """The client's turns so far: each time it sent after an answer came.

        Each is a wait on the link, but a connection's last, its goodbye. A pipeline's statements sent
        before their answers are one.
        """
        return self.counts().turns

    def counts(self, closed: int = 0) -> Counts:
        """The counts so far, once at least ``closed`` connections have been closed by their clients (or 5 s on)."""
        assert self._process is not None and self._process.stdin and self._process.stdout
        self._process.stdin.write(f"{closed}\n")
        self._process.stdin.flush()
        turns, seconds, done = self._process.stdout.readline().split()
        return Counts(int(turns), float(seconds), int(done))

    def __enter__(self) -> LatencyProxy:
        host, port = self.target
        self._process = subprocess.Popen(
            [sys.executable, __file__, host, str(port), str(self.round_trip_ms)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self._process.stdout is not None
        self.port = int(self._process.stdout.readline())
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        assert self._process is not None and self._process.stdin
        self._process.stdin.close()  # it finishes carrying what is on its way, then ends
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)


class _Link:
    """The proxy's process: accepts connections and carries each both ways, ``delay`` late each way."""

    def __init__(self, target: tuple[str, int], round_trip: float) -> None:
        self.target = target
        self.round_trip = round_trip
        self.delay = round_trip / 2
        self.turns = 0
        self.seconds = 0.0
        self.closed = 0
        self.carrying: set[threading.Thread] = set()
        self.lock = threading.Condition()  # guards the counts and the connections carried

    def serve(self, listener: socket.socket) -> None:
        while True:
            client, _ = listener.accept()
            carrier = threading.Thread(target=self._connection, args=(client, time.monotonic()), daemon=True)
            with self.lock:
                self.carrying.add(carrier)
            carrier.start()

    def _connection(self, client: socket.socket, connected: float) -> None:
        """Carry one connection.

        What the client sends is read as it comes; the server is reached, and it delivered, when the
        handshake's round trip and the way there would have let it arrive.
        """
        try:
            spoke = ["server"]  # who sent last on this connection
            there = _Way(self, client, "client", spoke, connected)
            there.read_until(connected + self.round_trip + self.delay)
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                if there.reading:
                    there.end()
                return
            for each in (client, server):
                each.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            back = threading.Thread(target=_Way(self, server, "server", spoke, None).carry, args=(client,))
            back.start()
            there.carry(server)
            back.join()
            for each in (client, server):
                each.close()
        finally:
            with self.lock:
                self.carrying.discard(threading.current_thread())

    def finish(self) -> None:
        """Connections closed a moment ago finish carrying what is on their way; any still open are cut."""
        with self.lock:
            carrying = list(self.carrying)
        deadline = time.monotonic() + self.round_trip * 2 + 1
        for carrier in carrying:
            carrier.join(timeout=max(0.0, deadline - time.monotonic()))


class _Way:
    """One direction of a connection: what ``who`` sends from ``source``, each piece due ``delay`` after it arrived.

    One thread reads and delivers, waking when something arrives or falls due (``select``'s timeout is
    exact to the microsecond). The client (``connected`` then: when it connected) could send nothing
    before the handshake's round trip.
    """

    def __init__(self, link: _Link, source: socket.socket, who: str, spoke: list[str], connected: float | None):
        self.link, self.source, self.who, self.spoke, self.connected = link, source, who, spoke, connected
        self.not_before = 0.0 if connected is None else connected + link.round_trip
        self.pieces: deque[tuple[float, bytes]] = deque()
        self.reading = True

    def read_until(self, moment: float) -> None:
        """Take what arrives until ``moment`` (before there is anywhere to deliver it)."""
        while self.reading and (wait := moment - time.monotonic()) > 0:
            if select.select([self.source], [], [], wait)[0]:
                self._take()

    def carry(self, sink: socket.socket) -> None:
        """Take what arrives and deliver it to ``sink`` when due, in order, until the sender's end is delivered."""
        broken = False
        while self.reading or self.pieces:
            wait = max(0.0, self.pieces[0][0] - time.monotonic()) if self.pieces else None
            if self.reading and wait != 0:
                if select.select([self.source], [], [], wait)[0]:
                    self._take()
                continue
            if wait:
                time.sleep(wait)
            _, data = self.pieces.popleft()
            try:
                if broken:
                    continue
                if data:
                    sink.sendall(data)
                else:
                    sink.shutdown(socket.SHUT_WR)
            except OSError:  # the receiver has gone: what follows is read (to its end) and dropped
                broken = True

    def _take(self) -> None:
        try:
            data = self.source.recv(_CHUNK)
        except OSError:
            data = b""
        arrived = time.monotonic()
        if data and self.who == "client" and self.spoke[0] == "server":
            with self.link.lock:
                self.link.turns += 1
        self.spoke[0] = self.who
        self.pieces.append((max(arrived, self.not_before) + self.link.delay, data))
        if not data:
            self.end(arrived)

    def end(self, moment: float | None = None) -> None:
        """The sender has closed (at ``moment``, or now): counted for the client's side."""
        self.reading = False
        if self.connected is not None:
            with self.link.lock:
                self.link.seconds += (moment or time.monotonic()) - self.connected
                self.link.closed += 1
                self.link.lock.notify_all()


def main() -> None:
    """``latency_proxy.py HOST PORT ROUND_TRIP_MS``: the link, in this process; prints its port.

    Each line ``N`` on its input is answered, once N connections have been closed (or 5 s on), with
    the counts so far; the end of its input ends it.
    """
    host, port, round_trip_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    link = _Link((host, port), round_trip_ms / 1000)
    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=link.serve, args=(listener,), daemon=True).start()
    print(listener.getsockname()[1], flush=True)
    for line in sys.stdin:
        closed = int(line)
        with link.lock:
            link.lock.wait_for(lambda: link.closed >= closed, timeout=5)  # noqa: B023 - waited for at once
            print(link.turns, f"{link.seconds:.6f}", link.closed, flush=True)
    with contextlib.suppress(OSError):
        listener.close()
    link.finish()


if __name__ == "__main__":
    main()
