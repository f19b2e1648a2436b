"""Separate machine-translation residue: the document's language glued to the English original.

Machine-translated articles keep pieces of the English source: a title glued to its translation
("...alle estensioniTroubleshoot Agent and extension issues"), a sentence glued after the translated one
("...non può superare 18.The number of restore points ... can't exceed 18."), an English message followed by
its translation in parentheses, and lines left untranslated.

Cheap signals pick the candidates: a capitalised word glued to a lower-case word or to a sentence end
("riuscitoUserError", "18.The", "operazione:Complete", "Linux)VM-Agent"), a trailing "(...)" translation,
and " the " / "The " for untranslated lines. Function words vote, then a language identifier restricted to
{local language, English} (lingua, built once per pair) confirms. Identifiers (CamelCase codes, ALLCAPS,
words with digits or underscores), code spans, URLs, link targets and HTML tags never decide the language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from .model import Bilingual

# --- languages ---------------------------------------------------------------------------------------

_LANGUAGES: dict[str, Language] = {
    "it": Language.ITALIAN,
    "de": Language.GERMAN,
    "fr": Language.FRENCH,
    "es": Language.SPANISH,
    "pt": Language.PORTUGUESE,
    "ja": Language.JAPANESE,
}
"""Locale language subtag -> the language the identifier weighs against English."""

# Function words vote before the identifier is asked. Words shared with a listed language ("a", "in", "on",
# "no", "as", "was", "will"...) are left out of the English list. Elisions keep their apostrophe ("l'",
# "dell'"), English contractions their stem ("can'", "doesn'").
_ENGLISH_WORDS = frozenset(
    "the is are be been of to and with for not your you this that these by from has have can could when then "
    "see more about it its which there or at if following please does do can' doesn' don' isn' aren' wasn' "
    "won' didn' couldn' retry".split()
)
_LOCAL_WORDS: dict[str, frozenset[str]] = {
    "it": frozenset(
        "il lo la i gli le di del dello della dei degli delle che per non è un una uno e ed con su da nel nella "
        "nei nelle sono al alla ai alle si se questo questa viene essere l' dell' all' un' nell' dall' sull' d' "
        "quando anche come o più può".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit für von zu den dem des ein eine einen auf im wird werden sie oder sich "
        "auch bei kann wenn zum zur aus".split()
    ),
    "fr": frozenset(
        "le la les de des du et est pas pour une un dans sur avec que qui ne par au aux l' d' qu' n' s' sont "
        "ce cette vous votre".split()
    ),
    "es": frozenset("el la los las de del y es no para una un en con que por se al lo su sus como está son o".split()),
    "pt": frozenset(
        "o a os as de do da dos das e é não para uma um em com que por se no na nos nas ao à seu sua são está "
        "ou".split()
    ),
    "ja": frozenset(),
}
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]+")
"""Kana and kanji runs: the local words of Japanese, which has no spaces and no list above."""

_WORD = re.compile(r"[^\W\d_]+'?")
_IDENTIFIER = re.compile(r"\b[\w.]*(?:[a-z][A-Z]|[A-Z]{2}|\d|_)[\w.]*")
"""CamelCase, ALLCAPS, digits, underscores: codes and names that belong to no language."""
_NOT_TEXT = re.compile(r"[\x00\x01*_#>\[\]|`]+")

_EN_SURE = 0.9
"""Identifier share of English a piece with no English function word needs to count as English."""
_EN_LIKELY = 0.6
"""The same when its function words already vote English (French and English share many words)."""
_LOCAL_SURE = 0.6
"""Identifier share of the local language the other part of a split needs."""
_UNTRANSLATED_SURE = 0.9
"""English share a whole line needs to be reported as untranslated."""


def _language(locale: str) -> str | None:
    """The language subtag of a translated locale, or None for English and unsupported locales."""
    code = locale.lower().replace("_", "-").split("-", 1)[0]
    return code if code in _LANGUAGES else None


@lru_cache(maxsize=None)
def _detector(lang: str) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(_LANGUAGES[lang], Language.ENGLISH).build()


@lru_cache(maxsize=4096)
def _english_share(text: str, lang: str) -> float:
    """Share of English in {local, English} according to the identifier; 0.5 when it cannot tell.

    Memoised: a title is read again as a heading line and as a section title, and articles repeat
    their label sentences; the identifier is deterministic and this is its most expensive call.
    """
    values = _detector(lang).compute_language_confidence_values(text.encode("utf-8", "replace").decode("utf-8"))
    total = sum(value.value for value in values)
    english = sum(value.value for value in values if value.language == Language.ENGLISH)
    return english / total if total else 0.5


class _Vote(NamedTuple):
    words: int
    english: int
    local: int
    text: str
    """What the identifier reads: the words, without identifiers and markup."""


def _vote(piece: str, lang: str) -> _Vote:
    """Count the words and function words of a masked piece of text."""
    text = " ".join(_NOT_TEXT.sub(" ", _IDENTIFIER.sub(" ", piece)).split())
    words = _WORD.findall(text.lower())
    local_words = _LOCAL_WORDS[lang]
    english = sum(word in _ENGLISH_WORDS for word in words)
    local = sum(word in local_words for word in words) + (len(_CJK.findall(text)) if lang == "ja" else 0)
    return _Vote(len(words), english, local, text)


def _english(piece: str, lang: str) -> float:
    """The English share of a piece that both the vote and the identifier read as English, else 0."""
    vote = _vote(piece, lang)
    if vote.words < 2 or vote.english <= vote.local and (vote.local or vote.words < 3):
        return 0.0
    share = _english_share(vote.text, lang)
    return share if share >= (_EN_LIKELY if vote.english else _EN_SURE) else 0.0


def _local(piece: str, lang: str, min_words: int = 1) -> float:
    """How surely a piece reads as local: 1 when function words settle it, else the identifier's share, or 0."""
    vote = _vote(piece, lang)
    if vote.words < min_words and not vote.local or not vote.words or vote.english > vote.local:
        return 0.0
    if vote.local >= 2 and not vote.english:
        return 1.0
    share = 1.0 - _english_share(vote.text, lang)
    return share if share >= _LOCAL_SURE else 0.0


