"""What an error code looks like, and how to find codes in headings, label values and messages."""

from __future__ import annotations

import re

CAMEL = r"(?:[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)"
"""CamelCase identifiers with at least two humps: UserErrorGuestAgentStatusUnavailable, BCMV2VMNotFound."""
NUMBER = r"(?:0x[0-9A-Fa-f]{4,}|\d{3,})"
CODE = rf"(?:{NUMBER}|{CAMEL})"
CODE_RE = re.compile(rf"^{CODE}$")

_HEADING_CODES_RE = re.compile(rf"^\s*(?P<codes>{CODE}(?:\s*[/,]\s*{CODE})*)(?=\s*(?:[-–—:]|$)|-)")
_SPACED_CODES_RE = re.compile(rf"^\s*(?P<codes>{CODE}(?:\s+{CODE})+)\s*$")
_SEPARATOR_RE = re.compile(r"^\s*(?:[-–—:]+\s*)")
_ID_RE = re.compile(r"\((?:ID|Id|id)\s*:\s*(\d+)\)")
_HEX_RE = re.compile(r"(?<![\w])0\s?x\s?([0-9A-Fa-f]{5,8})(?![\w])")
_SPLIT_RE = re.compile(r"\s*[/,]\s*|\s+")


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
    """``(ID: 34513)``, ``Errore 34506.`` and ``0x80070570`` ids in a message."""
    found = [m.group(1) for m in _ID_RE.finditer(text)]
    for word in error_words:
        found += re.findall(rf"\b{re.escape(word)}\s+(\d{{4,}})\b", text, flags=re.I)
    found += ["0x" + m.group(1) for m in _HEX_RE.finditer(text)]
    return tuple(dict.fromkeys(found))


def strip_ids(text: str) -> str:
    """A message without its ``(ID: n)`` marker."""
    return _ID_RE.sub("", text).strip()
