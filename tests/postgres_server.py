"""A throwaway PostgreSQL server for the tests: Debian's binaries, a cluster in a temp folder.

The server listens on 127.0.0.1 (and ::1 where the machine has IPv6) and a free port, trusts
the administrator's local logins (on its socket, in its folder, too), and is stopped at the
end of the session. PostgreSQL refuses to run as root, so under root the cluster belongs to
the ``postgres`` user (made by Debian's ``postgresql`` package) and runs as that user. It runs
on Linux only: stopping the server as a hung one is (``paused``) finds its processes in ``/proc``.
Each test gets a database of its own (:meth:`PostgresServer.fresh_database`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

BIN_FOLDERS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15, 14, 13)]


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    return next((folder for folder in BIN_FOLDERS if (folder / "initdb").exists()), None)


def why_not_available() -> str | None:
    """Why no server can be started here, or None when one can."""
    if sys.platform != "linux":
        return "the throwaway PostgreSQL server of the tests runs on Linux only"
    if binaries() is None:
        return "PostgreSQL is not installed (no initdb; Debian's package is 'postgresql')"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
    return None


def _has_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # "pid (name) state ppid …": the name may hold spaces, so read after its closing bracket
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(stat.parent.name))
    return found


class PostgresServer:
    """A started cluster; :meth:`stop` removes it."""

    def __init__(self) -> None:
        folder = binaries()
        assert folder is not None
        self.bin = folder
        self.root = Path(tempfile.mkdtemp(prefix="hmics-pg-"))
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)
        self._made: list[str] = []
        self.ipv6 = _has_ipv6()
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        # the administrator gets in without a password; every other login needs its own
        (data / "pg_hba.conf").write_text(
            "local all postgres trust\n"  # its socket in the cluster's folder: an address with a socket host
            + "".join(
                f"host all postgres {net} trust\nhost all all {net} scram-sha-256\n"
                for net in ("127.0.0.1/32", "::1/128")
            ),
            encoding="utf-8",
        )
        hosts = "127.0.0.1,::1" if self.ipv6 else "127.0.0.1"
        options = f"-h {hosts} -p {self.port} -k {self.root} -F -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        self.admin = psycopg.connect(self.url("postgres"), autocommit=True)

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin / program), *args], check=True, capture_output=True, timeout=120)

    def url(self, name: str, user: str = "postgres", password: str | None = None, host: str = "127.0.0.1") -> str:
        login = f"{user}:{password}" if password else user
        return f"postgresql://{login}@{host}:{self.port}/{name}"

    def fresh_database(self) -> str:
        """The URL of a new, empty database."""
        name = f"plans_{next(self._names)}"
        self.admin.execute(f'CREATE DATABASE "{name}"')
        self._made.append(name)
        return self.url(name)

    def drop_databases(self) -> None:
        """The databases made since the last call dropped, with any connection a test left open.

        A suite makes some five hundred: kept, they fill gigabytes that the server's removal at
        the end then takes minutes to delete.
        """
        while self._made:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self._made.pop()}" WITH (FORCE)')

    def add_login(self, url: str, name: str, password: str, *, may_write: bool = True) -> str:
        """A login of its own on the plan database at ``url`` (already made): its URL, without the password.

        The grants are those the README gives an administrator: read (and write) the tables,
        use the sequences that number new rows.
        """
        database = url.rsplit("/", 1)[1]
        exists = self.admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        self.admin.execute(f"{'ALTER' if exists else 'CREATE'} ROLE {name} LOGIN PASSWORD '{password}'")
        self.admin.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {name}')
        grants = ["GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}"]
        if may_write:
            grants += [
                "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {name}",
            ]
        with psycopg.connect(url, autocommit=True) as owner:
            for grant in grants:
                owner.execute(grant.format(name=name))  # type: ignore[arg-type]
        return self.url(database, name)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Every process of the server stopped (SIGSTOP), as a server hung on its disk is; resumed after.

        Connections stay open and new ones are accepted by the system, but nothing answers.
        """
        postmaster = int((self.root / "data" / "postmaster.pid").read_text(encoding="utf-8").split()[0])
        os.kill(postmaster, signal.SIGSTOP)  # first: it starts no backend after this
        stopped = [postmaster]
        try:
            for child in _children(postmaster):
                os.kill(child, signal.SIGSTOP)
                stopped.append(child)
            yield
        finally:
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)

    def stop(self) -> None:
        self.admin.close()
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
