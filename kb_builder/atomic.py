"""Atomic build outputs: each build goes into a fresh folder, then a symbolic link is flipped to it.

The output ``site`` is a link to a complete build in a hidden folder beside it::

    site -> .site.kb/build-3f9a0c1e
    .site.kb/lock                  the lock every build of ``site`` holds for its whole run
    .site.kb/previous -> build-…   the build before, kept until the next build starts
    .site.kb/build-…               builds: the current one, the previous one, a running one

A build takes the lock (waiting for a running build of the same output), removes
what killed builds left behind (every build that is neither current nor previous),
writes into a new folder, then renames a new link over ``site`` (``os.replace``, one
atomic step): a reader resolves ``site`` to the old build or the new one, never to
a partial one or to nothing. A build killed at any moment leaves the previous output
as it was. The previous build stays until the next build starts, so a reader that
resolved the old folder just before the flip (a server answering a request) can
finish reading it.

An output that is still a plain folder (first build after an older ``kb`` or
``mkdocs build``) becomes the previous build: it is renamed into ``.site.kb/``
and the link takes its place, two renames with an instant between them where
``site`` does not exist. This happens once.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = "lock"
PREVIOUS = "previous"
BUILD_PREFIX = "build-"
LINK_PREFIX = "link-"


def builds_folder(out: Path) -> Path:
    """The hidden folder beside ``out`` that holds its builds and lock (``.site.kb`` for ``site``)."""
    return out.with_name(f".{out.name}.kb")


def output_path(out: Path) -> Path:
    """``out`` made absolute without following our own link; a link someone else made is followed."""
    absolute = Path(os.path.abspath(out))  # '..' and '.' resolved, links not followed
    path = absolute.parent.resolve() / absolute.name
    if path.is_symlink() and _current_build(path) is None:
        return path.resolve()
    return path


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``out``, waiting (with a message) while another build holds it."""
    folder = builds_folder(out)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"kb: waiting for another build of {out} to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # the kernel releases the lock when the file closes, or when the process dies


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a new empty folder to build into; when the block ends without error, it becomes ``out``.

    ``out`` must come from :func:`output_path`. On error the new folder is removed
    and ``out`` is left as it was.
    """
    with output_lock(out):
        remove_leftovers(out)
        staging = _new_build(out)
        try:
            yield staging
            _publish(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def remove_leftovers(out: Path) -> list[str]:
    """Remove from ``out``'s builds folder all but the lock, the current and the previous build; return the names removed."""
    folder = builds_folder(out)
    keep = {LOCK, PREVIOUS, _current_build(out), _previous_build(out)}
    removed = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name in keep:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)
        removed.append(entry.name)
    return removed


def _new_build(out: Path) -> Path:
    """A new empty build folder (permissions from the umask, as any folder the user makes)."""
    path = builds_folder(out) / f"{BUILD_PREFIX}{secrets.token_hex(8)}"
    path.mkdir()
    return path


def _publish(staging: Path, out: Path) -> None:
    """Point ``out`` at ``staging`` in one rename; the replaced build becomes the previous one."""
    folder = builds_folder(out)
    retired = _current_build(out)
    if retired is None and (out.exists() or out.is_symlink()):
        retired = _new_build(out).name
        os.replace(out, folder / retired)  # a plain folder: the one moment where out is missing
    _link(out, f"{folder.name}/{staging.name}", folder)
    if retired is None:
        return
    older = _previous_build(out)
    _link(folder / PREVIOUS, retired, folder)
    if older is not None and older not in (retired, staging.name):
        shutil.rmtree(folder / older, ignore_errors=True)


def _link(path: Path, target: str, scratch: Path) -> None:
    """Make ``path`` a symbolic link to ``target``: a new link made in ``scratch``, renamed over ``path`` (atomic)."""
    temporary = scratch / f"{LINK_PREFIX}{secrets.token_hex(8)}"
    os.symlink(target, temporary)
    os.replace(temporary, path)


def _current_build(out: Path) -> str | None:
    """The build ``out`` points to, when ``out`` is our link."""
    name = _read_link(out).removeprefix(f"{builds_folder(out).name}/")
    return name if name.startswith(BUILD_PREFIX) and "/" not in name else None


def _previous_build(out: Path) -> str | None:
    """The build before the current one, kept for readers that resolved it before the flip."""
    name = _read_link(builds_folder(out) / PREVIOUS)
    return name if name.startswith(BUILD_PREFIX) and "/" not in name else None


def _read_link(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""
