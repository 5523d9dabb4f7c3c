import json

import pytest
from plan_fixture import assert_matches_fixture, without_later_facts

from hmics_desktop import __version__
from hmics_desktop.cli.main import main


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", ["example", "dump"])
def test_every_command_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert "--db" in capsys.readouterr().out


def test_example_then_dump(db_path, capsys, fixture_plan) -> None:
    assert main(["example", "--db", str(db_path)]) == 0
    assert "Crime Audit 2020" in capsys.readouterr().out
    assert main(["dump", "--db", str(db_path)]) == 0
    dumped = json.loads(capsys.readouterr().out)
    assert_matches_fixture(without_later_facts(dumped["plans"][0]), fixture_plan)


def test_errors_are_one_line_with_status_2(tmp_path, capsys) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    assert main(["dump", "--db", str(not_a_db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not a plan database" in err
    assert "Traceback" not in err


def test_unknown_option_is_status_2(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["dump", "--nonsense"])
    assert stop.value.code == 2
