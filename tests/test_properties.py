"""Property-based tests: random DocFX-ish markdown and mutated real articles through parse, extract,
the bilingual splitter and the checker.

The properties:
- nothing raises;
- every line number (headings, links, includes, alerts, sections, cause references, code declarations,
  table rows, English residue, diagnostics) lies within its file, and a diagnostic's column within its line;
- a section owns its subsections, links, code declarations, table rows and notes; a resolved include
  lies inside the content root; every report format renders;
- every heading lands in exactly one section, and the sections tile the document without gaps or
  overlaps from the first section to the last line;
- the bilingual splitter keeps every character (see :func:`_assert_reading_keeps_text`) and
  ``separate_markdown`` keeps the line count.

The default run fuzzes ``EXAMPLES`` examples per property; the test marked ``slow`` runs
``SLOW_EXAMPLES`` through the whole pipeline. Hypothesis keeps failing examples in ``.hypothesis/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from kb_builder.bilingual import find_english, separate_markdown, split
from kb_builder.checks import run_checks
from kb_builder.model import Bilingual, Document, ErrorEntry, KnowledgeBase
from kb_builder.parse import ParsedMarkdown, parse_markdown
from kb_builder.pipeline import load, load_document
from kb_builder.read import LocaleRoot, SourceFile, decode, inside_root
from kb_builder.report import FORMATTERS, Report, format_text

from .conftest import CONTENT, CORPUS, REPO

EXAMPLES = 200
"""Examples per property in the default run."""
SLOW_EXAMPLES = 10_000
"""Examples of the slow whole-pipeline test."""
WINDOW = 100
"""Most lines of a real article one example mutates (whole articles make an example ten times slower)..."""
HEAD = 20
"""...plus up to this many of its first lines (the front matter and the title)."""

_DATABASE = DirectoryBasedExampleDatabase(REPO / ".hypothesis" / "examples")
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=_DATABASE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
SLOW = settings(FAST, max_examples=SLOW_EXAMPLES)

LOCALES = ("it-it", "en-us", "de-de", "ja-jp")

# --- building blocks ----------------------------------------------------------------------------------------

HOSTILE = "\x00\r\t\u202e\u200f\u2066\ufeff\u0301\ufffd\u00a0\u2028\u0085"
"""NUL, CR, tab, RTL overrides and marks, a BOM, a combining accent, odd spaces and line separators."""
_chars = st.characters(blacklist_categories=("Cs",))
_weird_text = st.text(st.one_of(_chars, st.sampled_from(HOSTILE), st.sampled_from("🙂🚀👩‍💻[]()<>*_`#|!:\\\"'")), max_size=40)

ITALIAN = (
    "Risolvere i problemi relativi all'agente e alle estensioni",
    "La macchina virtuale è in stato di provisioning non riuscito",
    "Non è possibile comunicare con l'agente delle VM per lo stato dello snapshot",
    "Il numero di punti di ripristino non può superare 18.",
    "Fare clic su Gruppo di risorse, viene visualizzato il riquadro **Panoramica.",
    "Per creare un nuovo punto di ripristino, eliminare quelli esistenti.",
)
ENGLISH = (
    "Troubleshoot Agent and extension issues",
    "The VM is in failed provisioning state",
    "Could not communicate with the VM agent for snapshot status",
    "The number of restore points can't exceed 18.",
    "Click** Resource group, the Overview pane is displayed.",
    "The backup operation failed because the VM is in Failed Provisioning State.",
)
HEADINGS = ("Cause e soluzioni", "Causes and solutions", "Cause e risoluzioni:", "Passaggi successivi", "Errori comuni")
CODES = ("UserErrorVmProvisioningStateFailed", "ExtensionSnapshotFailedNoNetwork", "BCMV2VMNotSupported", "0x80070005", "34506", "Error-42", "")
ANCHORS = ("usererror", "cause-1", "Causa-2", "", 'a"b', "a'b<c", "x y", "città", "UserErrorVm", "#", "-")
TARGETS = (
    "#usererror", "#cause-1", "#Causa-2", "#", "#città", "other.md#x", "./fuzz.md#cause-1", "../backup/fuzz.md", "../../../etc/passwd",
    "/etc/passwd", "media/x.png", "https://example.com/a(b)", "javascript:alert(1)", "<a b>", "mailto:x@y", "%2e%2e/x.md", "",
    "http://[::1/x", "https://[x]/", "//[oops", "#%ZZ%E0", "%00.md", "https://learn.microsoft.com/it-it/azure/backup/fuzz#x",
    "/azure/backup/fuzz", "fuzz#cause-1", "?q=1#", "../../includes/ok.md", "\\server\\share",
)
INCLUDE_TARGETS = (
    "../../includes/ok.md", "../../includes/fuzzed.md", "../../includes/fuzzed.md", "fuzzed.md", "ok.md", "cycle-b.md",
    "../../includes/escape.md", "escape.md", "../../includes/folder.md", "../../includes/cycle-a.md", "../../includes/crlf.md", "../../includes/missing.md", "fuzz.md",
    "/etc/passwd", "../../../../etc/passwd", "../../../../../../../../etc/passwd", "C:\\Windows\\win.ini", "%2e%2e/%2e%2e/x.md",
    "../../includes", "<../../includes/ok.md>", "", " ", "x.md#frag", "file:///etc/passwd", "../../includes/ok.md?x=1",
)


def _pick(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


_words = st.one_of(_pick(ITALIAN), _pick(ENGLISH), _pick(CODES), _pick(HEADINGS), _weird_text)
_GLUE = ("", "", ".", ". ", ":", "**", " (", ")", "<br>", "|", " ", "`")
_glued = st.builds(
    lambda pairs, tail: "".join(local + glue + english + after for local, glue, english, after in pairs) + tail,
    st.lists(st.tuples(_pick(ITALIAN), _pick(("", ".", ":", "**", ".**", " ")), _pick(ENGLISH), _pick(_GLUE)), min_size=1, max_size=3),
    st.one_of(st.just(""), _pick(ITALIAN + ENGLISH)),
) | st.lists(st.tuples(_pick(ITALIAN + ENGLISH), _pick(_GLUE)), min_size=2, max_size=5).map(lambda parts: "".join(a + glue for a, glue in parts))
"""Italian with English glued after it, English between two Italian parts, and both in any order."""
_english_first = st.builds(
    lambda label, english, italian, end: f"{label}{english} ({italian}){end}",
    _pick(("", "**Messaggio di errore**: ", "Error message: ", "Nota: ", "- ")),
    _pick(ENGLISH),
    _pick(ITALIAN),
    _pick(("", ".", " <br>", ". Altro testo.")),
)
_inline = st.one_of(_words, _glued, _english_first, st.builds(lambda t, u: f"[{t}]({u})", _words, _pick(TARGETS)), st.builds(lambda t, u: f"![{t}]({u})", _words, _pick(TARGETS)))
_line_text = st.lists(_inline, min_size=1, max_size=4).map(" ".join)


def _anchor_tag(name: str, style: int) -> str:
    return (f'<a name="{name}"></a>', f"<a name='{name}'></a>", f"<a name={name or 'x'}>", f'<A ID = "{name}" />', f'<a name="{name}">')[style]


_anchor_tags = st.lists(st.builds(_anchor_tag, _pick(ANCHORS), st.integers(0, 4)), max_size=3).map("".join)
_heading = st.builds(
    lambda container, level, anchors, code, text, close: f"{container}{'#' * level} {anchors}{code}{' - ' if code else ''}{text}{close}",
    _pick(("", "", "", " ", "   ", "> ", "- ", "1. ")),
    st.integers(1, 7),
    _anchor_tags,
    _pick(CODES),
    _line_text,
    _pick(("", " #", " ##")),
) | st.builds(lambda anchors, text, underline: f"{anchors}{text}\n{underline}", _anchor_tags, _line_text, _pick(("===", "---", "-", "= =")))
_code_line = st.builds(
    lambda label, code, tail: f"{label} {code}{tail}",
    _pick(("**Codice di errore:**", "**Codice di errore**:", "Codice di errore:", "Error code:", "**Error code**:", "Messaggio di errore:", "**Messaggio di errore**:", "Error message:", "Azione consigliata:")),
    st.one_of(_pick(CODES), _line_text),
    _pick(("", "<br>", " <br/>", "  ", "<br>**Messaggio di errore:** " + ITALIAN[1])),
)
_cause_ref = st.builds(
    lambda word, number, text, target, bold: f"{bold}{word} {number}: [{text}]({target}){bold}",
    _pick(("Causa", "Passaggio", "Motivo", "Cause", "Step", "causa")),
    st.integers(0, 12),
    _line_text,
    _pick(TARGETS),
    _pick(("**", "", "__")),
) | st.builds(lambda text, target: f"**[{text}]({target})**", _line_text, _pick(TARGETS))
_causes = st.builds(
    lambda level, title, children: f"{'#' * level} {title}\n\n" + "\n\n".join(f"{'#' * (level + depth)} {anchors}{text}\n\n{body}" for depth, anchors, text, body in children),
    st.integers(1, 4),
    _pick(HEADINGS),
    st.lists(st.tuples(_pick((1, 1, 1, 0, 2)), _anchor_tags, _line_text, st.one_of(_line_text, _cause_ref, _code_line)), max_size=4),
)
"""A "Cause e soluzioni" heading and the cause headings under it (some too deep, some not nested at all)."""
_cell = st.one_of(_line_text, _pick(CODES), st.just(""), st.just("a \\| b"), st.just("x<br>y"))
_table = st.builds(
    lambda header, rows, sep: "\n".join(["| " + " | ".join(header) + " |", "|" + "|".join(sep for _ in header) + "|"] + ["| " + " | ".join(row) + " |" for row in rows]),
    st.lists(_pick(("Errore", "Codice di errore", "Causa", "Azione consigliata", "Messaggio di errore", "Error", "Cause", "Recommended action", "x")), min_size=1, max_size=4),
    st.lists(st.lists(_cell, min_size=0, max_size=5), max_size=4),
    _pick(("---", ":--", "--:", "-", "")),
)
_list = st.lists(
    st.builds(lambda indent, marker, text: " " * indent + marker + " " + text, st.integers(0, 9), _pick(("-", "*", "+", "1.", "2)", "10.")), _line_text),
    min_size=1,
    max_size=5,
).map("\n".join)
_alert = st.builds(
    lambda quote, marker, body: f"{quote}{marker}\n" + "\n".join(f"{quote}{line}" for line in body),
    _pick((">", "> ", ">  ", "> > ", "   >")),
    _pick(("[!NOTE]", "[!note]", "[ ! Warning ]", "[!TIP]", "[AZURE.NOTE]", "[!IMPORTANT]x", "[!CAUTION] ", "[!UNKNOWN]", "[!NOTE")),
    st.lists(st.one_of(_line_text, _code_line, _cause_ref, st.just("")), max_size=3),
)
_include = st.builds(lambda title, target, indent: f"{indent}[!INCLUDE [{title}]({target})]", _words, _pick(INCLUDE_TARGETS), _pick(("", " ", "    ", "- ", "> ")))
_fence = st.builds(
    lambda fence, lang, body, closed: f"{fence}{lang}\n" + "\n".join(body) + (f"\n{fence}" if closed else ""),
    _pick(("```", "~~~", "````", "   ```")),
    _pick(("", "console", "powershell", "`")),
    st.lists(st.one_of(_line_text, _heading, _code_line, _cause_ref), max_size=3),
    st.booleans(),
)
_reference = st.builds(lambda text, label, target: f"[{text}][{label}]\n\n[{label}]: {target}", _words, _pick(("r", "R", "", " ", "città")), _pick(TARGETS))
_indented = st.builds(lambda lines: "\n".join("    " + line for line in lines), st.lists(st.one_of(_cause_ref, _code_line, _heading), min_size=1, max_size=3))
_html = _pick(("<br>", "<details><summary>x</summary>\n\n## Nascosto\n\n</details>", "<h2 id=\"x\">Titolo</h2>", "<br/>", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<!-- kb: disable=broken-anchor -->", "<!-- kb: disable=all -->", "<!--", "<div>", "</a>", '<a name="loose"></a>', "<table><tr><td>x</td></tr></table>"))
_nested = st.builds(
    lambda depth, marker, inner: "\n".join(marker * depth + line for line in inner.split("\n")),
    st.integers(1, 40),
    _pick(("> ", ">", "- ", "  - ", "1. ", "> - ")),
    st.one_of(_heading, _alert, _code_line, _cause_ref, _table, _fence, _include, _line_text),
)
"""Quotes and lists nested up to 40 deep around another block."""
_block = st.one_of(_heading, _heading, _causes, _causes, _nested, _code_line, _cause_ref, _table, _list, _alert, _include, _fence, _html, _reference, _indented, _line_text, _weird_text, st.just(""))
_front_matter = _pick((
    "",
    "---\ntitle: Risoluzione dei problemi\ndescription: x\nms.translationtype: MT\n---\n",
    "---\ntitle: Risolvere i problemi relativi all'agenteTroubleshoot Agent and extension issues\n---\n",
    "---\ntitle: [unclosed\n---\n",
    "---\na: &a [x, x]\nb: *a\n---\n",
    "---\ntitle: x\n",
    "---\n---",
    "---\n- a list\n---\n",
    "---\ntitle: x\n---",
    "---\ntitle: 42\ndescription: [a, b]\nms.translationtype: {x: 1}\n---\n",
    "---\ntitle:\ndate: 2020-01-01\n---\n",
    "\ufeff---\ntitle: x\n...\n",
    "---\r\ntitle: y\r\n---\r\n",
    "---\ntitle: \"\\x00\\ud800\"\n---\n",
    "---\ntitle: >\n  Risolvere i problemi relativi all'agente e alle estensioniTroubleshoot Agent and extension issues\n---\n",
    "---\ntitle: 'Breve'\nnot yaml\n---\n",
))
_separator = _pick(("\n", "\n", "\n\n", "\r\n", "\r", "\n\t\n", "\n\x00\n"))
markdown_documents = st.builds(
    lambda front, blocks, separators: front + "".join(block + separators[i % len(separators)] for i, block in enumerate(blocks)),
    _front_matter,
    st.lists(_block, max_size=20),
    st.lists(_separator, min_size=1, max_size=4),
)


# --- mutations of real articles ---------------------------------------------------------------------------------


def _real_articles() -> tuple[str, ...]:
    """The seed article, and the shared corpus when it is present."""
    paths = sorted(CONTENT.rglob("*.md")) + (sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else [])
    return tuple(path.read_text(encoding="utf-8") for path in paths)


ARTICLES = _real_articles()


@st.composite
def mutated_articles(draw: st.DrawFn) -> str:
    """A window of a real article (its head kept or not) after a few line edits, a truncation and character flips."""
    lines = draw(_pick(ARTICLES)).split("\n")
    start = draw(st.integers(0, len(lines) - 1))
    head = lines[: min(start, draw(st.integers(0, HEAD)))]
    lines = head + lines[start : start + draw(st.integers(1, WINDOW))]
    for _ in range(draw(st.integers(0, 6))):
        operation = draw(_pick(("delete", "duplicate", "swap", "insert", "insert")))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if operation == "delete" and lines:
            del lines[at]
        elif operation == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif operation == "swap" and lines:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            lines.insert(at, draw(_block))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    for _ in range(draw(st.integers(0, 4))):
        if text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + draw(st.one_of(_chars, _pick(HOSTILE + "#>|[]()*_`\n"))) + text[at + 1 :]
    return text


any_markdown = st.one_of(markdown_documents, mutated_articles())
include_files = st.one_of(st.just(""), st.lists(_block, max_size=3).map("\n".join))
"""What ``includes/fuzzed.md`` holds: blocks (nested includes, cycles, a symlink to /etc/passwd) or nothing."""


# --- property checks ------------------------------------------------------------------------------------------


def _assert_parse_lines(parsed: ParsedMarkdown) -> None:
    size = len(parsed.lines)
    assert all(1 <= heading.line <= size for heading in parsed.headings), [h.line for h in parsed.headings]
    assert all(1 <= link.pos.line <= size for link in parsed.links)
    assert all(1 <= include.line <= size for include in parsed.includes)
    assert all(1 <= alert.line <= size for alert in parsed.alerts)
    assert all(1 <= line <= size for _, line in parsed.loose_anchors)
    assert 0 <= parsed.front_matter.body_start <= size


def _assert_document(document: Document) -> None:
    """Line numbers inside the file; each heading in exactly one section; sections tile the document."""
    size = len(document.lines)
    inside = lambda line: 1 <= line <= size  # noqa: E731
    assert all(inside(heading.line) for heading in document.headings)
    assert all(inside(link.pos.line) for link in document.links)
    assert all(inside(include.pos.line) for include in document.includes)
    assert all(inside(alert.line) for alert in document.alerts)
    assert all(inside(line) and document.lines[line - 1] == reading.original for line, reading in document.english)
    for section in document.sections:
        first, last = section.source.line, section.end_line
        assert 1 <= first <= last <= size, (first, last, size)
        within = lambda line: first <= line <= last  # noqa: E731
        assert section.heading is None or section.heading.line == first
        assert all(within(sub.heading.line) and sub.heading.line > first for sub in section.subsections)
        assert all(within(link.pos.line) for link in section.links)
        if isinstance(section, ErrorEntry):
            lines = [d.pos.line for d in section.declarations] + [row.line for row in section.inline_causes] + [note.line for note in section.notes]
            assert all(within(line) for line in lines), (first, last, lines)
            # A cause reference may be the heading of a nested error section that is not absorbed: in the file, not the span.
            assert all(inside(ref.pos.line) for ref in section.causes)
    owners = [section.heading for section in document.sections if section.heading is not None]
    owners += [sub.heading for section in document.sections for sub in section.subsections]
    for heading in document.headings:
        assert sum(owner == heading for owner in owners) == 1, f"heading on line {heading.line} is in {sum(owner == heading for owner in owners)} sections"
    assert len(owners) == len(document.headings)
    spans = sorted((section.source.line, section.end_line) for section in document.sections)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start == end + 1, f"sections {spans} leave a gap or overlap after line {end}"
    if spans:
        assert spans[-1][1] == size
        first_heading = min((heading.line for heading in document.headings), default=size + 1)
        assert spans[0][0] <= first_heading
    else:
        assert not document.headings


def _squeeze(text: str) -> str:
    """The text without whitespace and emphasis markers."""
    return re.sub(r"[\s*_]", "", text)


def _interleaves(whole: str, first: str, second: str, dropped: str = "()") -> bool:
    """True when ``whole`` is ``first`` and ``second`` interleaved (each kept in order), plus characters of ``dropped``."""
    frontier = {(0, 0)}  # characters taken from ``first`` and from ``second`` so far
    for char in whole:
        step = {(j, k) for j, k in frontier if char in dropped}
        step |= {(j + 1, k) for j, k in frontier if j < len(first) and first[j] == char}
        step |= {(j, k + 1) for j, k in frontier if k < len(second) and second[k] == char}
        if not step:
            return False
        frontier = step
    return (len(first), len(second)) in frontier


_BLOCK_PREFIX = re.compile(r"[ \t]*(?:(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+)*(?:[\s\x00]|<[A-Za-z/!][^<>\n]*>|\]\([^\n]*?\))*")
"""What an untranslated line's English may leave out: block markers, then spaces, NULs, HTML tags and link targets."""


