"""Shared causes: orphan-cause and cause-sequence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote

from ..diagnostics import rule
from ..model import CauseRef, Diagnostic, Document, ErrorEntry, SourcePos
from .context import CheckContext, closest, heading_col
from .links import linked_document

ORPHAN_CAUSE = rule("orphan-cause")
CAUSE_SEQUENCE = rule("cause-sequence")


def check(context: CheckContext) -> Iterator[Diagnostic]:
    targeted = _targeted_from_other_articles(context)
    for document in context.subjects:
        for error in document.errors:
            yield from _sequence(error)
        yield from _orphans(context, document, targeted)



def _sequence(error: ErrorEntry) -> Iterator[Diagnostic]:
    numbered = [ref for ref in error.causes if ref.number is not None]
    if len(numbered) < 2:
        return
    words = Counter(ref.word.casefold() for ref in numbered)
    usual_word = next(ref.word for ref in numbered if words[ref.word.casefold()] == max(words.values()))
    previous: CauseRef | None = None
    for ref in numbered:
        assert ref.number is not None
        if ref.word.casefold() != usual_word.casefold():
            yield CAUSE_SEQUENCE.at(
                ref.pos,
                f"'{ref.label}' drifts from the label the other references use ('{usual_word}')",
                f"write '{usual_word} {ref.number}'",
                end_col=ref.pos.col + len(ref.label),
            )
        expected = 1 if previous is None else (previous.number or 0) + 1
        if ref.number != expected:
            if previous is None:
                problem = f"'{ref.label}' starts the sequence; it should be {expected}"
            elif ref.number == previous.number:
                problem = f"'{ref.label}' repeats number {ref.number}"
            elif ref.number < expected:
                problem = f"'{ref.label}' goes back after '{previous.label}'"
            else:
                missing = ", ".join(str(n) for n in range(expected, ref.number))
                problem = f"'{ref.label}' follows '{previous.label}': {missing} is missing"
            yield CAUSE_SEQUENCE.at(ref.pos, problem, f"renumber it '{ref.word} {expected}'", end_col=ref.pos.col + len(ref.label))
        previous = ref


def _orphans(context: CheckContext, document: Document, targeted: set[tuple[str, str]]) -> Iterator[Diagnostic]:
    anchors = context.anchors(document)
    unresolved = [ref.anchor for error in document.errors for ref in error.causes if unquote(ref.anchor) not in anchors.ids]
    guessed = {name for anchor in unresolved for name in closest(unquote(anchor), anchors.ids, limit=1)}
    for cause in document.causes:
        if cause.referenced_by or any((document.path, anchor) in targeted for anchor in cause.anchors):
            continue
        if guessed & set(cause.anchors):
            continue  # a broken reference already names this section as its likely target
        yield ORPHAN_CAUSE.at(
            SourcePos(document.path, cause.heading.line, heading_col(document, cause.heading)),
            f"cause section '{cause.title.original}' is not referenced by any error",
            f"add a reference such as '**{_cause_word(document)} N: [{cause.title.local or cause.title.original}](#{cause.id})**' to the errors it explains",
        )


def article_facts(context: CheckContext, document: Document) -> tuple[tuple[str, str], ...]:
    """(article path, anchor) pairs the article's errors link to in other articles: what orphan-cause reads of it."""
    found: set[tuple[str, str]] = set()
    for error in document.errors:
        for link in error.links:
            if link.fragment and not link.target.startswith("#"):
                linked = linked_document(context, document, link)
                if linked is not None and linked is not document:
                    found.add((linked.path, unquote(link.fragment)))
    return tuple(sorted(found))


def _targeted_from_other_articles(context: CheckContext) -> set[tuple[str, str]]:
    """(article path, anchor) pairs that errors of other articles link to."""
    return context.shared("targeted-causes", lambda: {pair for document in context.kb.documents for pair in context.article_facts(document, article_facts)})


def _cause_word(document: Document) -> str:
    words = [ref.word for error in document.errors for ref in error.causes if ref.word]
    return Counter(words).most_common(1)[0][0] if words else "Causa"