# --- cheap signals, over UTF-8 bytes mapped to character classes -------------------------------------------

_CLASSES = bytes(
    ord("a") if byte >= 0x80 or 0x61 <= byte <= 0x7A
    else ord("A") if 0x41 <= byte <= 0x5A
    else ord("0") if 0x30 <= byte <= 0x39
    else ord(".") if chr(byte) in ".:;!?)"
    else ord('"') if chr(byte) in "\"']"
    else ord("*") if chr(byte) in "*_"
    else byte if byte == 0x0A
    else ord(" ")
    for byte in range(256)
)
"""a lower-case or non-ASCII letter, A upper-case, 0 digit, . sentence end or ')', " closing quote, * emphasis."""
_GLUE_PUNCT = re.compile(rb'\.(?<=[aA0"]\.)\.*\**A')
"""'18.The', 'Linux)VM', 'Panoramica.Click', 'VMs).Click' (a literal first byte keeps the scan fast)."""
_GLUE_WORD_REVERSED = re.compile(rb"A\**aa*(?![aA0])")
"""'riuscitoUser', 'riuscito**User' read backwards: a capital after a lower-case word that follows a
non-letter. In a CamelCase code ('UserErrorVm') the lower-case run follows a capital, so codes never match."""
_TRAILING_PAREN = re.compile(rb"(?m) \([^()\n]{8,}\)\.?[ \t]*(?:<br\s*/?>[ \t]*)*\r?$")
_ENGLISH_LITERALS = (b" the ", b"The ")


def _glue_offsets(classes: bytes) -> list[int]:
    """Byte offsets of the capitals that start a glued word, unsorted."""
    size = len(classes)
    offsets = [match.end() - 1 for match in _GLUE_PUNCT.finditer(classes)]
    return offsets + [size - match.start() - 1 for match in _GLUE_WORD_REVERSED.finditer(classes[::-1])]


