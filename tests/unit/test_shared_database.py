"""A plan database on a PostgreSQL server: what differs from a file, and what must not.

The engine-neutral tests (storage, services, CLI) already run on both engines through the
``plan_db`` and ``db_location`` fixtures; these are the server's own: logins and
permissions, failures in words, migrations by many at once, edits from two machines,
the journal's triggers, and copying a database to a server and back.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from pathlib import Path

import peewee
import psycopg
import pytest
from other_program import edit_elsewhere, other_program

from hmics_desktop.cli.main import main
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.editing import EditConflict
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.services.plans import example_plan, load_example_plan, write_plans
from hmics_desktop.storage import migrations
from hmics_desktop.storage.database import DatabaseOpenError, DatabaseTooNew, close_database, open_database
from hmics_desktop.storage.failures import cause, outcome
from hmics_desktop.storage.models import Action, AuditEntry, ProgressUpdate, database
from hmics_desktop.storage.plan_database import SaveUnsure
from hmics_desktop.storage.shared_database import SharedPlanDatabase
from hmics_desktop.storage.user_name import set_user_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(postgres_server) -> str:
    return postgres_server.fresh_database()


def _role(server, name: str, password: str, *grants: str) -> None:
    server.admin.execute(f"DROP ROLE IF EXISTS {name}")
    server.admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    for grant in grants:
        server.admin.execute(grant)


def _database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("url", "shown", "short"),
    [
        ("postgresql://jsmith@[::1]:5432/plans", "postgresql://jsmith@[::1]:5432/plans", "plans on [::1]"),
        ("postgresql://jsmith:secret@[2001:DB8::1]/plans", "postgresql://jsmith@[2001:db8::1]/plans",
         "plans on [2001:db8::1]"),
        ("postgresql://server.police.example:5433/plans", "postgresql://server.police.example:5433/plans",
         "plans on server.police.example"),
    ],
)  # fmt: skip
def test_a_location_is_shown_with_an_ipv6_address_in_brackets(url: str, shown: str, short: str) -> None:
    from urllib.parse import urlsplit

    from hmics_desktop.storage.locations import display_location, login_of, short_name

    assert (display_location(url), short_name(url)) == (shown, short)
    assert urlsplit(display_location(url)).hostname == urlsplit(url).hostname  # read back as the same server
    assert urlsplit(display_location(url)).port == urlsplit(url).port
    assert login_of(url) == ("jsmith" if "jsmith" in url else "default login")


@pytest.mark.parametrize(
    "typed",
    [
        "postgresql:///plans",  # the server on this machine, through its socket
        "postgresql://jsmith@/plans?host=/var/run/postgresql",
        "postgresql://jsmith:Qv7@Jz4@server.police.example/plans?sslmode=verify-full&sslrootcert=/etc/police-ca.pem",
        "postgresql://jsmith@server.police.example/plans?password=Qv7&Jz4&sslmode=require",
        "postgresql://jsmith@[::1]:5433/plans?sslpassword=Qv7Jz4&application_name=hmics",
    ],
)
def test_recent_and_the_keyring_keep_all_that_libpq_reads_but_the_password(typed: str) -> None:
    from psycopg.conninfo import conninfo_to_dict

    from hmics_desktop.storage.locations import display_location, parse_location

    location = str(parse_location(typed))
    kept = display_location(location)  # File ▸ Recent's entry, the keyring's key, what the start opens again
    read = {name: value for name, value in conninfo_to_dict(location).items() if "password" not in name}
    assert conninfo_to_dict(kept) == read  # it had opened localhost over the network, or without checking the server
    assert "Qv7" not in kept and "Jz4" not in kept


@pytest.mark.parametrize(
    ("typed", "login", "server"),
    [
        ("postgresql://jsmith@myserver@myserver.postgres.example/plans", "jsmith@myserver",
         "myserver.postgres.example"),
        ("postgresql://jsmith@myserver:Qv7@myserver.postgres.example/plans", "jsmith@myserver",
         "myserver.postgres.example"),
        ("postgresql://server.police.example/plans?sslrootcert=/home/j@smith/ca.pem", None, "server.police.example"),
    ],
)  # fmt: skip
def test_a_login_with_an_at_sign_reaches_the_server_the_program_names(typed: str, login: str, server: str) -> None:
    from psycopg.conninfo import conninfo_to_dict

    from hmics_desktop.storage.locations import login_of, parse_location, short_name

    location = str(parse_location(typed))  # Azure's logins are "user@server", typed without a password to be asked
    read = conninfo_to_dict(location)
    assert (read.get("user"), read["host"]) == (login, server)  # libpq had read the server "myserver@myserver…"
    assert login_of(location) == (login or "default login") and short_name(location) == f"plans on {server}"


def test_a_new_server_database_gets_the_schema_once_and_the_version_in_a_table(url: str) -> None:
    open_database(url)
    close_database()
    open_database(url)
    with other_program(url) as other:
        versions = [v for (v,) in other.execute("SELECT version FROM schema_version")]
    assert versions == [migrations.latest_version()]
    assert database.dialect == "postgresql" and not database.read_only


def test_the_journal_records_only_in_the_session_that_asks(url: str) -> None:
    open_database(url)
    load_example_plan()
    with other_program(url) as other:  # another program's writes fire the triggers, and record nothing
        other.execute("UPDATE action SET owner = 'Someone else' WHERE id = 1")
    history = EditHistory()
    action = Action.get_by_id(2)
    history.do(save_item("action", action.id, {"owner": "LTD"}, None))
    assert [(c.table, c.row_id, c.changed_columns()) for c in history.undo_stack[-1].changes] == [
        ("action", 2, ["owner"])
    ]
    history.undo()
    assert Action.get_by_id(2).owner == action.owner and Action.get_by_id(1).owner == "Someone else"


def test_the_audit_trail_names_the_database_login_and_cannot_be_changed(url: str) -> None:
    open_database(url)
    load_example_plan()
    assert {entry.user for entry in AuditEntry.select()} == {"postgres"}
    set_user_name("Jane Smith")  # the name in Preferences goes beside the login, never instead of it
    try:
        EditHistory().do(save_item("action", 1, {"owner": "Jane"}, None))
    finally:
        set_user_name(None)
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().user == "Jane Smith (postgres)"
    with pytest.raises(Exception, match="audit trail cannot be changed"), other_program(url) as other:
        other.execute("TRUNCATE audit_entry")


def test_two_machines_editing_the_same_action_get_the_conflict(url: str) -> None:
    open_database(url)
    load_example_plan()
    mine = Action.get_by_id(1)  # opened in my form
    edit_elsewhere(url, 1, "The other machine")
    with pytest.raises(EditConflict, match="changed elsewhere"):
        EditHistory().do(save_item("action", mine.id, {"owner": "Me"}, {"owner": mine.owner}))
    assert Action.get_by_id(1).owner == "The other machine"
    EditHistory().do(save_item("action", mine.id, {"owner": "Me"}, None))  # the user chose Overwrite
    assert Action.get_by_id(1).owner == "Me"


def test_a_writer_waits_for_another_writer_and_says_so(url: str) -> None:
    open_database(url)
    load_example_plan()
    holder = psycopg.connect(url)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (0x484D4943,))
    holder.execute("INSERT INTO inspection (title, created_at) VALUES ('Held by another program', '2024-01-01')")
    waited: list[float] = []
    database.on_wait = waited.append
    database.write_wait_seconds = 1.0
    try:
        from hmics_desktop.storage.plan_database import DatabaseBusy

        with pytest.raises(DatabaseBusy, match=r"^someone else has been writing to the shared plan database"):
            EditHistory().do(save_item("action", 1, {"owner": "LTD"}, None))
        assert waited
        holder.commit()
        EditHistory().do(save_item("action", 1, {"owner": "LTD"}, None))
    finally:
        database.on_wait = None
        database.write_wait_seconds = 60.0
        holder.close()
    assert Action.get_by_id(1).owner == "LTD"


def test_a_login_that_may_only_read_opens_read_only(postgres_server, url: str) -> None:
    open_database(url)
    load_example_plan()
    close_database()
    reader = postgres_server.add_login(url, "reader", "secret", may_write=False)
    opened = open_database(reader, password="secret")
    assert opened.read_only and Action.select().count() == 21


def test_a_login_given_the_readmes_grants_edits_imports_and_is_named_in_the_audit(postgres_server, url: str) -> None:
    open_database(url)
    load_example_plan()
    close_database()
    secretary = postgres_server.add_login(url, "secretary", "secret")
    assert not open_database(secretary, password="secret").read_only
    EditHistory().do(save_item("action", 1, {"owner": "DCI Brown"}, None))
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().user == "secretary"
    plan = example_plan()
    plan.inspection = "Crime Audit 2022"
    write_plans([plan])  # its new actions take their ids from the table's sequence
    assert Action.select().count() == 42


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("unreachable", "cannot be reached"),
        ("password", "refused the user name or password"),
        ("no database", "no such database"),
        ("no permission", "no permission"),
        ("newer", "newer version of this application"),
    ],
)
def test_failures_are_one_sentence_within_seconds(postgres_server, url: str, how: str, words: str, capsys) -> None:
    name = _database_name(url)
    _role(postgres_server, "stranger", "right", f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
    open_database(url)
    close_database()
    target = {
        "unreachable": f"postgresql://postgres@127.0.0.1:{_closed_port()}/{name}",
        "password": postgres_server.url(name, "stranger", "wrong"),
        "no database": postgres_server.url("no_such_plans"),
        "no permission": postgres_server.url(name, "stranger", "right"),
        "newer": url,
    }[how]
    if how == "newer":
        with other_program(url) as other:
            other.execute("UPDATE schema_version SET version = 99")
    started = time.monotonic()
    assert main(["dump", "--db", target]) == 2
    err = capsys.readouterr().err
    assert time.monotonic() - started < 10
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "wrong" not in err  # never the password
    if how == "newer":
        with pytest.raises(DatabaseTooNew):
            open_database(url)
    else:
        with pytest.raises(DatabaseOpenError):
            open_database(target)


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_copy_to_a_server_and_back_keeps_history_and_audit(postgres_server, tmp_path: Path, capsys) -> None:
    first, back = tmp_path / "laptop.sqlite", tmp_path / "back.sqlite"
    assert main(["example", "--db", str(first)]) == 0
    open_database(first)
    history = EditHistory()
    action = Action.get_by_id(3)
    history.do(save_item("action", action.id, {"owner": "Before the move"}, None))
    close_database()
    server = postgres_server.fresh_database()
    assert main(["copy", "--from", str(first), "--to", server]) == 0
    assert main(["copy", "--from", server, "--to", str(back)]) == 0
    assert "21 actions" in capsys.readouterr().out
    tables = ("inspection", "recommendation", "action", "progress_update", "audit_entry", "action_link")
    for table in tables:
        with other_program(first) as a, other_program(server) as b, other_program(back) as c:
            rows = [sorted(map(_plain, x.execute(f'SELECT * FROM "{table}"').fetchall())) for x in (a, b, c)]
        assert rows[0] == rows[1] == rows[2], table
    open_database(server)
    history = EditHistory()
    action = Action.get_by_id(3)
    history.do(save_item("action", action.id, {"owner": "On the server"}, None))  # new ids follow on
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().new_value == "On the server"
    assert main(["copy", "--from", str(first), "--to", server]) == 2
    assert "already holds plans" in capsys.readouterr().err


def _plain(row: tuple) -> tuple:
    return tuple(int(v) if isinstance(v, bool) else v for v in row)


def test_the_command_line_takes_the_kept_password_or_says_how_to_give_one(
    postgres_server, url: str, memory_keyring, capsys
) -> None:
    from hmics_desktop.services.credentials import SERVICE

    assert main(["example", "--db", url]) == 0
    secretary = postgres_server.add_login(url, "secretary", "right")
    capsys.readouterr()
    assert main(["dump", "--db", secretary]) == 2  # not in a terminal, nothing kept
    err = capsys.readouterr().err
    assert "asks for a password" in err and "PGPASSWORD" in err and len(err.strip().splitlines()) == 1
    memory_keyring.set_password(SERVICE, secretary, "right")
    assert main(["dump", "--db", secretary]) == 0
    assert '"Crime Audit 2020"' in capsys.readouterr().out


TERMINAL_SECONDS = 60  # the longest a command run in a terminal may take, prompt and answer included


def _in_a_terminal(arguments: list[str], answer: bytes) -> tuple[int, str]:
    """Run the command in a terminal of its own, type ``answer`` at its password prompt: (status, what it showed).

    The command is killed, and the test fails, when it has not ended within ``TERMINAL_SECONDS``.
    """
    import os
    import pty
    import select
    import signal

    child, terminal = pty.fork()
    if child == 0:  # the command, in a terminal of its own
        try:
            # As a shell starts a command in the foreground: Ctrl+C interrupts it, even when the
            # tests were started where SIGINT is ignored (a background job), which it would inherit.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.environ["PYTHONPATH"] = str(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "hmics_desktop", *arguments])
        finally:
            os._exit(127)  # never back into pytest
    deadline = time.monotonic() + TERMINAL_SECONDS
    seen = b""
    answered = False
    status: int | None = None
    try:
        while True:
            if not answered and b"Password for" in seen:
                os.write(terminal, answer)
                answered = True
            left = deadline - time.monotonic()
            assert left > 0, f"the command had not ended after {TERMINAL_SECONDS} seconds: {seen.decode()!r}"
            if not select.select([terminal], [], [], left)[0]:
                continue
            try:
                chunk = os.read(terminal, 65536)
            except OSError:  # the command has closed its terminal: it is ending
                break
            if not chunk:
                break
            seen += chunk
        while status is None and time.monotonic() < deadline:
            pid, ended = os.waitpid(child, os.WNOHANG)
            if pid:
                status = ended
            else:
                time.sleep(0.05)
        assert status is not None, f"the command had not ended after {TERMINAL_SECONDS} seconds: {seen.decode()!r}"
    finally:
        if status is None:  # the test has failed: the command goes too
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        os.close(terminal)
    assert answered, seen.decode()
    return os.waitstatus_to_exitcode(status), seen.decode()


def test_in_a_terminal_the_command_line_asks_for_the_login_s_password(postgres_server, url: str) -> None:
    assert main(["example", "--db", url]) == 0
    secretary = postgres_server.add_login(url, "secretary", "right")
    status, text = _in_a_terminal(["dump", "--db", secretary], b"right\n")
    assert status == 0, text
    assert text.startswith(f"Password for secretary on {_database_name(url)} on 127.0.0.1: \r\n")  # nothing echoed
    assert '"Crime Audit 2020"' in text


def test_ctrl_c_at_the_password_prompt_stops_the_command_in_one_line(postgres_server, url: str) -> None:
    assert main(["example", "--db", url]) == 0
    secretary = postgres_server.add_login(url, "secretary", "right")
    status, text = _in_a_terminal(["dump", "--db", secretary], b"\x03")  # Ctrl+C
    assert status == 130, text
    assert "Traceback" not in text
    assert text.splitlines()[-1] == "hmics-desktop dump: stopped (Ctrl+C)."


def test_a_dropped_connection_is_opened_afresh_for_the_next_change(postgres_server, url: str) -> None:
    from hmics_desktop.services.plan_facts import change_counter

    open_database(url)
    load_example_plan()
    name = url.rsplit("/", 1)[1]
    postgres_server.admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
    )  # the server restarted, or the laptop's network dropped
    with pytest.raises(peewee.OperationalError):
        change_counter()  # the query that meets the drop fails, and says so
    EditHistory().do(save_item("action", 1, {"owner": "After the drop"}, None))
    assert Action.get_by_id(1).owner == "After the drop"


def test_each_session_has_time_limits_and_a_copy_or_migration_lifts_them(url: str) -> None:
    open_database(url)
    sql = database.sql()
    limits = "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')"
    assert sql.execute(limits).fetchone() == ("15s", "10s")
    with database.unhurried():
        assert sql.execute(limits).fetchone() == ("0", "0")
    assert sql.execute(limits).fetchone() == ("15s", "10s")


def test_a_session_keeps_its_time_limits_when_its_first_transaction_fails(url: str) -> None:
    """The limits come with the connection's first message, apart from any transaction."""
    open_database(url)
    database.close()
    database.connect()  # a new session
    sql = database.sql()
    with pytest.raises(peewee.DataError), database.atomic():
        sql.execute("SELECT 1 / 0")
    limits = "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')"
    assert sql.execute(limits).fetchone() == ("15s", "10s")


