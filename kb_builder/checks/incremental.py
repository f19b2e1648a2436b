"""Re-checks that reuse the findings of unchanged articles.

The findings located in one article depend on the article itself (with its includes), on the options,
on which linked files exist, and on what the families read of the other articles: the articles' paths
and locales (the *frame*), and each family's ``article_facts`` about every other article (its anchors,
the codes it defines, the anchors its errors and links point at elsewhere).

A record of the last run keeps each article's key, facts and findings. On the next run, while the frame
is the same the facts of unchanged articles are taken from the record; when moreover every changed
article has the same facts as before and every looked-up file exists as before, only the changed
articles are checked again, and the others keep their recorded findings.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..cache import DocumentCache, code_fingerprint
from ..model import Diagnostic, Document, Severity, SourcePos
from .context import CheckContext

RECORD = "checks.record"
"""The record's file name in the cache folder; each article's findings are in ``<article key>.checks``."""
ARTICLE_SUFFIX = ".checks"

ArticleFacts = Callable[[CheckContext, Document], Any]


@dataclass(frozen=True)
class RecordedArticle:
    """What the checks found in one article, in one file of its own (a re-check rewrites only the changed ones)."""

    generation: str
    """The record generation the findings belong to; any other is stale (a run that stopped half way)."""
    facts: dict[str, Any]
    """Family module -> its facts about the article."""
    findings: tuple[tuple[Any, ...], ...]
    """The family findings located in the article (before suppression and severity options), as plain
    tuples (see :func:`_pack`)."""


@dataclass(frozen=True)
class CheckRecord:
    """What the last run of the checks depended on."""

    frame: str
    generation: str
    """Changes whenever every article is checked again."""
    probes: dict[str, bool]
    """Every path whose existence the checks looked up, with the answer."""
    articles: dict[str, str]
    """Article path -> its key."""


def recheck(context: CheckContext, cache: DocumentCache, facts: Iterable[ArticleFacts], run: Callable[[CheckContext], list[Diagnostic]]) -> list[Diagnostic]:
    """The family findings of ``context`` by ``run``, over the changed articles only when the record allows it."""
    documents = context.kb.documents
    keys = {document.path: _article_key(cache, document) for document in documents}
    frame = _frame(context)
    record, recorded = _read(cache, frame, keys)
    changed = [document for document in documents if document.path not in recorded or recorded[document.path].key != keys[document.path]]
    for path, before in recorded.items():
        if before.key == keys[path]:
            context.facts.update(((module, path), value) for module, value in before.entry.facts.items())
    if record is not None and all(context.exists(path) == found for path, found in record.probes.items()) and _same_facts(context, changed, recorded, facts):
        context.only = frozenset(document.path for document in changed)
    generation = record.generation if record is not None and context.only is not None else secrets.token_hex(8)
    found: list[Diagnostic] = []
    located: dict[str, list[Diagnostic]] = {path: [] for path in keys}
    for diagnostic in run(context):
        if diagnostic.pos.path in located:
            located[diagnostic.pos.path].append(diagnostic)
        else:
            found.append(diagnostic)  # in an include file: never recorded, always checked
    for document in documents:
        path = document.path
        if context.is_subject(path):
            article = RecordedArticle(generation, {function.__module__: context.article_facts(document, function) for function in facts}, _pack(located[path]))
            cache.write(keys[path] + ARTICLE_SUFFIX, article)
            found += located[path]
        else:
            found += _unpack(path, recorded[path].entry.findings)
    cache.write(RECORD, CheckRecord(frame, generation, context.probes, keys))
    return found


class _Recorded(NamedTuple):
    key: str
    """The article's key in the record (another than this run's when the article changed)."""
    entry: RecordedArticle


def _read(cache: DocumentCache, frame: str, paths: Iterable[str]) -> tuple[CheckRecord | None, dict[str, _Recorded]]:
    """The last run's record when its frame is this run's, and what it holds of each article."""
    record = cache.read(RECORD)
    if not isinstance(record, CheckRecord) or getattr(record, "frame", None) != frame:  # the frame holds kb's code: a record of another kb never matches
        return None, {}
    recorded: dict[str, _Recorded] = {}
    for path in paths:
        key = record.articles.get(path)
        entry = cache.read(key + ARTICLE_SUFFIX) if key is not None else None
        if isinstance(entry, RecordedArticle) and entry.generation == record.generation:
            recorded[path] = _Recorded(key, entry)  # type: ignore[arg-type]
    return record, recorded


def _same_facts(context: CheckContext, changed: list[Document], recorded: dict[str, _Recorded], facts: Iterable[ArticleFacts]) -> bool:
    """True when every changed article has the facts it had (an added one has none recorded)."""
    for document in changed:
        before = recorded.get(document.path)
        if before is None or any(context.article_facts(document, function) != before.entry.facts.get(function.__module__) for function in facts):
            return False
    return True


def _pack(diagnostics: list[Diagnostic]) -> tuple[tuple[Any, ...], ...]:
    """Findings of one article as tuples: they load three times faster than pickled dataclasses."""
    return tuple((d.rule, d.severity.value, d.message, d.pos.line, d.pos.col, d.hint, d.end_col) for d in diagnostics)


def _unpack(path: str, packed: tuple[tuple[Any, ...], ...]) -> list[Diagnostic]:
    return [Diagnostic(rule, Severity(severity), message, SourcePos(path, line, col), hint, end_col) for rule, severity, message, line, col, hint, end_col in packed]


def _frame(context: CheckContext) -> str:
    """Digest of kb's code, the options the families read, and every article's path and locale."""
    config = context.config
    options = (config.ignore_anchors, config.ignore_urls, config.source_locale, sorted(config.site_urls.items()))
    articles = [(document.path, document.locale, document.rel_path) for document in context.kb.documents]
    return hashlib.sha256(repr((code_fingerprint(), options, articles)).encode()).hexdigest()


def _article_key(cache: DocumentCache, document: Document) -> str:
    """The document cache's key for the article's text, with the text of what it includes."""
    digest = hashlib.sha256(cache.keys.get(document.path, "").encode())
    for include in document.includes:
        digest.update(repr((include.target, include.status, include.resolved, include.markdown)).encode())
    return digest.hexdigest()