def _assert_reading_keeps_text(text: str, found: Bilingual) -> None:
    """What a reading promises about the characters of ``text``.

    - ``local``: the text is kept whole, no English.
    - ``english`` (untranslated): the English is the text after its block marker (``#``, ``>``, ``-``, ``1.``).
    - ``split``: ``local`` is the text with its English parts cut out and ``english`` is those parts in order,
      joined by spaces; emphasis markers may be added to keep both parts balanced, and an English-first
      pair ("English (local)") drops its parentheses. An English part may sit between two local parts
      ("local.English. local again."), and one text may hold pairs of both orders (in table cells, around
      a ``<br>``), so ``local + english`` is not the original in general. What holds: the original, whitespace
      and emphasis aside, is an *interleaving* of ``local`` and ``english`` plus dropped parentheses. ``order``
      and ``boundary`` describe the first pair: local-first, everything before ``boundary`` is local and the
      English starts at ``boundary``; english-first, ``boundary`` is just after the ``(`` that opens the
      translation.
    """
    assert found.original == text
    assert 0.0 <= found.confidence <= 1.0
    if found.status == "local":
        assert (found.local, found.english, found.boundary) == (text, None, None)
        return
    if found.status == "english":
        assert found.local == "" and found.english and found.boundary is None
        body = text.rstrip()
        assert body.endswith(found.english)
        assert _BLOCK_PREFIX.fullmatch(body[: len(body) - len(found.english)])
        return
    assert found.status == "split" and found.english and found.boundary is not None
    assert 0 < found.boundary < len(text)
    local, english = _squeeze(found.local), _squeeze(found.english)
    assert _interleaves(_squeeze(text), local, english), (text, found)
    if found.order == "local-first":
        before = _squeeze(text[: found.boundary])
        assert local.startswith(before), (before, local)
        assert _squeeze(text[found.boundary :])[:1] == english[:1]
    else:
        assert found.order == "english-first" and text[found.boundary - 1] == "("


