"""A step's writes on a server go without waiting for their answers; whatever stops them, it is as if never sent.

The rows of a step (and its history and audit, sent last, answered with the COMMIT) reach the
server in psycopg's pipeline; their errors come in with a later statement's answer. Whatever
refuses or cuts them — a rule of the server's administrator, a time limit, another program
holding a table, the connection ended — the error said is the real one, nothing of the step is
kept, and the next step carries on (a new connection if need be). A COMMIT whose answer never
comes may have been saved, and that is said.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import peewee
import psycopg
import pytest
from other_program import other_program
from plan_fixture import LEGACY_WORKBOOK
from workbooks import write_xlsx

from hmics_desktop.cli.main import main
from hmics_desktop.excel.workbook_parser import ImportOptions
from hmics_desktop.services.edit_history import EditHistory
from hmics_desktop.services.importing import ON_RECORD, commit_import, import_file, preview_import
from hmics_desktop.services.item_edits import save_item
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.failures import cause, outcome
from hmics_desktop.storage.models import Action, RowHistory, database
from hmics_desktop.storage.plan_database import SavedUnanswered
from hmics_desktop.storage.shared_database import WRITE_LOCK, SharedPlanDatabase

TABLES = ("inspection", "action", "progress_update", "action_link", "row_history", "audit_entry")


@pytest.fixture
def url(example_on_server: str) -> str:
    """A server database holding the example plan (closed: each test opens it as it needs)."""
    return example_on_server


def _rows(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in TABLES}


def _rule(url: str, table: str, body: str) -> None:
    """The administrator's rule on ``table``: ``body`` runs before each row is written."""
    with other_program(url) as other:
        other.execute(f"CREATE FUNCTION rule() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NEW; END $$")
        other.execute(f'CREATE TRIGGER rule BEFORE INSERT OR UPDATE ON "{table}" FOR EACH ROW EXECUTE FUNCTION rule()')


def _no_rule(url: str) -> None:
    with other_program(url) as other:
        other.execute("DROP FUNCTION rule() CASCADE")


def _import(url: str, capsys) -> tuple[int, str]:
    status = main(["import", str(LEGACY_WORKBOOK), "--db", url])
    return status, capsys.readouterr().err


def _the_next_step_is_saved() -> None:
    EditHistory().do(save_item("action", 1, {"owner": "The next step"}, None))
    assert Action.get_by_id(1).owner == "The next step"


@pytest.mark.logs_error("the import command failed")
@pytest.mark.parametrize("table", ["inspection", "progress_update", "action_link", "row_history", "audit_entry"])
def test_an_import_refused_by_a_rule_of_the_server_says_the_rule_s_words_and_keeps_nothing(
    url: str, table: str, capsys
) -> None:
    """The history and audit are sent last: their refusal comes with the COMMIT's answer."""
    before = _rows(url)
    _rule(url, table, "RAISE EXCEPTION 'the board has not approved this plan yet'")
    status, err = _import(url, capsys)
    assert status == 2 and "the board has not approved this plan yet" in err and "Traceback" not in err, err
    assert _rows(url) == before
    _no_rule(url)
    assert _import(url, capsys)[0] == 0  # the same import, allowed
    assert _rows(url)["inspection"] == before["inspection"] + 1


@pytest.mark.parametrize("table", ["action", "row_history", "audit_entry"])
def test_an_edit_refused_by_a_rule_of_the_server_is_said_and_the_connection_carries_on(url: str, table: str) -> None:
    open_database(url)
    before = _rows(url)
    _rule(url, table, "RAISE EXCEPTION 'edits are closed for the audit'")
    with pytest.raises(peewee.DatabaseError, match="edits are closed for the audit"):
        EditHistory().do(save_item("action", 2, {"owner": "Never"}, None))
    assert _rows(url) == before
    _no_rule(url)
    _the_next_step_is_saved()  # on the same connection


def test_a_write_ended_by_the_server_s_time_limit_is_said_so_and_nothing_is_kept(url: str, monkeypatch) -> None:
    monkeypatch.setattr(SharedPlanDatabase, "statement_seconds", 1)
    open_database(url)
    before = _rows(url)
    _rule(url, "audit_entry", "PERFORM pg_sleep(5)")
    with pytest.raises(peewee.OperationalError) as failed:
        EditHistory().do(save_item("action", 2, {"owner": "Never"}, None))
    assert (cause(failed.value), outcome(failed.value)) == (
        "the database server took too long to answer (it may be overloaded)",
        "nothing was changed",
    )
    assert _rows(url) == before
    _no_rule(url)
    _the_next_step_is_saved()


