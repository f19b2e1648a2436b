"""Export stage: the catalog -> a versioned, deterministic JSON API under ``api/v1/``.

Files: ``index.json``, ``errors/<CODE>.json`` (aliases included),
``causes/<id>.json``, ``anchors.json`` and ``schema/*.schema.json``. Text
fields carry three forms: markdown, sanitized HTML and plain text.
The tree is written to a temporary folder and renamed into place.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from bisect import bisect_right
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from .catalog import Catalog, CauseRecord, ErrorRecord, Located
from .model import Bilingual, CauseRef, CauseSection, Document, ErrorEntry, Subsection
from .text import forms

API_VERSION = "v1"
SCHEMAS = ("index", "error", "cause", "anchors")


def export_api(catalog: Catalog, out_dir: Path) -> Path:
    """Write ``out_dir/api/v1`` atomically and return its path."""
    target = out_dir / "api" / API_VERSION
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".v1-", dir=target.parent))
    try:
        for relative, payload in api_files(catalog).items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(payload), encoding="utf-8")
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with renames only (the old tree is removed last)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def dump(payload: Any) -> str:
    """Deterministic JSON text."""
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def api_files(catalog: Catalog) -> dict[str, Any]:
    """Every file of the API, by path relative to ``api/v1``."""
    files: dict[str, Any] = {"index.json": index_payload(catalog), "anchors.json": anchors_payload(catalog)}
    for record in catalog.errors.values():
        payload = error_payload(catalog, record)
        for code in [record.id] + record.codes:
            files[f"errors/{code}.json"] = payload
    for record in catalog.causes.values():
        files[f"causes/{record.id}.json"] = cause_payload(catalog, record)
    for name in SCHEMAS:
        files[f"schema/{name}.schema.json"] = json.loads(resources.files("kb_builder.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))
    return dict(sorted(files.items()))


def _generated() -> dict[str, str]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.isdigit():
        return {}
    return {"generated": datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def index_payload(catalog: Catalog) -> dict[str, Any]:
    entries = []
    for record in catalog.errors.values():
        located = _first(record.entries, catalog)
        entries.append({"kind": "error", "id": record.id, "codes": record.codes, "title": _title_text(located), "url": catalog.error_url(record.id, catalog.primary)})
    for record in catalog.causes.values():
        located = _first(record.entries, catalog)
        entries.append({"kind": "cause", "id": record.id, "codes": [], "title": _title_text(located), "url": catalog.cause_url(record.id, catalog.primary)})
    entries.sort(key=lambda e: (e["kind"], e["id"].lower(), e["id"]))
    return {
        "version": API_VERSION,
        **_generated(),
        "primary_locale": catalog.primary,
        "locales": catalog.locales,
        "entries": entries,
    }


def _first(entries: dict[str, Located], catalog: Catalog) -> Located:
    for locale in catalog.locales:
        if locale in entries:
            return entries[locale]
    raise ValueError("record without entries")


def _title_text(located: Located) -> str:
    section = located.section
    title = section.title
    return title.local or title.english or (section.codes[0] if isinstance(section, ErrorEntry) and section.codes else section.id)


def _bilingual(text: Bilingual | None) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """(local forms, English forms) of a Bilingual."""
    if text is None:
        return None, None
    local = forms(text.local) if text.local else None
    english = forms(text.english) if text.english else None
    return local, english


def _residue(document: Document, first: int, last: int) -> list[dict[str, Any]]:
    """English recovered from the section's lines (glued to the translation, or left untranslated)."""
    return [{"line": line, "text": found.english, "status": found.status} for line, found in document.english if first <= line <= last and found.english]


def _source(document: Document, line: int, end_line: int) -> dict[str, Any]:
    return {"path": document.path, "line": line, "end_line": end_line}


def error_payload(catalog: Catalog, record: ErrorRecord) -> dict[str, Any]:
    locales: dict[str, Any] = {}
    for locale in catalog.locales:
        located = record.entries.get(locale)
        if located is None or not isinstance(located.section, ErrorEntry):
            continue
        locales[locale] = _error_locale(catalog, located.document, located.section)
    return {
        "kind": "error",
        "id": record.id,
        "codes": record.codes,
        "url": catalog.error_url(record.id, catalog.primary),
        "locales": locales,
    }


def _error_locale(catalog: Catalog, document: Document, entry: ErrorEntry) -> dict[str, Any]:
    title, title_en = _bilingual(entry.title)
    message, message_en = _bilingual(entry.message)
    return {
        "title": title,
        "message": message,
        "english": {"title": title_en, "message": message_en, "residue": _residue(document, entry.source.line, entry.end_line)},
        "heading": forms(entry.heading.text),
        "description": forms(entry.description),
        "causes": [_cause_ref(catalog, document, ref) for ref in entry.causes],
        "inline_causes": [{"cause": forms(row.cause), "action": forms(row.action), "error": forms(row.error), "line": row.line} for row in entry.inline_causes],
        "steps": [forms(step) for step in entry.steps],
        "notes": [{"kind": note.kind, **forms(note.markdown), "line": note.line} for note in entry.notes],
        "recommended_action": forms(entry.recommended_action) if entry.recommended_action else None,
        "subsections": [_subsection(sub) for sub in entry.subsections],
        "links": [{"target": link.target, "text": link.text, "line": link.pos.line, "image": link.is_image} for link in entry.links],
        "anchors": list(entry.anchors),
        "url": catalog.url_of(document, entry),
        "article_url": catalog.section_url(document, entry.anchors[0] if entry.anchors else ""),
        "source": _source(document, entry.source.line, entry.end_line),
        "origin": entry.origin,
        "confidence": entry.confidence,
        "evidence": [{"signal": item.signal, "detail": item.detail, "line": item.line, "weight": item.weight} for item in entry.evidence],
    }


