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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..cache import DocumentCache, code_fingerprint
from ..model import Diagnostic, Document
from .context import CheckContext

RECORD = "checks.record"
"""The record's file name in the cache folder (not a ``.pickle``: pruning keeps it)."""

ArticleFacts = Callable[[CheckContext, Document], Any]


@dataclass(frozen=True)
class RecordedArticle:
    key: str
    facts: dict[str, Any]
    """Family module -> its facts about the article."""
    findings: tuple[Diagnostic, ...]
    """The family findings located in the article (before suppression and severity options)."""


@dataclass(frozen=True)
class CheckRecord:
    """What the last run of the checks found, and what those findings depended on."""

    frame: str
    probes: dict[str, bool]
    """Every path whose existence the checks looked up, with the answer."""
    articles: dict[str, RecordedArticle]


def recheck(context: CheckContext, cache: DocumentCache, facts: Iterable[ArticleFacts], run: Callable[[CheckContext], list[Diagnostic]]) -> list[Diagnostic]:
    """The family findings of ``context`` by ``run``, over the changed articles only when the record allows it."""
    documents = context.kb.documents
    frame = _frame(context)
    keys = {document.path: _article_key(cache, document) for document in documents}
    stored = cache.read(RECORD)
    record = stored if isinstance(stored, CheckRecord) and getattr(stored, "frame", None) == frame else None  # the frame holds kb's code: a record of another kb never matches
    recorded = record.articles if record is not None else {}
    changed = [document for document in documents if document.path not in recorded or recorded[document.path].key != keys[document.path]]
    for path, article in recorded.items():
        if path in keys and article.key == keys[path]:
            context.facts.update(((module, path), value) for module, value in article.facts.items())
    if record is not None and all(context.exists(path) == found for path, found in record.probes.items()) and _same_facts(context, changed, recorded, facts):
        context.only = frozenset(document.path for document in changed)
    found: list[Diagnostic] = []
    located: dict[str, list[Diagnostic]] = {path: [] for path in keys}
    for diagnostic in run(context):
        if diagnostic.pos.path in located:
            located[diagnostic.pos.path].append(diagnostic)
        else:
            found.append(diagnostic)  # in an include file: never recorded, always checked
    articles: dict[str, RecordedArticle] = {}
    for document in documents:
        path = document.path
        if context.is_subject(path):
            module_facts = {function.__module__: context.article_facts(document, function) for function in facts}
            articles[path] = RecordedArticle(keys[path], module_facts, tuple(located[path]))
        else:
            articles[path] = recorded[path]
        found += articles[path].findings
    cache.write(RECORD, CheckRecord(frame, context.probes, articles))
    return found


def _same_facts(context: CheckContext, changed: list[Document], recorded: dict[str, RecordedArticle], facts: Iterable[ArticleFacts]) -> bool:
    """True when every changed article has the facts it had (an added article has none recorded)."""
    for document in changed:
        before = recorded.get(document.path)
        if before is None or any(context.article_facts(document, function) != before.facts.get(function.__module__) for function in facts):
            return False
    return True


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