def test_a_session_keeps_the_options_its_address_gives_beside_its_limits(postgres_server) -> None:
    url = postgres_server.fresh_database()
    open_database(f"{url}?options=-c%20search_path%3Dpublic%2Cpg_catalog")
    sql = database.sql()
    assert sql.execute("SELECT current_setting('search_path')").fetchone() == ("public,pg_catalog",)
    limits = "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')"
    assert sql.execute(limits).fetchone() == ("15s", "10s")


def test_a_session_closed_before_what_it_sent_is_answered_ends_quietly(url: str, caplog) -> None:
    open_database(url)
    database.close()
    database.connection().send("SELECT 1")  # sent, not yet answered
    database.close()
    gc.collect()  # nothing is left to end (and to complain) when it is collected
    assert not [record for record in caplog.records if record.name.startswith("psycopg")]


def test_a_write_sent_without_waiting_that_fails_is_said_by_its_own_error_and_nothing_is_kept(url: str) -> None:
    """A step's rows go without waiting for their answer; a refused one is still the error said, at once after."""
    open_database(url)
    load_example_plan()
    sql = database.sql()
    updates = ProgressUpdate.select().count()
    columns = ("action_id", "as_at", "text", "created_at")
    for _ in range(20):  # its error may come in while the next statement is sent, or after: said the same
        with pytest.raises(peewee.IntegrityError, match="not-null"), database.atomic():
            sql.insert_rows("progress_update", columns, [(1, "2025-01-01", "Reported.", "2025-01-01 00:00:00")])
            sql.insert_rows("progress_update", columns, [(1, "2025-01-01", None, "2025-01-01 00:00:00")])
            sql.execute('SELECT count(*) FROM "action"').fetchone()
        assert ProgressUpdate.select().count() == updates
    with database.atomic():  # the connection carries on
        sql.insert_rows("progress_update", columns, [(1, "2025-01-01", "Reported.", "2025-01-01 00:00:00")])
    assert ProgressUpdate.select().count() == updates + 1