def _cause_ref(catalog: Catalog, document: Document, ref: CauseRef) -> dict[str, Any]:
    target = _cause_for_anchor(document, ref.anchor)
    title, title_en = _bilingual(ref.text)
    cause_id = catalog.cause_id_of(document, target) if target else None
    return {
        "id": cause_id,
        "label": ref.label,
        "number": ref.number,
        "anchor": ref.anchor,
        "anchors": list(target.anchors) if target else [ref.anchor],
        "title": title,
        "english": title_en,
        "url": catalog.cause_url(cause_id, document.locale) if cause_id else catalog.section_url(document, ref.anchor),
        "line": ref.pos.line,
    }


def _cause_for_anchor(document: Document, anchor: str) -> CauseSection | None:
    for cause in document.causes:
        if anchor in cause.anchors or any(anchor in sub.heading.all_anchors for sub in cause.subsections):
            return cause
    return None


def _subsection(sub: Subsection) -> dict[str, Any]:
    title, title_en = _bilingual(sub.title)
    return {"title": title, "english": title_en, "anchors": list(sub.heading.all_anchors), "line": sub.heading.line, "body": forms(sub.markdown)}


def cause_payload(catalog: Catalog, record: CauseRecord) -> dict[str, Any]:
    locales: dict[str, Any] = {}
    for locale in catalog.locales:
        located = record.entries.get(locale)
        if located is None or not isinstance(located.section, CauseSection):
            continue
        section = located.section
        title, title_en = _bilingual(section.title)
        locales[locale] = {
            "title": title,
            "english": {"title": title_en, "residue": _residue(located.document, section.source.line, section.end_line)},
            "anchors": list(section.anchors),
            "body": forms(section.body),
            "subsections": [_subsection(sub) for sub in section.subsections],
            "referenced_by": [catalog.aliases.get(ref, ref) for ref in section.referenced_by],
            "url": catalog.cause_url(record.id, locale),
            "article_url": catalog.section_url(located.document, section.anchors[0] if section.anchors else ""),
            "source": _source(located.document, section.source.line, section.end_line),
        }
    return {
        "kind": "cause",
        "id": record.id,
        "url": catalog.cause_url(record.id, catalog.primary),
        "referenced_by": [code for error_id in record.referenced_by for code in catalog.errors[error_id].codes[:1]],
        "locales": locales,
    }


def anchors_payload(catalog: Catalog) -> dict[str, Any]:
    """Per locale and article: every anchor -> the section that owns it."""
    result: dict[str, Any] = {}
    for locale in catalog.locales:
        articles: dict[str, Any] = {}
        for document in catalog.kb.documents_in(locale):
            anchors: dict[str, Any] = {}
            loose = _loose_anchors_by_section(document)
            for index, section in enumerate(document.sections):
                kind, identifier, url = _owner(catalog, document, section)
                headings = [section.heading] if section.heading else []
                headings += [sub.heading for sub in getattr(section, "subsections", ())]
                defined = [(anchor, heading.line) for heading in headings for anchor in heading.all_anchors]
                defined += loose.get(index, [])
                for anchor, line in defined:
                    if anchor in anchors:
                        anchors[anchor]["definitions"] += 1
                        continue
                    anchors[anchor] = {"kind": kind, "id": identifier, "url": url, "line": line, "definitions": 1}
            articles[document.rel_path] = dict(sorted(anchors.items()))
        result[locale] = dict(sorted(articles.items()))
    return {"version": API_VERSION, "locales": result}


def _loose_anchors_by_section(document: Document) -> dict[int, list[tuple[str, int]]]:
    """Section index -> the loose anchors in its text (those above the first section belong to none)."""
    starts = [section.heading.line if section.heading is not None else 0 for section in document.sections]
    found: dict[int, list[tuple[str, int]]] = {}
    for anchor, line in document.loose_anchors:
        index = bisect_right(starts, line) - 1
        if index >= 0:
            found.setdefault(index, []).append((anchor, line))
    return found


def _owner(catalog: Catalog, document: Document, section: ErrorEntry | CauseSection | Any) -> tuple[str, str, str]:
    if isinstance(section, CauseSection):
        identifier = catalog.cause_id_of(document, section)
        return "cause", identifier, catalog.cause_url(identifier, document.locale)
    if isinstance(section, ErrorEntry):
        url = catalog.url_of(document, section)
        return "error", url.rstrip("/").rsplit("/", 1)[-1], url
    anchor = section.anchors[0] if section.anchors else ""
    return "general", section.id, catalog.section_url(document, anchor)