def _candidate_lines(text: str) -> list[int]:
    """0-based numbers of the lines that carry a cheap signal of English, in order."""
    raw = text.encode("utf-8", "surrogatepass")
    offsets = _glue_offsets(raw.translate(_CLASSES))
    offsets += [match.start() for match in _TRAILING_PAREN.finditer(raw)]
    for literal in _ENGLISH_LITERALS:
        found = raw.find(literal)
        while found >= 0:
            offsets.append(found)
            found = raw.find(literal, found + 1)
    lines: list[int] = []
    line = previous = 0
    for offset in sorted(offsets):
        line += raw.count(b"\n", previous, offset)
        previous = offset
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


# --- reading one text ---------------------------------------------------------------------------------------

_BREAK, _INLINE = "\x00", "\x01"
_PROTECTED = re.compile(
    r"`+[^`].*?`+"
    r"|https?://[^\s<>()\[\]]+"
    r"|<[A-Za-z/!][^<>\n]*>"
    r"|\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"
)
"""Code spans and bare URLs (inside a sentence); HTML tags, autolinks and link targets (end a segment).
Every branch starts with a literal character, so the scan skips plain text quickly."""
_SEGMENT = re.compile(r"[^\x00|\n]+")
_SENTENCE_END = re.compile(r"[.!?][*_\"')\]]*(?=\s)")
_LABEL = re.compile(r":[*_]*\s+")
_EMPHASIS = re.compile(r"\*+|_+")
_BLOCK_PREFIX = re.compile(r"[ \t]*(?:(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+)*[\x00\s]*")
_CONTEXT = 160
"""Characters of local text read before a glue point."""


class _Cut(NamedTuple):
    """English found in a text: ``text[start:end]`` gives way to ``text[keep_start:keep_end]``."""

    start: int
    end: int
    english_end: int
    """The English is ``text[start:english_end]``."""
    keep_start: int
    keep_end: int
    order: str
    confidence: float


def _mask(text: str) -> str:
    """The text with protected spans blanked out, offsets unchanged."""

    def blank(match: re.Match[str]) -> str:
        return (_INLINE if match.group()[0] in "`h" else _BREAK) * (match.end() - match.start())

    return _PROTECTED.sub(blank, text)


def _glue_points(text: str, masked: str) -> list[int]:
    """Offsets of the capitals that start a glued word outside protected spans, in order."""
    raw = text.encode("utf-8", "surrogatepass")
    offsets = _glue_offsets(raw.translate(_CLASSES))
    if len(raw) != len(text):
        offsets = [len(raw[:offset].decode("utf-8", "surrogatepass")) for offset in offsets]
    return sorted(offset for offset in offsets if masked[offset] == text[offset])