def test_a_paused_server_is_given_up_in_a_bounded_time_and_nothing_is_changed(
    postgres_server, url: str, monkeypatch
) -> None:
    monkeypatch.setattr(SharedPlanDatabase, "answer_seconds", 2.0)  # 20 s in use
    open_database(url)
    load_example_plan()
    before = Action.get_by_id(1).owner
    with postgres_server.paused():  # it accepts, and never answers: it cannot end a statement itself
        started = time.monotonic()
        with pytest.raises(peewee.OperationalError) as failed:
            EditHistory().do(save_item("action", 1, {"owner": "While paused"}, None))
        waited = time.monotonic() - started
    assert 2 <= waited < 3, waited
    assert (cause(failed.value), outcome(failed.value)) == (
        "the database server did not answer for 2 seconds (it may be paused or overloaded)",
        "nothing was changed",
    )
    assert Action.get_by_id(1).owner == before  # a connection afresh; the server ended the other's transaction
    EditHistory().do(save_item("action", 1, {"owner": "After the pause"}, None))
    assert Action.get_by_id(1).owner == "After the pause"


def test_a_server_silent_while_saving_says_the_change_may_have_been_saved(
    postgres_server, url: str, monkeypatch
) -> None:
    monkeypatch.setattr(SharedPlanDatabase, "answer_seconds", 2.0)
    open_database(url)
    load_example_plan()
    with contextlib.ExitStack() as pause, pytest.raises(SaveUnsure) as failed, database.atomic():
        Action.update(owner="Saved unawares").where(Action.id == 1).execute()
        pause.enter_context(postgres_server.paused())  # the COMMIT is sent, and not answered
    assert cause(failed.value) == (
        "the database server did not answer for 2 seconds while the change was being saved "
        "(it may be paused or overloaded)"
    )
    assert outcome(failed.value).startswith("the change may or may not have been saved")
    _wait_until(lambda: Action.get_by_id(1).owner == "Saved unawares")  # resumed, the server did commit


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("held", "words"),
    [
        ("LOCK TABLE action IN ACCESS EXCLUSIVE MODE", "another program kept the shared plan database busy"),
        ("SELECT 1", "the database server took too long to answer"),
    ],
)
def test_a_table_held_or_a_slow_statement_is_ended_by_the_server_and_nothing_is_changed(
    url: str, monkeypatch, held: str, words: str
) -> None:
    monkeypatch.setattr(SharedPlanDatabase, "lock_seconds", 1)
    monkeypatch.setattr(SharedPlanDatabase, "statement_seconds", 2)
    open_database(url)
    load_example_plan()
    with other_program(url) as other:
        other.execute(held)  # held until the block ends
        started = time.monotonic()
        with pytest.raises(peewee.OperationalError) as failed, database.atomic():
            Action.update(owner="Never").where(Action.id == 2).execute()
            database.sql().execute("SELECT count(*) FROM action, pg_sleep(5)")
        waited = time.monotonic() - started
    assert waited < 3, waited
    assert cause(failed.value).startswith(words) and outcome(failed.value) == "nothing was changed"
    assert Action.get_by_id(2).owner != "Never"