def test_a_write_kept_waiting_by_another_program_is_said_so_and_nothing_is_kept(url: str, monkeypatch) -> None:
    monkeypatch.setattr(SharedPlanDatabase, "lock_seconds", 1)
    open_database(url)
    before = _rows(url)
    with other_program(url) as other, pytest.raises(peewee.OperationalError) as failed:
        other.execute("LOCK TABLE row_history IN EXCLUSIVE MODE")  # it reads; nobody adds to it until it ends
        EditHistory().do(save_item("action", 2, {"owner": "Never"}, None))
    assert cause(failed.value) == "another program kept the shared plan database busy for too long"
    assert outcome(failed.value) == "nothing was changed"
    assert _rows(url) == before
    _the_next_step_is_saved()


@pytest.mark.logs_error("the import command failed")
@pytest.mark.parametrize("table", ["progress_update", "row_history", "audit_entry"])
def test_a_connection_ended_while_an_import_s_writes_are_on_their_way_keeps_nothing(
    url: str, table: str, capsys
) -> None:
    before = _rows(url)
    _rule(url, table, "PERFORM pg_terminate_backend(pg_backend_pid())")  # as the administrator ending the session
    status, err = _import(url, capsys)
    assert status == 2 and "connection" in err and err.rstrip().endswith("nothing was changed."), err
    assert _rows(url) == before
    _no_rule(url)
    open_database(url)
    _the_next_step_is_saved()


def _end_the_connection(url: str, sparing: tuple[int, ...] = (0,)) -> None:
    """The administrator ends the program's session (as a server restarted, to the program), not those ``sparing``."""
    with psycopg.connect(url, autocommit=True) as administrator:
        administrator.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> ALL(%s)",
            (list(sparing),),
        )


@pytest.mark.parametrize("change", ["import", "edit"])
def test_a_connection_ended_after_the_opening_is_said_lost_at_the_next_change_and_keeps_nothing(
    url: str, change: str
) -> None:
    """The layouts and names asked with the opening come from then; the drop is met by the change's ``BEGIN``."""
    open_database(url, ahead=ON_RECORD)
    before = _rows(url)
    _end_the_connection(url)
    with pytest.raises(peewee.OperationalError) as failed:
        if change == "import":
            import_file(LEGACY_WORKBOOK)
        else:
            EditHistory().do(save_item("action", 2, {"owner": "Never"}, None))
    assert cause(failed.value) in (  # as the driver met the drop: told by the server, or found closed
        "the database server ended the connection (it may be restarting); try again",
        "the connection to the database server was lost; try again",
    )
    assert outcome(failed.value) == "nothing was changed"
    assert _rows(url) == before
    _the_next_step_is_saved()  # on a new connection


@pytest.mark.parametrize("change", ["import", "edit"])
def test_a_connection_ended_while_waiting_for_another_writer_is_said_lost_and_keeps_nothing(
    url: str, change: str
) -> None:
    """The change waits for the write lock in rounds, each a statement: the one that meets the drop says it."""
    open_database(url)
    before = _rows(url)
    here = database.sql().execute("SELECT pg_backend_pid()").fetchone()[0]  # this thread's connection: kept
    waiting = threading.Event()
    database.on_wait = lambda _seconds: waiting.set()
    failed: list[BaseException] = []

    def make_the_change() -> None:
        try:
            if change == "import":
                import_file(LEGACY_WORKBOOK)
            else:
                EditHistory().do(save_item("action", 2, {"owner": "Never"}, None))
        except Exception as error:  # what the change raised is the test's subject
            failed.append(error)
        finally:
            close_database()  # this thread's connection

    changer = threading.Thread(target=make_the_change)
    try:
        with other_program(url) as other:
            other.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            changer.start()
            assert waiting.wait(60)
            _end_the_connection(url, sparing=(here, other.execute("SELECT pg_backend_pid()").fetchone()[0]))
        changer.join(60)
    finally:
        database.on_wait = None
    assert len(failed) == 1 and isinstance(failed[0], peewee.OperationalError), failed
    assert cause(failed[0]) == "the database server ended the connection (it may be restarting); try again"
    assert outcome(failed[0]) == "nothing was changed"
    assert _rows(url) == before
    _the_next_step_is_saved()