def _sentences(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence of masked[start:end], surrounding spaces left out."""
    bounds = [start] + [match.end() for match in _SENTENCE_END.finditer(masked, start, end)] + [end]
    spans = []
    for first, last in zip(bounds, bounds[1:]):
        while first < last and masked[first].isspace():
            first += 1
        while last > first and masked[last - 1].isspace():
            last -= 1
        if first < last:
            spans.append((first, last))
    return spans


def _glued_cut(masked: str, point: int, floor: int, end: int, lang: str) -> _Cut | None:
    """English from a glue point through the English sentences after it, when the text before is local."""
    sentences = _sentences(masked, point, end)
    english = _english(masked[point : sentences[0][1]], lang)
    local = english and _local(masked[max(floor, point - _CONTEXT) : point], lang)
    if not local:
        return None
    stop = sentences[0][1]
    for first, last in sentences[1:]:
        if not _english(masked[first:last], lang):
            break
        stop = last
    return _Cut(point, stop, stop, stop, stop, "local-first", min(english, local))


def _parenthesised_cut(masked: str, start: int, end: int, lang: str) -> _Cut | None:
    """'English (local)' closing a segment; the English is the last sentence, after a short 'label:'."""
    close = len(masked[start:end].rstrip(" \t\r").removesuffix(".")) + start - 1
    if close <= start or masked[close] != ")":
        return None
    depth, opening = 0, close
    while opening > start:
        depth += {")": 1, "(": -1}.get(masked[opening], 0)
        if not depth:
            break
        opening -= 1
    if depth:
        return None
    first = max([start] + [match.end() for match in _SENTENCE_END.finditer(masked, start, opening)])
    label = _LABEL.search(masked, first, opening)
    if label and len(_WORD.findall(masked, first, label.start())) <= 5:
        first = label.end()
    english_end = len(masked[:opening].rstrip())
    first = max(first, english_end - len(masked[first:english_end].lstrip()))
    english = _english(masked[first:english_end], lang)
    local = english and _local(masked[opening + 1 : close], lang, min_words=3)
    if not local:
        return None
    return _Cut(first, close + 1, english_end, opening + 1, close, "english-first", min(english, local))


def _cuts(text: str, masked: str, lang: str) -> list[_Cut]:
    """Every glued or parenthesised English part of a text, in order."""
    points = _glue_points(text, masked)
    cuts: list[_Cut] = []
    for segment in _SEGMENT.finditer(masked):
        start, end = segment.span()
        floor = start
        for point in points:
            if floor <= point < end and (cut := _glued_cut(masked, point, floor, end, lang)):
                cuts.append(cut)
                floor = cut.end
        if floor == start and (cut := _parenthesised_cut(masked, start, end, lang)):
            cuts.append(cut)
    return cuts


def _emphasis_marks(masked: str) -> list[tuple[int, str]]:
    """(offset, marker) of each emphasis toggle: ``**``/``__`` and ``*``/``_``."""
    marks: list[tuple[int, str]] = []
    for match in _EMPHASIS.finditer(masked):
        before = masked[match.start() - 1] if match.start() else " "
        after = masked[match.end()] if match.end() < len(masked) else " "
        run = match.group()
        if before.isspace() and after.isspace() or run[0] == "_" and before.isalnum() and after.isalnum():
            continue
        marks += [(match.start(), run[0] * 2)] * (len(run) >= 2) + [(match.start(), run[0])] * (len(run) % 2)
    return marks


def _balance(marks: list[tuple[int, str]], start: int, stop: int) -> tuple[str, str, str]:
    """Markers that keep emphasis balanced when text[start:stop] moves out: (at the cut, before it, after it)."""
    stack: list[tuple[str, bool]] = []
    closed: list[str] = []
    for offset, marker in marks:
        if offset >= stop:
            break
        inside = offset >= start
        same = [index for index, (open_marker, _) in enumerate(stack) if open_marker == marker]
        if same:
            _, before = stack.pop(same[-1])
            if inside and before:
                closed.append(marker)
        else:
            stack.append((marker, not inside))
    opened = [marker for marker, before in stack if not before]
    return "".join(closed) + "".join(opened), "".join(reversed(closed)), "".join(reversed(opened))


@lru_cache(maxsize=4096)
def _read(text: str, lang: str) -> tuple[Bilingual, str, int, int]:
    """The reading of one text, the text with glued English removed, and the English's columns.

    Memoised (the result is immutable): extraction reads the same titles, labels and messages repeatedly.
    """
    masked = _mask(text)
    cuts = _cuts(text, masked, lang)
    if cuts:
        marks = _emphasis_marks(masked)
        local: list[str] = []
        english: list[str] = []
        position = 0
        for cut in cuts:
            at_cut, before, after = _balance(marks, cut.start, cut.english_end)
            local += [text[position : cut.start], at_cut, text[cut.keep_start : cut.keep_end]]
            english.append((before + text[cut.start : cut.english_end] + after).strip())
            position = cut.end
        local.append(text[position:])
        applied = "".join(local)
        first = cuts[0]
        boundary = first.start if first.order == "local-first" else first.keep_start
        confidence = min(cut.confidence for cut in cuts)
        reading = Bilingual(text, applied.strip(), " ".join(english), "split", confidence, boundary, first.order)
        return reading, applied, first.start, cuts[-1].english_end
    share = 0.0
    if " the " in text or "The " in text:  # the signal that makes an untranslated line a candidate
        vote = _vote(masked, lang)
        if vote.english >= 2 and vote.words >= 3 and vote.local * 3 <= vote.english:
            share = _english_share(vote.text, lang)
    if share >= _UNTRANSLATED_SURE:
        col = _BLOCK_PREFIX.match(masked).end()  # type: ignore[union-attr]  # every part is optional
        return Bilingual(text, "", text[col:].strip(), "english", share), text, col, len(text.rstrip())
    return Bilingual(text, text, None, "local", 1.0 - share), text, 0, 0


# --- public API -------------------------------------------------------------------------------------------------


class Finding(NamedTuple):
    """English found on one line of a markdown block."""

    line: int
    """0-based line offset within the block."""
    col: int
    """0-based column where the English starts (add 1 for a SourcePos)."""
    end: int
    """0-based column just past the (last) English part of the line."""
    text: Bilingual
    """The line's reading: ``split`` (glued English, removed from the block) or ``english`` (kept)."""


@lru_cache(maxsize=4096)
def split(text: str, locale: str) -> Bilingual:
    """Read one short text (a title, a heading, a message) of a document in ``locale``.

    ``local`` is the text without its English (``split``), the text itself (``local``) or '' (``english``:
    untranslated). A local-first English part runs from ``boundary`` through the English sentences after it,
    label included ("Error message: The configured ..."). For english-first ("English (local)"), ``boundary``
    is where the parenthesised translation starts and ``local`` keeps what surrounds the pair (a label, a
    final period). Emphasis cut by the boundary is closed in one part and reopened in the other. English
    and unsupported locales always read as ``local``. Memoised: extraction reads each title several times.
    """
    lang = _language(locale)
    if lang is None or not _candidate_lines(text):
        return Bilingual(text, text, None, "local", 1.0)
    return _read(text, lang)[0]


def forget() -> None:
    """Drop the memoised readings, so that a new load starts cold and holds no text of an earlier one."""
    for memo in (split, _read, _english_share):
        memo.cache_clear()


def find_english(markdown: str, locale: str) -> list[Finding]:
    """Every line of a markdown block with English in it, for the ``untranslated-text`` check.

    Code fences, code spans, URLs, link targets and HTML tags are never read.
    """
    return _scan(markdown, locale)[1]


def separate_markdown(markdown: str, locale: str) -> tuple[str, list[tuple[int, Bilingual]]]:
    """The block with glued English removed, and (0-based line offset, reading) of each line with English.

    Lines left entirely in English are reported (``english``) but kept; only the English part of a ``split``
    line is removed, so the block keeps its line count.
    """
    clean, findings = _scan(markdown, locale)
    return clean, [(finding.line, finding.text) for finding in findings]


_FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})")