def _older_file(path: Path) -> Path:
    """A plan database file written by an older version (the first two migrations), holding one inspection."""
    import sqlite3
    from contextlib import closing

    from hmics_desktop.storage.database import APPLICATION_ID

    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for migration in migrations.available_migrations()[:2]:
            db.executescript(f"{migration.sql()}\nPRAGMA user_version = {migration.version};")
        db.execute(
            "INSERT INTO inspection (id, title, version, created_at) VALUES (1, 'Hate Crime 2021', 1, '2024-01-01')"
        )
        db.commit()
    return path


def test_copy_from_an_older_file_updates_it_first_and_copies(postgres_server, tmp_path: Path, capsys) -> None:
    from hmics_desktop.storage.backups import list_backups

    old = _older_file(tmp_path / "old.sqlite")
    server = postgres_server.fresh_database()
    assert main(["copy", "--from", str(old), "--to", server]) == 0
    out, err = capsys.readouterr()
    assert err == f"{old} was written by an older version: it was updated first (a backup was made before).\n"
    assert out.startswith(f"Copied {old} to ") and "1 inspections" in out
    with other_program(server) as copy:
        assert copy.execute("SELECT title FROM inspection").fetchall() == [("Hate Crime 2021",)]
    assert [backup.reason for backup in list_backups(old)] == [f"before-update-to-v{migrations.latest_version()}"]