def test_a_login_that_may_only_read_is_told_so_and_writes_nothing(postgres_server, url: str, capsys) -> None:
    reader = postgres_server.add_login(url, "reader", "secret", may_write=False)
    before = _rows(url)
    open_database(reader, password="secret")
    with pytest.raises(peewee.DatabaseError) as failed:
        EditHistory().do(save_item("action", 2, {"owner": "Never"}, None))
    assert cause(failed.value) == "the shared plan database is open read-only (for your login, or as asked)"
    close_database()
    address = reader.replace("reader@", "reader:secret@")
    status, err = _import(address, capsys)
    assert status == 2 and "read-only here (for your login)" in err and "secret" not in err, err
    assert _rows(url) == before


def test_an_address_through_a_local_socket_with_options_of_its_own_gets_the_limits_and_saves(
    postgres_server, url: str
) -> None:
    name = url.rsplit("/", 1)[1]
    open_database(
        f"postgresql://postgres@/{name}?host={postgres_server.root}&port={postgres_server.port}"
        "&application_name=secretary&options=-c%20search_path%3Dpublic"
    )
    asked = "SELECT current_setting('statement_timeout'), current_setting('search_path'), inet_server_addr()"
    assert database.sql().execute(asked).fetchone() == ("15s", "public", None)  # no address: the socket
    _the_next_step_is_saved()


