"""The labelled set of error entries (tests/data/entries): loading it, and scoring kb's entries against it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kb_builder.includes import IncludeResolver
from kb_builder.model import Document
from kb_builder.pipeline import load_document
from kb_builder.read import LocaleRoot, read_file

LABELS = Path(__file__).resolve().parent / "data" / "entries" / "labels.json"


@dataclass(frozen=True)
class ArticleLabels:
    """What a reader expects of one article: codes labelled ``entry``, ``alias`` and ``no`` (case-folded)."""

    path: str
    chosen: str
    expected: dict[str, str]
    """Case-folded code -> the code as written."""
    neutral: frozenset[str]
    rejected: frozenset[str]


@dataclass
class Score:
    """Precision and recall over (article, code) pairs."""

    true_positives: int = 0
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)
    unlabelled: list[tuple[str, str]] = field(default_factory=list)
    """Codes kb gives that no label covers: counted as false positives until labelled by reading."""

    @property
    def precision(self) -> float:
        given = self.true_positives + len(self.false_positives) + len(self.unlabelled)
        return self.true_positives / given if given else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + len(self.false_negatives)
        return self.true_positives / expected if expected else 1.0


def load_labels(path: Path = LABELS) -> list[ArticleLabels]:
    """Every labelled article. A code is expected when some place of it is labelled ``entry``, neutral when
    labelled ``alias`` (and nowhere ``entry``), rejected when labelled only ``no``."""
    articles: list[ArticleLabels] = []
    for article in json.loads(path.read_text(encoding="utf-8")):
        labels: dict[str, set[str]] = {}
        written: dict[str, str] = {}
        for item in article["candidates"] + [dict(found, label="entry") for found in article["missed"]]:
            key = item["token"].casefold()
            labels.setdefault(key, set()).add(item["label"])
            written.setdefault(key, item["token"])
        expected = {key: written[key] for key, found in labels.items() if "entry" in found}
        neutral = frozenset(key for key, found in labels.items() if "entry" not in found and "alias" in found)
        rejected = frozenset(key for key, found in labels.items() if found == {"no"})
        articles.append(ArticleLabels(article["path"], article["chosen"], expected, neutral, rejected))
    return articles


def score(articles: list[ArticleLabels], entries: dict[str, set[str]]) -> Score:
    """``entries``: article path -> the codes of its error entries."""
    result = Score()
    for article in articles:
        given = {code.casefold(): code for code in entries.get(article.path, set())}
        for key, code in sorted(given.items()):
            if key in article.expected:
                result.true_positives += 1
            elif key in article.neutral:
                continue
            elif key in article.rejected:
                result.false_positives.append((article.path, code))
            else:
                result.unlabelled.append((article.path, code))
        result.false_negatives += [(article.path, code) for key, code in sorted(article.expected.items()) if key not in given]
    return result


def extract_articles(repository: Path, paths: list[str]) -> dict[str, Document]:
    """The Documents of some articles of a repository used as one locale root (its folder name gives the locale)."""
    root = repository.resolve()
    locale_root = LocaleRoot("it-it", root, "")
    includes = IncludeResolver(root)
    documents: dict[str, Document] = {}
    for path in paths:
        source, _problems = read_file(root, root / path, locale_root)
        if source is not None:
            documents[path] = load_document(root, locale_root, source, includes)[0]
    return documents


def entry_codes(documents: dict[str, Document]) -> dict[str, set[str]]:
    return {path: {code for entry in document.errors for code in entry.codes} for path, document in documents.items()}
