"""The kb command line: exit codes, --help for every command, export and show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb_builder import __version__
from kb_builder.cli import COMMANDS, parser, run

from .conftest import CONTENT, REPO


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kb {__version__}"


def test_every_registered_command_has_help(capsys) -> None:
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"export", "show"} <= set(commands)
    assert set(commands) <= set(COMMANDS)
    for name in commands:
        with pytest.raises(SystemExit) as exit_info:
            run([name, "--help"])
        assert exit_info.value.code == 0
        assert "usage: kb " + name in capsys.readouterr().out


def test_unknown_option_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(["export", "--no-such-option"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_no_command_is_a_usage_error() -> None:
    assert run([]) == 2


def test_missing_content_names_the_folder(tmp_path: Path, capsys) -> None:
    assert run(["export", "--content", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "content folder not found" in err and "nope" in err and "Traceback" not in err


def test_export_writes_api(tmp_path: Path, capsys) -> None:
    assert run(["export", "--content", str(CONTENT), "--out", str(tmp_path)]) == 0
    assert "11 errors (12 codes)" in capsys.readouterr().out
    index = json.loads((tmp_path / "api" / "v1" / "index.json").read_text())
    assert len([e for e in index["entries"] if e["kind"] == "error"]) == 11


def test_show_explains_causes_in_order(capsys) -> None:
    assert run(["show", "guestagentsnapshottaskstatuserror", "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GuestAgentSnapshotTaskStatusError\n")
    positions = [out.index(f"Causa {n}:") for n in range(1, 5)]
    assert positions == sorted(positions)
    assert "services.msc" in out  # the first cause's steps


def test_show_alias_and_json(capsys) -> None:
    assert run(["show", "BackUpOperationFailedV2", "--format", "json", "--content", str(CONTENT)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["codes"] == ["BackUpOperationFailed", "BackUpOperationFailedV2"]
    assert list(payload["locales"]) == ["it-it"]


def test_show_unknown_code_suggests_closest(capsys) -> None:
    assert run(["show", "UserErrorGuestAgentStatusUnavailabel", "--content", str(CONTENT)]) == 1
    err = capsys.readouterr().err
    assert "did you mean UserErrorGuestAgentStatusUnavailable" in err


def test_show_missing_language_exits_1(capsys) -> None:
    assert run(["show", "BackUpOperationFailed", "--lang", "en", "--content", str(CONTENT)]) == 1
    assert "it-it" in capsys.readouterr().err


def test_module_entry_point_runs_from_project_root(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kb_builder", "show", "UserErrorCrpReportedUserError"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "UserErrorCrpReportedUserError" in result.stdout
