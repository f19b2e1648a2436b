"""An error entry as terminal text: message, description, causes in order with their steps."""

from __future__ import annotations

import os
import textwrap

from .catalog import Catalog, ErrorRecord
from .model import CauseSection, Document, ErrorEntry
from .text import to_plain

WIDTH = 100


def _style(color: bool):
    enabled = color and not os.environ.get("NO_COLOR")

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if enabled else text

    return paint


def _block(text: str, indent: str = "  ") -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=indent) for p in paragraphs)


def render_error(catalog: Catalog, record: ErrorRecord, document: Document, entry: ErrorEntry, color: bool = False, evidence: bool = False) -> str:
    """The whole explanation of one error; with ``evidence``, why kb takes it for an error entry."""
    paint = _style(color)
    out: list[str] = [paint(" / ".join(record.codes) or record.id, "1;36")]
    title = entry.title.local or entry.title.english or ""
    if title:
        out.append(paint(title, "1"))
    if entry.message:
        out += ["", paint("Messaggio", "1;33") if document.locale.startswith("it") else paint("Message", "1;33"), _block(to_plain(entry.message.local or ""))]
        if entry.message.english and entry.message.local:
            out.append(_block(f"English: {entry.message.english}"))
    if entry.description:
        out += ["", _block(to_plain(entry.description))]
    if entry.steps:
        out.append("")
        out += [_block(f"{number}. {to_plain(step)}") for number, step in enumerate(entry.steps, 1)]
    if entry.recommended_action:
        out += ["", paint("Azione consigliata" if document.locale.startswith("it") else "Recommended action", "1;33"), _block(to_plain(entry.recommended_action))]
    for note in entry.notes:
        out += ["", paint(f"[{note.kind}]", "1;35"), _block(to_plain(note.markdown))]
    for ref in entry.causes:
        cause = next((c for c in document.causes if ref.anchor in c.anchors), None)
        label = f"{ref.label}: " if ref.label else ""
        out += ["", paint(f"{label}{ref.text.local or ref.text.english}", "1;32")]
        if cause is not None:
            out.append(_cause_text(cause))
            out.append(paint(f"  -> {catalog.cause_url(catalog.cause_id_of(document, cause), document.locale)}", "2"))
    out += ["", paint(f"{document.path}:{entry.source.line}", "2"), paint(f"{catalog.url_of(document, entry)}", "2")]
    if evidence:
        out += ["", paint(f"Evidence (confidence {entry.confidence:.2f}, {entry.origin}):", "1")]
        out += [f"  {item.weight:.2f}  {item.signal:<16} line {item.line}: {item.detail}" for item in entry.evidence]
    return "\n".join(out) + "\n"


def _cause_text(cause: CauseSection) -> str:
    parts = [to_plain(cause.body)] + [f"{sub.title.local or sub.title.english}\n{to_plain(sub.markdown)}" for sub in cause.subsections]
    return "\n".join(_block(p, "    ") for p in parts if p.strip())
