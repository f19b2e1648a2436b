"""Atomic build outputs: builds killed with SIGKILL at random moments, concurrent builds, leftovers, the lock."""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from kb_builder.atomic import LOCK, PREVIOUS, atomic_output, builds_folder, output_lock, output_path, remove_leftovers
from search import open_index
from tests.conftest import CONTENT, REPO

EPOCH = "1700000000"
CODE = "UserErrorVmProvisioningStateFailed"
KILLS = 8
SEED = 20261126


def kb_build(content: Path, out: Path) -> subprocess.Popen:
    """``kb build`` in its own process group (so SIGKILL reaches all of it), byte-reproducible."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "kb_builder", "build", "--content", str(content), "--out", str(out)]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(process: subprocess.Popen) -> str:
    """Wait for a build; fail with its output unless it exits 0; return its stderr."""
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, f"kb build exited {process.returncode}:\n{out}\n{err}"
    return err


def manifest(site: Path) -> dict[str, str]:
    """Every file of a build output and its SHA-256 (the output itself may be a link; nothing inside is)."""
    files = {}
    for folder, subfolders, names in os.walk(site):
        for name in names + subfolders:
            assert not os.path.islink(os.path.join(folder, name)), f"a link inside the output: {folder}/{name}"
        for name in names:
            path = Path(folder, name)
            files[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def assert_complete(site: Path) -> None:
    """What a user checks of a build: the home page, the JSON API against its schema, a search that answers."""
    assert (site / "index.html").is_file()
    api = site / "api" / "v1"
    schema = json.loads((api / "schema" / "index.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads((api / "index.json").read_text(encoding="utf-8")))
    hits = open_index(site / "search-index").search(CODE, limit=3)
    assert hits and hits[0].id == CODE


def builds_left(out: Path) -> set[str]:
    """Names in the builds folder besides the lock and the previous-build link."""
    return {p.name for p in builds_folder(out).iterdir()} - {LOCK, PREVIOUS}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[dict[str, str], float]:
    """The manifest of a fresh build of the seed content, and how long that build took."""
    out = tmp_path_factory.mktemp("reference") / "site"
    start = time.monotonic()
    finish(kb_build(CONTENT, out))
    duration = time.monotonic() - start
    assert_complete(out)
    return manifest(out), duration


@pytest.mark.slow
def test_builds_killed_at_random_moments_leave_the_previous_site_complete(tmp_path, reference):
    expected, duration = reference
    out = tmp_path / "site"
    finish(kb_build(CONTENT, out))
    assert manifest(out) == expected
    rng = random.Random(SEED)
    delays = [round(rng.uniform(0, duration), 2) for _ in range(KILLS)]
    print(f"build: {duration:.2f} s; seed {SEED}; SIGKILL after {delays} s")
    for delay in delays:
        before, folders = out.resolve().name, builds_left(out)
        process = kb_build(CONTENT, out)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        assert manifest(out) == expected, f"after a kill at {delay} s"
        assert_complete(out)
        moment = "after the flip" if out.resolve().name != before else "while building" if builds_left(out) - folders else "before writing"
        print(f"killed at {delay} s: {moment}; the output is complete and unchanged")
    before, process = out.resolve().name, kb_build(CONTENT, out)
    while out.resolve().name == before and process.poll() is None:
        time.sleep(0.001)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert out.resolve().name != before, "the build ended before it was killed"
    assert manifest(out) == expected, "after a kill right at the flip"
    print("killed right after the flip: the output is the new build, complete")
    finish(kb_build(CONTENT, out))
    assert manifest(out) == expected
    assert len(builds_left(out)) == 2, "killed builds' folders are removed by the next build: only the current and the previous remain"


@pytest.mark.slow
def test_two_concurrent_builds_leave_one_complete_build(tmp_path, reference):
    expected, _duration = reference
    other = tmp_path / "other"
    shutil.copytree(CONTENT, other)
    article = next(other.rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nUna riga in più.\n", encoding="utf-8")
    finish(kb_build(other, tmp_path / "other-site"))
    expected_other = manifest(tmp_path / "other-site")
    assert expected_other != expected
    out = tmp_path / "site"
    first, second = kb_build(CONTENT, out), kb_build(other, out)
    finish(first), finish(second)
    assert manifest(out) in (expected, expected_other)
    assert_complete(out)
    assert len(builds_left(out)) == 2


def test_a_build_waits_for_the_lock_held_by_another(tmp_path, reference):
    expected, _duration = reference
    out = output_path(tmp_path / "site")
    with output_lock(out):
        process = kb_build(CONTENT, out)
        assert select.select([process.stderr], [], [], 120)[0], "the build said nothing for 120 s"
        assert "waiting for another build" in process.stderr.readline()
        time.sleep(0.5)
        assert process.poll() is None, "the build went on while another held the lock"
        assert not builds_left(out), "the build wrote before it had the lock"
    finish(process)
    assert manifest(out) == expected


def test_output_is_a_link_flipped_to_each_new_build(tmp_path):
    out = output_path(tmp_path / "site")
    for text in ("one", "two", "three"):
        with atomic_output(out) as staging:
            (staging / "index.html").write_text(text, encoding="utf-8")
        assert out.is_symlink() and (out / "index.html").read_text(encoding="utf-8") == text
    previous = builds_folder(out) / PREVIOUS
    assert (previous / "index.html").read_text(encoding="utf-8") == "two"
    assert builds_left(out) == {out.resolve().name, previous.resolve().name}


def test_a_failed_build_leaves_the_output_and_no_folder(tmp_path):
    out = output_path(tmp_path / "site")
    with atomic_output(out) as staging:
        (staging / "index.html").write_text("good", encoding="utf-8")
    before = builds_left(out)
    with pytest.raises(RuntimeError), atomic_output(out) as staging:
        (staging / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("the build failed")
    assert (out / "index.html").read_text(encoding="utf-8") == "good"
    assert builds_left(out) == before


def test_leftovers_of_killed_builds_are_removed_and_current_and_previous_kept(tmp_path):
    out = output_path(tmp_path / "site")
    for text in ("one", "two"):
        with atomic_output(out) as staging:
            (staging / "index.html").write_text(text, encoding="utf-8")
    folder = builds_folder(out)
    (folder / "build-killed" / "assets").mkdir(parents=True)
    os.symlink("build-killed", folder / "link-killed")
    with output_lock(out):
        assert remove_leftovers(out) == ["build-killed", "link-killed"]
    assert (out / "index.html").read_text(encoding="utf-8") == "two"
    assert ((folder / PREVIOUS) / "index.html").read_text(encoding="utf-8") == "one"


def test_a_plain_output_folder_becomes_the_previous_build(tmp_path):
    plain = tmp_path / "site"
    plain.mkdir()
    (plain / "index.html").write_text("old", encoding="utf-8")
    out = output_path(plain)
    with atomic_output(out) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert out.is_symlink() and (out / "index.html").read_text(encoding="utf-8") == "new"
    assert (builds_folder(out) / PREVIOUS / "index.html").read_text(encoding="utf-8") == "old"


def test_a_link_someone_else_made_is_followed(tmp_path):
    (tmp_path / "www").mkdir()
    os.symlink("www/kb", tmp_path / "site")
    out = output_path(tmp_path / "site")
    assert out == tmp_path.resolve() / "www" / "kb"
    with atomic_output(out) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "www" / "kb").is_symlink()


@pytest.mark.parametrize("command", ["index", "export"])
def test_kb_index_and_export_wait_for_a_build_of_the_same_output(tmp_path, command):
    out = output_path(tmp_path / "site")
    env = {**os.environ, "NO_COLOR": "1"}
    with output_lock(out):
        process = subprocess.Popen([sys.executable, "-m", "kb_builder", command, "--content", str(CONTENT), "--out", str(out)], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert select.select([process.stderr], [], [], 120)[0], f"kb {command} said nothing for 120 s"
        assert "waiting for another build" in process.stderr.readline()
        assert not out.exists(), f"kb {command} wrote while a build held the lock"
    finish(process)
    assert out.is_dir()


@pytest.mark.parametrize("out", [".", "..", "content"])
def test_kb_build_refuses_an_output_that_holds_the_project_or_the_content(tmp_path, monkeypatch, capsys, out):
    from kb_builder.cli import run

    shutil.copytree(CONTENT, tmp_path / "project" / "content")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "project" / "mkdocs.yml")
    monkeypatch.chdir(tmp_path / "project")
    assert run(["build", "--content", "content", "--out", out]) == 2
    assert "which the build would replace" in capsys.readouterr().err
    assert (tmp_path / "project" / "content").is_dir() and not list(tmp_path.glob(".*.kb")) and not list((tmp_path / "project").glob(".*.kb"))