def _fenced_lines(markdown: str) -> set[int]:
    """0-based numbers of the lines of fenced code blocks, fences included."""
    fenced: set[int] = set()
    opening: tuple[int, str] | None = None
    line = previous = 0
    for match in _FENCE.finditer(markdown):
        line += markdown.count("\n", previous, match.start())
        previous = match.start()
        fence = match.group(1)
        if opening is None:
            opening = (line, fence)
        elif fence[0] == opening[1][0] and len(fence) >= len(opening[1]):
            fenced.update(range(opening[0], line + 1))
            opening = None
    if opening is not None:
        fenced.update(range(opening[0], markdown.count("\n") + 1))
    return fenced


def _scan(markdown: str, locale: str) -> tuple[str, list[Finding]]:
    lang = _language(locale)
    candidates = _candidate_lines(markdown) if lang else []
    if not candidates or lang is None:
        return markdown, []
    lines = markdown.split("\n")
    fenced = _fenced_lines(markdown) if "```" in markdown or "~~~" in markdown else set()
    findings: list[Finding] = []
    for number in candidates:
        if number in fenced:
            continue
        reading, applied, col, end = _read(lines[number], lang)
        if reading.status != "local":
            findings.append(Finding(number, col, end, reading))
        if reading.status == "split":
            lines[number] = applied
    return "\n".join(lines), findings