def _assert_separation(markdown: str, locale: str) -> None:
    """``separate_markdown`` keeps the line count and changes only the lines it reports as split."""
    clean, found = separate_markdown(markdown, locale)
    before, after = markdown.split("\n"), clean.split("\n")
    assert len(after) == len(before)
    split_lines = {line for line, reading in found if reading.status == "split"}
    assert all(0 <= line < len(before) for line, _ in found)
    for number, (old, new) in enumerate(zip(before, after)):
        if number not in split_lines:
            assert new == old
    for line, reading in found:
        assert reading.original == before[line]
        _assert_reading_keeps_text(reading.original, reading)
        if reading.status == "split":
            assert _squeeze(after[line]) == _squeeze(reading.local)
    for finding in find_english(markdown, locale):
        assert 0 <= finding.col <= finding.end <= len(before[finding.line])


# --- a content tree to run the pipeline and the checker on ---------------------------------------------------------

ARTICLE = "it-it/articles/backup/fuzz.md"
FUZZED_INCLUDE = "it-it/includes/fuzzed.md"
INCLUDES = {
    "it-it/includes/ok.md": "---\ntitle: ok\n---\n## <a name=\"included\"></a>Incluso\n\nVedere [qui](#usererror) e [là](../articles/backup/fuzz.md#cause-1).\n[!INCLUDE [f](fuzzed.md)]\n",
    "it-it/includes/cycle-a.md": "[!INCLUDE [b](cycle-b.md)]\n",
    "it-it/includes/cycle-b.md": "Testo\n[!INCLUDE [a](cycle-a.md)]\n",
    "it-it/includes/crlf.md": "riga uno\r\rriga\r[!INCLUDE [ok](ok.md)]\r\n## Titolo\r[x](#nowhere)\n",
    "en-us/articles/backup/fuzz.md": "# Title\n\n## <a name=\"usererror\"></a>UserErrorVmProvisioningStateFailed - The VM\n\n**Error code:** UserErrorVmProvisioningStateFailed\n",
}


