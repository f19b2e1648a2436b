"""Make the candidate list for the labelled set of error entries (run once; the labels are added by hand).

The articles: every article of the repository whose file name says it is about troubleshooting or errors
("troubleshoot", "error"), 220 others drawn at random (seed 20261207), and every article where kb 0.1 (commit
ae451f3, before this labelled set) found error entries (``--old-entries``: a JSON list of {path, codes}). The candidates: every token a generous
pattern would take as an error code, independent of kb: code-shaped words in headings, table cells, bold and
backtick spans and label lines, numbers after an error word ("errore 6800", "Msg 40847", "(ID: 34513)", "HTTP 503"),
hex values (0x80070005) and prefixed ids (AADSTS50001). Each candidate is then labelled by a person reading its place:

- ``entry``: a person would expect an error entry for it: the article documents this error (what it means, why it
  happens or what to do), and the token is the error's code, name or number;
- ``alias``: a second identifier of an error labelled ``entry`` nearby (a name beside its number), or a token where a
  careful reader could go either way: counted neither as right nor as wrong;
- ``no``: anything else (API names, settings, products, sample values, codes only quoted in sample output).

A labeller also adds, under ``missed``, any code the pattern did not take that a person would expect as an entry.

    python tests/data/entries/make_candidates.py ../shared/repos/azure-docs-pr15_it-IT old-entries.json > candidates.json
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

SEED = 20261207
RANDOM_ARTICLES = 220
CAMEL = r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*"
HEX = r"0x[0-9A-Fa-f]{4,}"
PREFIXED = r"[A-Z]{2,}[_-]?\d{3,}"
SNAKE = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
LOWER_SNAKE_RE = re.compile(r"(?<![\w.\-/])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w\-/])")
WORD_CODE_RE = re.compile(rf"(?<![\w.\-/])(?:{HEX}|{PREFIXED}|{SNAKE}|{CAMEL})(?![\w\-/])")
NUMBER_RE = re.compile(r"(?<![\w.,/:\-])\d{3,}(?![\w.,/:%\-]\d)")
ERROR_NUMBER_RE = re.compile(
    r"(?:errore|errori|error|errors|msg|codice|code|codes|http|stato|status|id|evento|event|hresult)\s*[:#]?\s*\(?(?P<n>\d{3,})",
    re.I,
)
SPAN_RE = re.compile(r"\*\*([^*\s]{3,80})\*\*|`([^`\s]{3,80})`")
LABEL_RE = re.compile(r"(?:codice di errore|codici di errore|codice errore|error code|error codes|messaggio di errore|error message)\s*\**\s*:", re.I)


def articles(root: Path, old: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(path relative to the repository, why chosen), in path order."""
    every = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md") if "includes" not in p.relative_to(root).parts[:-1])
    troubleshooting = [p for p in every if re.search(r"troubleshoot|error", p.rsplit("/", 1)[-1], re.I)]
    others = [p for p in every if p not in troubleshooting and p.startswith("articles/")]
    drawn = random.Random(SEED).sample(others, RANDOM_ARTICLES)
    chosen = dict([(p, "troubleshooting") for p in troubleshooting] + [(p, "random") for p in drawn])
    for path in old:
        chosen.setdefault(path, "kb-0.1-entries")
    return sorted(chosen.items())


def candidates(text: str, old_codes: list[tuple[int, str]]) -> list[dict[str, object]]:
    found: dict[tuple[int, str], str] = {}
    in_fence = False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        context = ""
        if stripped.startswith("#"):
            context = "heading"
        elif stripped.startswith("|") or stripped.count("|") >= 2 or "<td" in stripped.lower() or (stripped.startswith("<p>") and stripped.endswith("</p>")):
            context = "table"
        elif LABEL_RE.search(stripped):
            context = "label"
        if context:
            for match in WORD_CODE_RE.finditer(line):
                found.setdefault((number, match.group()), context)
            if context == "heading" or context == "label":
                for match in NUMBER_RE.finditer(line):
                    found.setdefault((number, match.group()), context)
            if context == "table":
                for match in LOWER_SNAKE_RE.finditer(line):
                    found.setdefault((number, match.group()), context)
                cell = re.sub(r"<[^>]+>", "", stripped).strip(" |")
                if re.fullmatch(r"\d{3,}", cell):
                    found.setdefault((number, cell), "table")
                for cell_text in re.split(r"\|", re.sub(r"<[^>]+>", "", stripped)):
                    if re.fullmatch(r"\s*\d{3,}\s*", cell_text):
                        found.setdefault((number, cell_text.strip()), "table")
        for match in SPAN_RE.finditer(line):
            token = match.group(1) or match.group(2)
            if WORD_CODE_RE.fullmatch(token) or re.fullmatch(r"\d{3,}", token):
                found.setdefault((number, token), "span")
        for match in ERROR_NUMBER_RE.finditer(line):
            found.setdefault((number, match.group("n")), "error-number")
        for match in re.finditer(rf"(?<![\w])(?:{HEX}|{PREFIXED})(?![\w])", line):
            found.setdefault((number, match.group()), "text")
    taken = {token for _line, token in found}
    for line, token in old_codes:
        if token not in taken:
            found.setdefault((line, token), "kb-0.1")
    return [{"line": line, "token": token, "context": context} for (line, token), context in sorted(found.items())]


def main(root: Path, old_entries: Path) -> None:
    old: dict[str, list[tuple[int, str]]] = {}
    for entry in json.loads(old_entries.read_text(encoding="utf-8")):
        old.setdefault(entry["path"], []).extend((entry["line"], code) for code in entry["codes"])
    listing = []
    for path, why in articles(root, old):
        text = (root / path).read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        listing.append({"path": path, "chosen": why, "candidates": candidates(text, old.get(path, []))})
    json.dump(listing, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
