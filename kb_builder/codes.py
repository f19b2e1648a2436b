"""What an error code looks like, and how to find codes in headings, label values and messages."""

from __future__ import annotations

import re
from functools import lru_cache

CAMEL = r"(?:[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)"
"""CamelCase identifiers with at least two humps: UserErrorGuestAgentStatusUnavailable, BCMV2VMNotFound."""
NUMBER = r"(?:0x[0-9A-Fa-f]{4,}|\d{3,})"
PREFIXED = r"(?:[A-Z]{2,}\d{3,})"
"""Letters then digits: AADSTS50001."""
SNAKE = r"(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"
"""Upper-case words joined by underscores: ERROR_ACCESS_DENIED, E_FAIL."""
CODE = rf"(?:{NUMBER}|{PREFIXED}|{SNAKE}|{CAMEL})"
CODE_RE = re.compile(rf"^{CODE}$")
LOWER_SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
"""invalid_request: an error code where a code column says so, never by its shape alone."""
_DOTTED_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$")
"""ErrorCode.DeviceNotReady, java.lang.OutOfMemoryError."""
_NEGATIVE_RE = re.compile(r"^-\d+$")
_WORD_RE = re.compile(r"^[^\W\d_][\w-]*$")
_WITH_DIGIT_RE = re.compile(r"^(?=[\w.\-]*\d)[A-Za-z0-9][\w.\-]*[A-Za-z0-9]$")

_HEADING_CODES_RE = re.compile(rf"^\s*(?P<codes>{CODE}(?:\s*[/,]\s*{CODE})*)(?=\s*(?:[-–—:]|$)|-)")
_SPACED_CODES_RE = re.compile(rf"^\s*(?P<codes>{CODE}(?:\s+{CODE})+)\s*$")
_SEPARATOR_RE = re.compile(r"^\s*(?:[-–—:]+\s*)")
_ID_RE = re.compile(r"\((?:ID|Id|id)\s*:\s*(\d+)\)")
_HEX_RE = re.compile(r"(?<![\w])0\s?x\s?([0-9A-Fa-f]{5,8})(?![\w])")
_PREFIXED_RE = re.compile(rf"(?<![\w]){PREFIXED}(?![\w])")
_SPLIT_RE = re.compile(r"\s*[/,]\s*|\s+")
_CELL_SPLIT_RE = re.compile(r"\s*(?:[/,;]|<br\s*/?>)\s*|\s+", re.I)
_HTTP_RE = re.compile(r"\bHTTP\b", re.I)
_DIGITS_RE = re.compile(r"\d{3}")
_STATUS_RE = re.compile(r"(?<![\w.,])([45]\d\d)(?![\w.,]\d|\d)")
HTTP_REASONS = (
    "bad request", "unauthorized", "payment required", "forbidden", "not found", "method not allowed", "not acceptable",
    "request timeout", "conflict", "gone", "precondition failed", "payload too large", "too many requests",
    "internal server error", "not implemented", "bad gateway", "service unavailable", "gateway timeout",
)  # fmt: skip
"""The reason phrases of the 4xx and 5xx statuses (RFC 9110), as they follow a status in running text."""
_REASON_RE = re.compile(rf"(?<![\w.,])([45]\d\d)\s*(?:[-:]\s*)?[\"'“]?(?:{'|'.join(HTTP_REASONS)})\b", re.I)


def is_code(token: str) -> bool:
    """True for a code-shaped token."""
    return bool(CODE_RE.match(token))


def heading_codes(text: str) -> tuple[tuple[str, ...], str]:
    """Codes leading a heading, and the rest of the heading after the separator.

    ``"320001, ResourceNotFound - Could not..."`` -> (("320001", "ResourceNotFound"), "Could not...").
    A heading made only of code-shaped words split by spaces gives those words, so a
    stray space inside a code is caught by the checker.
    """
    match = _HEADING_CODES_RE.match(text)
    if not match:
        spaced = _SPACED_CODES_RE.match(text)
        if spaced:
            return tuple(spaced.group("codes").split()), ""
        return (), text
    codes = tuple(c for c in _SPLIT_RE.split(match.group("codes")) if c)
    rest = _SEPARATOR_RE.sub("", text[match.end() :], count=1)
    return codes, rest.strip()