def test_a_connection_lost_while_saving_says_the_change_may_have_been_saved(url: str) -> None:
    """The COMMIT is sent and its answer never comes: the server may have committed (here it does, after)."""
    open_database(url)
    backend = database.sql().execute("SELECT pg_backend_pid()").fetchone()[0]
    client = socket.socket(fileno=os.dup(database.connection().pgconn.socket))
    with other_program(url) as other:  # the COMMIT waits on a lock held here (a check run when saving)
        other.execute("CREATE FUNCTION held() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$")  # fmt: skip
        other.execute("CREATE CONSTRAINT TRIGGER held AFTER INSERT ON audit_entry DEFERRABLE INITIALLY DEFERRED "
                      "FOR EACH ROW EXECUTE FUNCTION held()")  # fmt: skip
    with psycopg.connect(url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(4242)")

        def cut_while_committing() -> None:
            waiting = "SELECT 1 FROM pg_stat_activity WHERE pid = %s AND wait_event = 'advisory'"
            with psycopg.connect(url, autocommit=True) as watcher:
                _wait_until(lambda: watcher.execute(waiting, (backend,)).fetchone() is not None, 30)
            client.shutdown(socket.SHUT_RDWR)  # the network drops while the COMMIT is on the server

        cutter = threading.Thread(target=cut_while_committing)
        cutter.start()
        with pytest.raises(peewee.OperationalError) as failed:
            EditHistory().do(save_item("action", 1, {"owner": "Saved unawares"}, None))
        cutter.join(30)
        holder.execute("SELECT pg_advisory_unlock(4242)")  # once the program has asked: the COMMIT still waited
    client.close()
    assert cause(failed.value) == "the connection to the database server was lost while the change was being saved"
    assert outcome(failed.value).startswith("the change may or may not have been saved")
    _wait_until(lambda: Action.get_by_id(1).owner == "Saved unawares", 30)  # the server did commit


def _edit(history: EditHistory, _folder: Path) -> Callable[[], None]:
    return lambda: history.do(save_item("action", 1, {"owner": "Saved, unanswered"}, None))


def _file_import(history: EditHistory, tmp_path: Path) -> Callable[[], None]:
    """An import of a file giving action 1.1 another owner (previewed now); the window's flow takes a step saved."""
    rows = [["APPENDIX B - Progress Update as at 1st December 2026"], ["Recommendation", "Action", "Owner"],
            ["Recommendation 1 Publish audits", "1.1 Report to SPA", "Saved, unanswered"]]  # fmt: skip
    preview = preview_import(write_xlsx(tmp_path / "plan.xlsx", {"Crime Audit 2020": rows}), ImportOptions())

    def work() -> None:
        try:
            history.record(commit_import(preview)[0])
        except SavedUnanswered as saved:
            history.record_saved(saved)
            raise

    return work


@pytest.mark.parametrize(
    ("save", "step"),
    [(_edit, "edit of action 1.1"), (_file_import, "import of Crime Audit 2020")],
    ids=["edit", "import"],
)
def test_a_connection_lost_once_the_change_is_saved_says_it_was_saved_and_undo_takes_back_exactly_it(
    url: str, tmp_path: Path, save, step: str
) -> None:
    """The server commits; the answer never reaches the program, which asks the server what became of the change.

    The step (its rows, its number) was known before the COMMIT was sent: it is on the undo list, and
    its undo, on a new connection, withdraws that step's history and nothing else.
    """
    open_database(url)
    history = EditHistory()
    work = save(history, tmp_path)
    owner_before = Action.get_by_id(1).owner
    failed = _answer_lost_once_saved(url, work, "SELECT 1 FROM action WHERE id = 1 AND owner = 'Saved, unanswered'")
    assert cause(failed) == "the connection to the database server was lost just as the change was saved"
    assert outcome(failed) == "the change was saved, and Edit ▸ Undo takes it back"
    assert history.next_undo() == step
    assert Action.get_by_id(1).owner == "Saved, unanswered"  # read on a new connection
    [saved_step] = {row.step for row in RowHistory.select().where(RowHistory.new.contains("Saved, unanswered"))}
    assert history.undo() == step
    assert Action.get_by_id(1).owner == owner_before
    assert {row.undoes for row in RowHistory.select().where(RowHistory.undoes.is_null(False))} == {saved_step}


def _answer_lost_once_saved(url: str, work: Callable[[], object], saved: str) -> peewee.OperationalError:
    """``work``'s change, committed by the server, its answer lost: the error raised (``saved``: a row once saved).

    The COMMIT waits on a lock held here (a check run when saving); once the server has committed, the
    program's end of the link is made to lead nowhere.
    """
    connection = database.connection()
    backend = database.sql().execute("SELECT pg_backend_pid()").fetchone()[0]
    with other_program(url) as other:
        other.execute("CREATE FUNCTION held() RETURNS trigger LANGUAGE plpgsql AS "
                      "$$ BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$")  # fmt: skip
        other.execute("CREATE CONSTRAINT TRIGGER held AFTER INSERT ON audit_entry DEFERRABLE INITIALLY DEFERRED "
                      "FOR EACH ROW EXECUTE FUNCTION held()")  # fmt: skip
    with psycopg.connect(url, autocommit=True) as holder, psycopg.connect(url, autocommit=True) as watcher:
        holder.execute("SELECT pg_advisory_lock(4242)")
        lost: list[bool] = []

        def lose_the_answer_once_saved(_seconds: float) -> None:  # told while a statement waits
            committing = "SELECT 1 FROM pg_stat_activity WHERE pid = %s AND wait_event = 'advisory'"
            if lost or watcher.execute(committing, (backend,)).fetchone() is None:
                return  # not the COMMIT waiting on the lock (a slow statement before it)
            lost.append(True)
            holder.execute("SELECT pg_advisory_unlock(4242)")
            _wait_until(lambda: watcher.execute(saved).fetchone() is not None, 30)  # committed, its answer sent
            gone, far_end = socket.socketpair()  # the program's end of the link now leads nowhere
            os.dup2(gone.fileno(), connection.pgconn.socket)
            gone.close()
            far_end.close()

        database.on_wait = lose_the_answer_once_saved
        try:
            with pytest.raises(peewee.OperationalError) as failed:
                work()
        finally:
            database.on_wait = None
    with other_program(url) as other:
        other.execute("DROP FUNCTION held() CASCADE")  # later changes commit at once
    assert lost
    return failed.value


def _wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_statement_sent_behind_a_refused_write_is_usable_at_once_after(url: str, monkeypatch) -> None:
    """A statement sent behind a write the server refuses is usable at once after.

    psycopg would prepare it at its sixth use, naming it as it is sent; the server, skipping what
    follows the refusal, never makes it, and its next use must not name it ("prepared statement …
    does not exist").
    """
    monkeypatch.setattr(SharedPlanDatabase, "lock_seconds", 1)
    open_database(url)
    sql, connection = database.sql(), database.connection()
    often = 'SELECT count(*) FROM "action" WHERE id > ?'
    for above in range(5):
        sql.execute(often, (above,)).fetchone()
        with database.atomic() as preview:  # as an import's preview ends: rolled back
            preview.rollback()
    with other_program(url) as other, pytest.raises(peewee.OperationalError):
        other.execute("LOCK TABLE audit_entry IN EXCLUSIVE MODE")  # the write waits, then is refused
        with database.atomic():
            connection.send('INSERT INTO "audit_entry" ("at", "user", entity, entity_id, change) '
                            "VALUES ('2025-01-01', 'me', 'action', 1, 'update')")  # fmt: skip
            connection.send(often.replace("?", "%s"), (6,))  # sent while the write waits: its sixth use
            sql.execute("SELECT 1")
    assert sql.execute(often, (0,)).fetchone()[0] == Action.select().count()
    _the_next_step_is_saved()


def test_an_undo_whose_answer_was_lost_is_said_saved_and_is_then_on_the_redo_list(url: str) -> None:
    """The server commits the undo; its answer never reaches the program (as for a change: the test above).

    The undo was made: the step goes to the redo list as after any undo, and what is said does not ask the
    user to change it back by hand; Undo does not offer the same step again (it could only fail).
    """
    open_database(url)
    history = EditHistory()
    owner_before = Action.get_by_id(1).owner
    history.do(save_item("action", 1, {"owner": "Undone, unanswered"}, None))
    assert owner_before is None  # the example plan names no owners
    failed = _answer_lost_once_saved(url, history.undo, "SELECT 1 FROM action WHERE id = 1 AND owner IS NULL")
    assert Action.get_by_id(1).owner == owner_before  # the undo was saved (read on a new connection)
    assert cause(failed) == "the connection to the database server was lost just as the change was saved"
    assert "change it back by hand" not in outcome(failed), outcome(failed)
    assert history.next_undo() is None
    assert history.next_redo() == "edit of action 1.1"
    assert history.redo() == "edit of action 1.1"
    assert Action.get_by_id(1).owner == "Undone, unanswered"


def test_a_change_saved_whose_answer_was_lost_is_undone_after_later_edits_in_turn(url: str) -> None:
    """Saved, its answer lost, then edited again (the same field and another): Undo takes each back in turn."""
    open_database(url)
    history = EditHistory()
    before = Action.get_by_id(1)
    failed = _answer_lost_once_saved(
        url,
        lambda: history.do(save_item("action", 1, {"owner": "Saved, unanswered"}, None)),
        "SELECT 1 FROM action WHERE id = 1 AND owner = 'Saved, unanswered'",
    )
    assert outcome(failed) == "the change was saved, and Edit ▸ Undo takes it back"
    history.do(save_item("action", 1, {"owner": "Edited after"}, None))
    history.do(save_item("action", 1, {"text": "Worded after"}, None))
    history.do(save_item("action", 2, {"owner": "Another action"}, None))
    undone = [history.undo() for _ in range(4)]
    assert None not in undone and undone[1:] == ["edit of action 1.1"] * 3, undone
    again = Action.get_by_id(1)
    assert (again.owner, again.text) == (before.owner, before.text)
    assert Action.get_by_id(2).owner != "Another action"
    assert history.next_undo() is None
    assert None not in [history.redo() for _ in range(4)]
    assert (Action.get_by_id(1).owner, Action.get_by_id(1).text) == ("Edited after", "Worded after")


def test_a_redo_whose_answer_was_lost_is_said_saved_and_is_then_on_the_undo_list(url: str) -> None:
    """As the undo above: the redo was made, so the step is on the undo list and Redo does not offer it again."""
    open_database(url)
    history = EditHistory()
    history.do(save_item("action", 1, {"owner": "Redone, unanswered"}, None))
    history.undo()
    failed = _answer_lost_once_saved(
        url, history.redo, "SELECT 1 FROM action WHERE id = 1 AND owner = 'Redone, unanswered'"
    )
    assert Action.get_by_id(1).owner == "Redone, unanswered"  # the redo was saved (read on a new connection)
    assert "change it back by hand" not in outcome(failed), outcome(failed)
    assert (history.next_undo(), history.next_redo()) == ("edit of action 1.1", None)
    assert history.undo() == "edit of action 1.1"
    assert Action.get_by_id(1).owner is None