@dataclass
class Tree:
    root: Path

    def write(self, article: str, include: str) -> None:
        """The fuzzed article, and the include file it (and the fixed includes) may include."""
        (self.root / ARTICLE).write_bytes(article.encode("utf-8"))
        (self.root / FUZZED_INCLUDE).write_bytes(include.encode("utf-8"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Tree:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    for relative, text in INCLUDES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8", newline="")
    (root / ARTICLE).parent.mkdir(parents=True, exist_ok=True)
    (root / "it-it/includes/escape.md").symlink_to("/etc/passwd")
    (root / "it-it/includes/folder.md").mkdir()
    return Tree(root)


def _file_lines(kb: KnowledgeBase, path: str) -> int:
    """Lines of an article or include file of the knowledge base, as the reader sees them."""
    document = next((d for d in kb.documents if d.path == path), None)
    if document is not None:
        return len(document.lines)
    file, root = Path(kb.root) / path, Path(kb.root)
    if not (inside_root(file, root) and file.is_file()):
        return 1  # a symlink leaving the root, a folder: reported on line 1
    return len(decode(file.read_bytes(), path)[0].split("\n"))


def _assert_pipeline(tree: Tree, text: str, include: str) -> None:
    """Parse, extract, split and check one article (and one include file) in the tree."""
    tree.write(text, include)
    kb = load(tree.root)
    diagnostics = run_checks(kb)
    root = Path(kb.root)
    for document in kb.documents:
        _assert_document(document)
        for include in document.includes:
            assert include.status != "resolved" or inside_root(root / str(include.resolved), root), include
        for _, reading in document.english:
            _assert_reading_keeps_text(reading.original, reading)
        _assert_reading_keeps_text(document.title.original, document.title)
    if all(document.path != ARTICLE for document in kb.documents):  # read as binary (a NUL early on)
        assert any(d.pos.path == ARTICLE and d.rule == "unreadable-file" for d in diagnostics)
    sources = {document.path: document.lines for document in kb.documents}
    for diagnostic in diagnostics:
        assert 1 <= diagnostic.pos.line <= _file_lines(kb, diagnostic.pos.path), diagnostic
        if diagnostic.pos.path in sources:
            assert 1 <= diagnostic.pos.col <= len(sources[diagnostic.pos.path][diagnostic.pos.line - 1]) + 1, diagnostic
    report = Report(diagnostics, sources, "content/", len(kb.documents))
    assert all(formatter(report) for formatter in (partial(format_text, color=True), *FORMATTERS.values()))


# --- the properties -----------------------------------------------------------------------------------------------


@FAST
@given(any_markdown)
def test_parse_never_raises_and_lines_fall_inside(text: str) -> None:
    """Raw text (lone CRs, NULs, a BOM) straight into the parser."""
    _assert_parse_lines(parse_markdown(text, "fuzz.md"))


@FAST
@given(any_markdown, _pick(LOCALES))
def test_extract_tiles_sections(tree: Tree, text: str, locale: str) -> None:
    """One article through read-less ``load_document``: parse, include resolution, extraction, in four locales."""
    source = SourceFile(ARTICLE, locale, "articles/backup/fuzz.md", text, "")
    document, diagnostics = load_document(tree.root, LocaleRoot(locale, tree.root / "it-it", "it-it"), source)
    _assert_document(document)
    assert all(1 <= d.pos.line <= len(document.lines) for d in diagnostics)
    event("sections: " + " ".join(sorted({section.kind for section in document.sections})))


@FAST
@given(st.one_of(_glued, _glued, _english_first, _english_first, _line_text, _heading, _code_line, _cause_ref, _weird_text, st.text()), _pick(LOCALES))
def test_split_keeps_every_character(text: str, locale: str) -> None:
    found = split(text, locale)
    _assert_reading_keeps_text(text, found)
    event(f"reading: {found.status} {found.order if found.status == 'split' else ''}")


@FAST
@given(any_markdown, _pick(LOCALES))
def test_separate_markdown_keeps_lines(text: str, locale: str) -> None:
    _assert_separation(text, locale)


@FAST
@given(any_markdown, include_files)
def test_check_never_raises_and_lines_fall_inside(tree: Tree, text: str, include: str) -> None:
    """``load``, ``run_checks`` and every report format over the content tree: each diagnostic inside its file
    (line, and column within the line), no include outside the root."""
    _assert_pipeline(tree, text, include)


@pytest.mark.slow
@SLOW
@given(any_markdown, include_files)
def test_whole_pipeline_slow(tree: Tree, text: str, include: str) -> None:
    """``SLOW_EXAMPLES`` examples through parse, extract, split and check (a few minutes)."""
    _assert_pipeline(tree, text, include)
    _assert_separation(text, "it-it")


def test_the_splitting_property_has_teeth() -> None:
    """The character-keeping check rejects a reading that loses, reorders or invents a character."""
    text = "Risolvere i problemi relativi all'agenteTroubleshoot Agent issues. Altro testo."
    found = split(text, "it-it")
    _assert_reading_keeps_text(text, found)
    assert found.status == "split" and found.local == "Risolvere i problemi relativi all'agente Altro testo."
    broken = (
        replace(found, local=found.local.replace("Altro", "Alto")),
        replace(found, english=found.english.replace("Agent issues", "issues Agent")),
        replace(found, english=found.english + " (x)"),
        replace(found, boundary=found.boundary - 1),
    )
    for reading in broken:
        with pytest.raises(AssertionError):
            _assert_reading_keeps_text(text, reading)
