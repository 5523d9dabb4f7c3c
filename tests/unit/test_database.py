import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from hmics_desktop.storage import migrations
from hmics_desktop.storage.backups import list_backups
from hmics_desktop.storage.database import (
    DatabaseDamaged,
    DatabaseTooNew,
    NotAPlanDatabase,
    close_database,
    integrity_problems,
    open_database,
)
from hmics_desktop.storage.models import Action, Inspection, Recommendation
from hmics_desktop.storage.plan_database import WRITE_CACHE_KIB


@pytest.mark.sqlite_only
def test_new_database_has_the_latest_schema_and_safe_pragmas(plan_db, db_path: Path) -> None:
    connection = plan_db.connection()
    assert migrations.schema_version(connection) == migrations.latest_version()
    assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 100


@pytest.mark.sqlite_only
def test_a_write_keeps_its_pages_in_memory_and_gives_the_room_back(plan_db) -> None:
    connection = plan_db.connection()

    def caches() -> tuple[int, int, int]:
        return tuple(connection.execute(f"PRAGMA {name}").fetchone()[0]  # type: ignore[return-value]
                     for name in ("main.cache_size", "temp.cache_size", "synchronous"))  # fmt: skip

    before = caches()
    with plan_db.atomic():
        Inspection.create(title="Hate Crime 2021")
        assert caches() == (-WRITE_CACHE_KIB, -WRITE_CACHE_KIB, before[2])  # durability as it was
    assert caches() == before
    with pytest.raises(ZeroDivisionError), plan_db.atomic():
        Inspection.create(title="Custody 2022")
        1 / 0  # noqa: B018
    assert caches() == before
    with plan_db.snapshot():  # a read keeps the cache it had
        assert caches() == before
    assert [title for (title,) in connection.execute("SELECT title FROM inspection")] == ["Hate Crime 2021"]


def test_foreign_keys_are_enforced(plan_db) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        Recommendation.create(inspection=999, number=1, text="x")


def test_numbers_are_unique_within_their_parent(plan_db) -> None:
    inspection = Inspection.create(title="Hate Crime 2021")
    recommendation = Recommendation.create(inspection=inspection, number=1, text="x")
    Recommendation.create(inspection=inspection, number=1, kind="area_for_development", text="y")
    with pytest.raises(Exception, match=r"(?i)unique"):
        Recommendation.create(inspection=inspection, number=1, text="again")
    Action.create(recommendation=recommendation, position=1, text="a")
    with pytest.raises(Exception, match=r"(?i)unique"):
        Action.create(recommendation=recommendation, position=1, text="b")


def test_month_precision_is_stored_honestly(plan_db) -> None:
    from hmics_desktop.domain.dates import PlanDate

    inspection = Inspection.create(title="Custody (D&G)")
    Recommendation.create(inspection=inspection, number=1, text="x", initial_target=PlanDate(2022, 9))
    raw = plan_db.execute_sql("SELECT initial_target FROM recommendation").fetchone()[0]
    assert raw == "2022-09"
    assert Recommendation.get().initial_target == PlanDate(2022, 9)


def test_audit_trail_is_append_only(plan_db) -> None:
    plan_db.execute_sql(
        'INSERT INTO audit_entry (at, "user", entity, entity_id, change) '
        "VALUES ('2024-01-01', 'me', 'action', 1, 'create')"
    )
    with pytest.raises(Exception, match="audit trail"):
        plan_db.execute_sql("DELETE FROM audit_entry")


def test_migration_takes_a_backup_first(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "plans.sqlite"
    open_database(path)
    Inspection.create(title="Crime Audit 2020")
    close_database()

    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    for migration in migrations.available_migrations():
        (folder / migration.path.name).write_text(migration.sql(), encoding="utf-8")
    (folder / "9999_unused.sql").write_text("-- ignored: not numbered in sequence\n")
    (folder / "9999_unused.sql").unlink()
    next_number = migrations.latest_version() + 1
    (folder / f"{next_number:04d}_add_note.sql").write_text('ALTER TABLE "inspection" ADD COLUMN "note" TEXT;')
    monkeypatch.setattr(migrations, "db_folder", lambda: tmp_path / "db")

    open_database(path)
    close_database()
    backups = list_backups(path)
    assert [b.reason for b in backups] == [f"before-update-to-v{next_number}"]
    with closing(sqlite3.connect(backups[0].path)) as copy, copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == next_number - 1
        assert copy.execute("SELECT title FROM inspection").fetchall() == [("Crime Audit 2020",)]
    with closing(sqlite3.connect(path)) as migrated, migrated:
        assert migrated.execute("PRAGMA user_version").fetchone()[0] == next_number
        assert migrated.execute("SELECT title, note FROM inspection").fetchall() == [("Crime Audit 2020", None)]


def test_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("PRAGMA user_version = 999")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(NotAPlanDatabase, match="not a plan database"):
        open_database(path)
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as connection, connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(NotAPlanDatabase, match="not a plan database of this application"):
        open_database(other)


def test_damaged_database_is_reported_and_can_be_opened_read_only(db_path: Path) -> None:
    open_database(db_path)
    inspection = Inspection.create(title="Crime Audit 2020")
    for number in range(1, 400):
        Recommendation.create(inspection=inspection, number=number, text="x" * 200)
    plan_db = Inspection._meta.database
    plan_db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    last_page = len(data) // page_size
    for page in range(last_page - 6, last_page - 1):  # scribble over recommendation pages at the end
        start = page * page_size
        data[start : start + 40] = b"\xff" * 40
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="damaged"):
        open_database(db_path)
    open_database(db_path, read_only=True, check=False)
    assert Inspection.select().count() == 1
    close_database()
    assert integrity_problems(db_path) is not None  # the window's check, in the background, says so too


def test_the_background_check_calls_damaged_only_a_file_it_could_read(db_path: Path, tmp_path: Path) -> None:
    open_database(db_path)
    close_database()
    assert integrity_problems(db_path) is None
    moved = tmp_path / "moved.sqlite"
    db_path.rename(moved)  # renamed by a colleague, or a network folder gone for a moment, during the check
    assert integrity_problems(db_path) is None  # it had said "damaged" (and closed the window if not read-only)
    (tmp_path / "not-a-database.sqlite").write_bytes(b"\x00" * 4096)
    assert integrity_problems(tmp_path / "not-a-database.sqlite") is not None


@pytest.mark.parametrize("opened", [True, False], ids=["open", "closed"])
def test_a_setting_patched_on_the_models_database_is_put_back(db_path: Path, opened: bool) -> None:
    from hmics_desktop.storage.models import database

    if opened:
        open_database(db_path)
    try:
        before = database.write_wait_seconds
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(database, "write_wait_seconds", 0.5)
            assert database.write_wait_seconds == 0.5
        assert database.write_wait_seconds == before
    finally:
        close_database()
