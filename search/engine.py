"""The whoosh side: the schema, writing an index folder, and reading it back to search.

The index is a whoosh index; ranking is :mod:`search.scoring` over its posting
lists, decoded into arrays when it is opened, because whoosh's own matchers
walk postings one by one in Python (20-300 ms a query on the benchmark corpus).
Only this module reads or writes whoosh indexes (:mod:`search.analysis` borrows
whoosh's snowball stemmers and stop lists), so another engine can take its
place behind :func:`write_index` and :class:`Searcher`.
"""

from __future__ import annotations

import gc
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, FieldType, Schema
from whoosh.system import pack_uint
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.writing import PostingPool, SegmentWriter

from .analysis import code_part_terms, code_terms, dotted_terms, word_analyzer
from .query import MAX_QUERY_CHARS, TITLE_WEIGHT, Plan, plan
from .records import Record
from .scoring import K1, LENGTH_NORMALISATION, Postings, Scorer, factors
from .snippets import snippet
from .typo import Corrector

SHORT_LISTS_KEPT = 8192
TITLE_SEPARATOR = "\x1e"
"""Splits the title from the body in a language field's value."""


@dataclass(frozen=True)
class Hit:
    """One search result."""

    kind: str
    """``error``, ``cause`` or ``general``."""
    id: str
    codes: tuple[str, ...]
    anchors: tuple[str, ...]
    locale: str
    title: str
    url: str
    """Relative to the site root."""
    score: float
    snippet: str
    """HTML: escaped text with the query words in ``<mark>``."""


class _TermsField(FieldType):
    """A scored field whose terms come from one of the term functions of :mod:`search.analysis`.

    Indexing counts the terms of a value at once (:class:`collections.Counter`)
    instead of streaming whoosh tokens through an analyzer chain one by one.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(formats.Frequency(), analyzer=None, scorable=True)
        self.kind = kind

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        title, body = self.terms(value)
        freqs = Counter(body)
        freqs.update(title)
        boosted = Counter(title)
        for term, freq in freqs.items():
            yield term.encode("utf-8"), freq, freq + (TITLE_WEIGHT - 1) * boosted[term], pack_uint(freq)

    def terms(self, value: str) -> tuple[list[str], list[str]]:
        """(title terms, other terms); only language fields have a title, whose terms weigh :data:`TITLE_WEIGHT`."""
        if self.kind in ("it", "en"):
            title, _, body = value.partition(TITLE_SEPARATOR)
            analyzer = word_analyzer(self.kind)
            return analyzer.terms(title), analyzer.terms(body)
        if self.kind == "code":
            return [], code_terms(value)
        if self.kind == "part":
            return [], code_part_terms(value)
        if self.kind == "names":
            return [], dotted_terms(value)
        return [], value.lower().split()


def schema() -> Schema:
    """The index fields: stored hit data, a language filter and the searched fields."""
    searched = {kind: _TermsField(kind) for kind in ("code", "part", "anchor", "names", "it", "en")}
    return Schema(hit=STORED, lang=ID, **searched)


def _document(record: Record) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "hit": (record.kind, record.id, record.codes, record.anchors, record.locale, record.title, record.url, record.snippet_source),
        "lang": record.language,
        "code": " ".join(record.codes),
        "part": " ".join(record.codes),
        "anchor": " ".join(record.anchors),
        "names": record.names,
    }
    for language, (title, body) in record.texts().items():
        fields[language] = f"{_clean(title)}{TITLE_SEPARATOR}{_clean(body)}"
    return {name: value for name, value in fields.items() if value}


def _clean(text: str) -> str:
    return text.replace(TITLE_SEPARATOR, " ")


def write_index(records: Iterable[Record], folder: Path, seed: str) -> int:
    """Write a one-segment index into an empty ``folder``; returns the number of records.

    ``seed`` fixes whoosh's random segment name, so the same records give the same files.
    Posting blocks are not compressed: 14% less CPU to build and faster to open,
    for an index 40% larger (35 MB for the 16,000 records of the benchmark).
    """
    state, collecting = random.getstate(), gc.isenabled()
    random.seed(seed)
    gc.disable()  # millions of posting tuples and no cycles: collections only cost time
    try:
        index = FileStorage(str(folder)).create_index(schema())
        writer = _SegmentWriter(index, procs=1, limitmb=256, compound=False, codec=W3Codec(compression=0))
        count = 0
        for record in records:
            writer.add_document(**_document(record))
            count += 1
        writer.commit(merge=False)
    finally:
        random.setstate(state)
        if collecting:
            gc.enable()
    return count


class _Pool(PostingPool):
    """Postings grouped by (field, term) as they arrive, in memory.

    Documents are added in order, so only the terms need sorting at the end;
    whoosh's pool sorts every posting (and spills to disk past ``limitmb``,
    which a knowledge base never reaches).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._grouped: dict[tuple[str, bytes], list[tuple]] = defaultdict(list)

    def add(self, item: tuple) -> None:
        self._grouped[item[0], item[1]].append(item)

    def iter_postings(self) -> Iterator[tuple]:
        for key in sorted(self._grouped):
            yield from self._grouped[key]


class _SegmentWriter(SegmentWriter):
    """whoosh's writer with a leaner posting pool and without per-block length statistics.

    whoosh reads each posting's field length back from disk to record the
    shortest and longest field of every posting block, which only its own
    block-skipping uses; :mod:`search.scoring` does not, and the index
    builds about 10% faster without it.
    """

    def __init__(self, index: Any, limitmb: int, **kwargs: Any) -> None:
        super().__init__(index, limitmb=limitmb, **kwargs)
        self.pool = _Pool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, None, self.pool.iter_postings())
        self.fieldwriter.close()