def test_copy_from_an_older_server_database_says_what_to_do(url: str, tmp_path: Path, capsys) -> None:
    open_database(url)
    close_database()
    with other_program(url) as other:
        other.execute("UPDATE schema_version SET version = 2")
    assert main(["copy", "--from", url, "--to", str(tmp_path / "copy.sqlite")]) == 2
    assert capsys.readouterr().err == (
        f"hmics-desktop copy: {_database_name(url)} on 127.0.0.1 was written by an older version of this application "
        "and must be updated first: open it once with a login that may change it (its owner's).\n"
    )


@pytest.mark.parametrize("password", ["Qv7@Jz4", "Qv7/Jz4", "Qv7:Jz4", "Xk2/Wq@Rm:Pt9?Yb#Hn", "Ux3 Kd%zz&Vf8"])
def test_a_password_typed_as_it_is_in_a_url_opens_and_no_part_of_it_is_ever_shown(
    postgres_server, url: str, password: str, capsys, caplog
) -> None:
    import re

    assert main(["example", "--db", url]) == 0
    login = postgres_server.add_login(url, "typist", password)
    for typed, status in ((password, 0), (f"Wrong{password}", 2)):
        in_url = login.replace("typist@", f"typist:{typed}@")
        as_parameter = f"{login}?password={typed}&connect_timeout=5"
        for location in (in_url, as_parameter):
            assert main(["dump", "--db", location]) == status
            assert main(["copy", "--from", location, "--to", location]) == 2  # it already holds plans
    out, err = capsys.readouterr()
    assert '"Crime Audit 2020"' in out  # the password reached the server whole
    assert "refused the user name or password" in err and "already holds plans" in err
    shown = out + err + caplog.text
    for piece in re.split(r"[@/:?#% &]", password):
        assert piece not in shown, piece
