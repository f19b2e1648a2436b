"""Read stage: find the locale roots and articles of a content tree and decode them.

A content tree is ``<root>/<locale>/...`` (one folder per locale, mirroring a
documentation repository), a single locale folder, or a clone of a
documentation repository (``azure-docs.it-it``). Nothing outside the root is
ever read: symlinks that leave it are skipped with a diagnostic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .exclude import Exclusion
from .model import Diagnostic, Severity, SourcePos

LOCALE_RE = re.compile(r"(?:^|[._-])([a-z]{2,3}-[a-z]{2,4})$", re.I)
INCLUDE_DIRS = frozenset({"includes"})
SKIP_DIRS = frozenset({".git", "node_modules", "__pycache__", ".kb-cache"})
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but tab, newline and form feed (ESC starts terminal escape sequences)."""
_NOT_CONTROL_BYTES = bytes(byte for byte in range(256) if not (byte <= 0x08 or byte == 0x0B or 0x0E <= byte <= 0x1F or byte == 0x7F or byte == 0xC2))
"""Bytes that can be no part of a control character (0xC2 leads the UTF-8 form of the C1 controls): a file
made only of these needs no search (``bytes.translate`` deletes them seven times faster than the regex searches)."""
MAX_FILE_BYTES = 4 * 1024 * 1024
"""About 100 times the largest real article; markdown-it-py parses some 0.5 MB/s, so a 20 MB file would take a minute per run."""


@dataclass(frozen=True)
class SourceFile:
    """One markdown file, decoded."""

    path: str
    """Relative to the content root, posix style."""
    locale: str
    rel_path: str
    """Relative to its locale root."""
    text: str
    digest: str
    """sha256 of the bytes, for caching."""


@dataclass(frozen=True)
class LocaleRoot:
    """A folder that mirrors a documentation repository's root for one locale."""

    locale: str
    path: Path
    prefix: str
    """Its path relative to the content root ('' when it is the root)."""


def locale_roots(root: Path) -> list[LocaleRoot]:
    """The locale folders under ``root``, or ``root`` itself when it is one."""
    children = sorted(p for p in root.iterdir() if p.is_dir() and LOCALE_RE.fullmatch(p.name) and _inside(p, root)) if root.is_dir() else []
    if children:
        return [LocaleRoot(child.name.lower(), child, child.name) for child in children]
    match = LOCALE_RE.search(root.resolve().name)
    return [LocaleRoot(match.group(1).lower() if match else "", root, "")]


def is_include_file(rel_path: str) -> bool:
    """Files under an ``includes`` folder are inserted into articles, not articles themselves."""
    return any(part.lower() in INCLUDE_DIRS for part in rel_path.split("/")[:-1])


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text (BOM dropped, line endings normalised); bad bytes and control characters replaced and reported."""
    problems: list[Diagnostic] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            Diagnostic(
                "encoding",
                Severity.ERROR,
                f"bytes that are not UTF-8 (0x{data[error.start]:02x}); they were replaced with U+FFFD",
                SourcePos(path, line, col),
                "save the file as UTF-8",
            )
        )
        text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = CONTROL_RE.search(text) if data.translate(None, _NOT_CONTROL_BYTES) else None
    if control:
        line = text.count("\n", 0, control.start()) + 1
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        message = f"control character U+{ord(control.group()):04X} (it could drive a terminal or hide text); control characters were replaced with U+FFFD"
        problems.append(Diagnostic("encoding", Severity.ERROR, message, SourcePos(path, line, col), "delete the control characters"))
        text = CONTROL_RE.sub("\ufffd", text)
    return text, problems


def read_file(root: Path, file: Path, locale_root: LocaleRoot) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read one file, or explain why it could not be read."""
    import hashlib

    rel = relative_posix(file, root)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Diagnostic("unreadable-file", Severity.ERROR, f"file is {size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit", SourcePos(rel, 1), "split the article")]
        data = file.read_bytes()
    except OSError as error:
        return None, [Diagnostic("unreadable-file", Severity.ERROR, f"cannot read file: {error.strerror}", SourcePos(rel, 1))]
    if b"\x00" in data[:8192] and not _looks_like_text(data[:8192]):
        return None, [Diagnostic("unreadable-file", Severity.ERROR, "binary file with a .md name; it was skipped", SourcePos(rel, 1), "remove it or give it another extension")]
    text, problems = decode(data, rel)
    return SourceFile(rel, locale_root.locale, relative_posix(file, locale_root.path), text, hashlib.sha256(data).hexdigest()), problems


def relative_posix(path: Path, base: Path) -> str:
    """``path`` relative to ``base``, a folder it lies in, with forward slashes (string work: pathlib's took a tenth of a cached load)."""
    text, prefix = str(path), str(base) + os.sep
    if text.startswith(prefix):
        return text[len(prefix) :].replace(os.sep, "/")
    return path.relative_to(base).as_posix()


def _looks_like_text(data: bytes) -> bool:
    try:
        data.decode("utf-16")
    except UnicodeDecodeError:
        return False
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def markdown_files(root: Path, locale_root: LocaleRoot, exclusion: Exclusion | None = None) -> tuple[list[Path], list[Diagnostic]]:
    """Every ``.md`` file under a locale root, sorted; symlinks leaving the root and excluded files skipped."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    resolved_root = root.resolve()
    exclusion = exclusion or Exclusion(())
    for folder, dirs, files in os.walk(locale_root.path, followlinks=False):
        base = Path(folder)
        inside = relative_posix(base, locale_root.path) + "/" if base != locale_root.path else ""
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".") and not exclusion.excludes_folder(inside + d))
        for name in dirs:
            if (base / name).is_symlink() and not _inside(base / name, resolved_root):
                rel = (base / name).relative_to(root).as_posix()
                problems.append(Diagnostic("outside-root", Severity.ERROR, "symlinked folder points outside the content root; it was not read", SourcePos(rel, 1), "replace the link with the folder itself"))
        for name in files:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if CONTROL_RE.search(rel) and name.lower().endswith(".md"):
                message = "the file's path holds control characters (they could drive a terminal); it was not read"
                problems.append(Diagnostic("unreadable-file", Severity.ERROR, message, SourcePos(escape_controls(rel), 1), "rename the file or its folder"))
                continue
            if path.is_symlink() and not _inside(path, resolved_root):
                problems.append(Diagnostic("outside-root", Severity.ERROR, "symlink points outside the content root; it was not read", SourcePos(rel, 1), "replace the link with the file itself"))
                continue
            if not name.lower().endswith(".md") or not path.is_file() or exclusion.excludes(inside + name):
                continue
            found.append(path)
    return sorted(found, key=lambda p: relative_posix(p, root)), problems


def escape_controls(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``), safe to print."""
    return CONTROL_RE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def inside_root(path: Path, root: Path) -> bool:
    """True when ``path`` (symlinks resolved) lies within ``root``."""
    return _inside(path, root)