class Searcher:
    """An index loaded into memory; safe to keep while the folder on disk is replaced.

    Searches may come from several threads (the HTTP server): reads of the
    whoosh files take turns, the scoring arrays are shared read-only.
    """

    def __init__(self, folder: Path) -> None:
        storage = RamStorage()
        for path in sorted(folder.iterdir()):
            if path.is_file():
                storage.files[path.name] = path.read_bytes()
        self.folder = folder
        self._lock = threading.Lock()
        self._reader = storage.open_index().reader()
        if not self._reader.is_atomic():
            raise ValueError(f"{folder}: the index has several segments; rebuild it with 'kb index'")
        self._scorer = _PostingsReader(self._reader).scorer()
        self._codes = Corrector(_decoded(self._reader.lexicon("code")))
        self._parts = Corrector(_decoded(self._reader.lexicon("part")))
        self._languages: dict[str, np.ndarray] = {}
        for language in _decoded(self._reader.lexicon("lang")):
            mask = np.zeros(self._scorer.doc_count, dtype=bool)
            mask[list(self._reader.postings("lang", language).all_ids())] = True
            self._languages[language] = mask

    def __len__(self) -> int:
        return self._scorer.doc_count

    def known(self, field: str, term: str) -> bool:
        """Whether a term occurs in a field."""
        return (field, term) in self._reader

    def plan(self, query: str) -> Plan:
        """The clauses a query becomes (at most :data:`MAX_QUERY_CHARS` of it are read)."""
        with self._lock:
            return plan(query[:MAX_QUERY_CHARS], self.known, self._codes, self._parts)

    def search(self, query: str, lang: str | None = None, limit: int = 10) -> list[Hit]:
        """The best hits for a query, best first; ``lang`` keeps one language (``it``, ``en``)."""
        planned = self.plan(query)
        if not planned.clauses or limit < 1:
            return []
        allowed = self._languages.get(lang, np.zeros(self._scorer.doc_count, dtype=bool)) if lang else None
        with self._lock:
            best = self._scorer.top(((c.field, c.term, c.boost) for c in planned.clauses), limit, allowed)
            stored = [(self._reader.stored_fields(doc)["hit"], score) for doc, score in best]
        return [_hit(fields, score, planned) for fields, score in stored]


class _PostingsReader:
    """Decodes whoosh posting lists into :class:`search.scoring.Postings`."""

    EAGER = 64
    """Lists of at least this many documents are decoded when the index opens; shorter
    ones on first use, and the last :data:`SHORT_LISTS_KEPT` of those are kept."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._doc_count = reader.doc_count_all()
        self._lengths: dict[str, np.ndarray] = {}
        self._averages: dict[str, float] = {}
        for field, b in LENGTH_NORMALISATION.items():
            if field in reader.schema:
                self._lengths[field] = np.array([reader.doc_field_length(doc, field, 0) for doc in range(self._doc_count)], dtype=np.float64)
                self._averages[field] = reader.field_length(field) / self._doc_count if self._doc_count else 0.0

    def scorer(self) -> Scorer:
        decoded: dict[str, dict[str, Postings]] = {}
        for field in self._reader.indexed_field_names():
            table = decoded[field] = {}
            for term, info in self._reader.iter_field(field):
                if info.doc_frequency() >= self.EAGER:
                    text = term.decode("utf-8")
                    table[text] = self.load(field, text)
        return Scorer(self._doc_count, decoded, lru_cache(maxsize=SHORT_LISTS_KEPT)(self.load))

    def load(self, field: str, term: str) -> Postings | None:
        if (field, term) not in self._reader:
            return None
        docs, weights = _decode(self._reader.postings(field, term))
        b = LENGTH_NORMALISATION.get(field, 0.0)
        if b:
            return Postings(docs, factors(docs, weights, self._lengths[field], self._averages[field], b))
        return Postings(docs, (weights * (K1 + 1) / (weights + K1)).astype(np.float32))


def _decode(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of a posting list.

    whoosh's block matcher is read a block at a time (its pickled block data:
    delta-coded ids, weights); any other matcher one posting at a time.
    """
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        while matcher.is_active():
            matcher._read_data()
            ids, block_weights = matcher._data[0], matcher._data[1]
            docs.append(np.cumsum(np.array(ids, dtype=np.int64)))
            if block_weights is None or isinstance(block_weights, float):
                weights.append(np.full(len(ids), 1.0 if block_weights is None else block_weights))
            else:
                weights.append(np.array(block_weights, dtype=np.float64))
            matcher._next_block()
    else:
        found = []
        while matcher.is_active():
            found.append((matcher.id(), matcher.weight()))
            matcher.next()
        docs.append(np.array([doc for doc, _ in found], dtype=np.int64))
        weights.append(np.array([weight for _, weight in found], dtype=np.float64))
    return np.concatenate(docs), np.concatenate(weights)


def _hit(stored: tuple, score: float, planned: Plan) -> Hit:
    kind, identifier, codes, anchors, locale, title, url, text = stored
    return Hit(kind, identifier, tuple(codes), tuple(anchors), locale, title, url, round(score, 4), snippet(text, planned.marks))


def _decoded(terms: Iterable[bytes]) -> list[str]:
    return [term.decode("utf-8") for term in terms]