def value_codes(value: str) -> tuple[str, ...]:
    """Codes in a label value: ``BackUpOperationFailed / BackUpOperationFailedV2``, ``320001, ResourceNotFound``."""
    codes: list[str] = []
    for token in _SPLIT_RE.split(value.strip().strip("*_`").strip()):
        token = token.strip("*_`.;:")
        if not token:
            continue
        if not is_code(token):
            break
        codes.append(token)
    return tuple(codes)


def numeric_ids(text: str, error_words: tuple[str, ...]) -> tuple[str, ...]:
    """``(ID: 34513)``, ``Errore 34506.``, ``errore: 18456``, ``Msg 40847`` and ``0x80070570`` ids in a message."""
    found = [m.group(1) for m in _ID_RE.finditer(text)]
    if error_words:
        found += [number for listed in _error_number_re(error_words).findall(text) for number in _NUMBER_RE.findall(listed)]
    found += ["0x" + m.group(1) for m in _HEX_RE.finditer(text)]
    return tuple(dict.fromkeys(found))


def prefixed_codes(text: str) -> tuple[str, ...]:
    """Letters-then-digits ids anywhere in a text (``AADSTS50001``): codes only inside an error's message."""
    return tuple(dict.fromkeys(_PREFIXED_RE.findall(text)))


@lru_cache(maxsize=64)
def _error_number_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """An error word, then one number or a list of them ("Errore 505, 514, 532")."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    number = r"\d{3,}(?![\w.,]\d|\d|%)"
    return re.compile(rf"(?<![\w])(?:{alternatives})\s*[:#]?\s*({number}(?:\s*[,/]\s*{number})*)", re.I)


_NUMBER_RE = re.compile(r"\d{3,}")


def cell_codes(cell: str, declared: bool = False) -> tuple[str, ...]:
    """The codes of a code-column cell: each part that is code-shaped, ``lower_snake``, dotted or holds a digit
    (``0x80070002, 0x80070003``, ``invalid_request``, ``ErrorCode.DeviceNotReady``, ``-101``); a cell of running text
    gives only the code leading it. Under a header that says "error code" (``declared``), a single word is a code too."""
    parts = [part.strip("*_`.;:()[]\"' ") for part in _CELL_SPLIT_RE.split(cell.strip())]
    parts = [part for part in parts if part]
    codes = [part for part in parts if is_code(part) or LOWER_SNAKE_RE.match(part) or _WITH_DIGIT_RE.match(part) or _DOTTED_RE.match(part) or _NEGATIVE_RE.match(part)]
    if codes and len(codes) == len(parts):
        return tuple(dict.fromkeys(codes))
    if declared and len(parts) == 1 and _WORD_RE.match(parts[0]):
        return (parts[0],)
    return heading_codes(cell)[0]


def http_statuses(text: str, status_words: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The 4xx and 5xx statuses a text names as HTTP errors: in a text that says HTTP (or one of
    ``status_words``, "status", "stato"), or before their reason phrase."""
    if not _DIGITS_RE.search(text):
        return ()
    found = [m.group(1) for m in _REASON_RE.finditer(text)]
    if _HTTP_RE.search(text) or (status_words and _words_re(status_words).search(text)):
        found += _STATUS_RE.findall(text)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=64)
def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words`` as whole words, in any letter case."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) + r")(?!\w)", re.I)


def strip_ids(text: str) -> str:
    """A message without its ``(ID: n)`` marker."""
    return _ID_RE.sub("", text).strip()
