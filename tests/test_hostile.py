"""Hostile content through ``kb check``, ``kb export`` and ``kb build``: every case is diagnosed, nothing crashes.

Each case writes one hostile situation next to a healthy article (tests/roots/hostile/healthy.md)
and runs the three commands in-process. Every case must get its diagnostic, naming the file and
the line; exit 1 when it is an error (0 otherwise), never a traceback or an internal error; no
byte from outside the content root in any output; and the healthy article still built.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb_builder.checks import run_checks
from kb_builder.cli import run
from kb_builder.pipeline import load
from kb_builder.read import CONTROL_RE

from .conftest import REPO

FIXTURES = Path(__file__).resolve().parent / "roots" / "hostile"
ART = "it-it/articles/backup"
FRONT = "---\ntitle: Caso ostile\ndescription: Un caso ostile accanto a un articolo sano.\n---\n"
"""Four lines: the body starts on line 5."""
SECRET = "KB-SECRET-7f3a9c"
PASSWD = "root:x:0:0"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], None]
    """Writes the hostile files into the content root."""
    expect: tuple[tuple[str, str, int | None], ...]
    """(rule, path under the content root, line or None) of the diagnostics it must get."""
    status: int
    """Exit status of all three commands: 1 when an expected diagnostic is an error."""


def write(root: Path, relative: str, data: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def fixture(name: str) -> Callable[[Path], None]:
    return lambda root: write(root, f"{ART}/{name}", (FIXTURES / name).read_bytes())


def body(*lines: str, newline: str = "\n") -> str:
    return newline.join(FRONT.rstrip("\n").split("\n") + list(lines)) + newline


def mixed_endings(root: Path) -> None:
    lines = body("# Titolo", "", "[rotto](#nessuna)").rstrip("\n").split("\n")
    endings = ["\r\n", "\n", "\r"]
    write(root, f"{ART}/misti.md", "".join(line + endings[i % 3] for i, line in enumerate(lines)))


def include_cycle(root: Path) -> None:
    write(root, f"{ART}/ciclo.md", body("# Titolo", "", "[!INCLUDE [a](../../includes/ciclo-a.md)]"))
    write(root, "it-it/includes/ciclo-a.md", "Testo A.\n\n[!INCLUDE [b](ciclo-b.md)]\n")
    write(root, "it-it/includes/ciclo-b.md", "Testo B.\n\n[!INCLUDE [a](ciclo-a.md)]\n")
    write(root, f"{ART}/se-stesso.md", body("# Titolo", "", "[!INCLUDE [me](se-stesso.md)]"))


def include_outside(root: Path) -> None:
    write(
        root,
        f"{ART}/passwd.md",
        body("# Titolo", "", "[!INCLUDE [p](/etc/passwd)]", "", "[!INCLUDE [p](../../../../etc/passwd)]", "", "[!INCLUDE [s](../../../../secret.md)]"),
    )


def symlinks(root: Path) -> None:
    secret = root.parent / "secret.md"
    outside = root.parent / "outside"
    write(outside, "fuori.md", f"# Fuori\n\n{SECRET}\n")
    write(outside, "fuori.png", SECRET)
    write(root, f"{ART}/media/present.png", b"\x89PNG\r\n\x1a\n")
    os.symlink(secret, root / ART / "media" / "segreto.png")
    (root / ART).mkdir(parents=True, exist_ok=True)
    (root / "it-it" / "includes").mkdir(parents=True, exist_ok=True)
    os.symlink(secret, root / ART / "segreto.md")
    os.symlink("/etc/passwd", root / ART / "passwd.md")
    os.symlink(outside, root / ART / "fuori")
    os.symlink(secret, root / "it-it" / "includes" / "segreto.md")
    write(root, f"{ART}/include-link.md", body("# Titolo", "", "[!INCLUDE [s](../../includes/segreto.md)]"))


def directory_named_md(root: Path) -> None:
    write(root, f"{ART}/cartella.md/dentro.md", body("# Dentro", "", "Un articolo in una cartella che si chiama .md."))
    write(root, f"{ART}/usa-cartella.md", body("# Titolo", "", "[!INCLUDE [c](cartella.md)]"))


def binary(root: Path) -> None:
    write(root, f"{ART}/immagine.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    write(root, f"{ART}/casuale.md", bytes(range(128, 256)) * 8)


def duplicate_codes(root: Path) -> None:
    article = body("# Titolo", "", "## DupCodeFailed - Errore doppio", "", "**Codice di errore:** DupCodeFailed <br>", "**Messaggio di errore:** Doppio<br>")
    write(root, f"{ART}/doppio-a.md", article)
    write(root, f"{ART}/doppio-b.md", article)


def same_slug(root: Path) -> None:
    write(root, f"{ART}/Guida.md", body("# Guida maiuscola"))
    write(root, f"{ART}/guida.md", body("# Guida minuscola"))
    write(root, f"{ART}/foo.md", body("# Foo"))
    write(root, f"{ART}/foo/index.md", body("# Foo index"))


def many_headings(root: Path) -> None:
    write(root, f"{ART}/titoli.md", FRONT + "".join(f"## Titolo {i}\n\n" for i in range(50_000)) + "[rotto](#nessuna)\n")


def many_links(root: Path) -> None:
    write(root, f"{ART}/link.md", FRONT + "# Titolo\n\n" + "".join(f"[link {i}](#titolo)\n" for i in range(10_000)) + "[rotto](#nessuna)\n")


def deep_nesting(root: Path) -> None:
    write(root, f"{ART}/citazioni.md", body(">" * 10_000 + " profondo", "", "[rotto](#nessuna)"))
    write(root, f"{ART}/elenchi.md", body("- " * 10_000 + "voce", "", "[rotto](#nessuna)"))
    write(root, f"{ART}/rientri.md", FRONT + "".join("  " * i + "- voce\n" for i in range(1_000)) + "\n[rotto](#nessuna)\n")
    write(root, f"{ART}/misto.md", body("> - " * 5_000 + "voce", "", "[rotto](#nessuna)"))


def huge_file(root: Path) -> None:
    line = "Una riga di testo con **grassetto** e un [collegamento](#ancora) qualsiasi.\n\n"
    huge = FRONT + line * (20 * 1024 * 1024 // len(line))
    write(root, f"{ART}/enorme.md", huge)
    write(root, "it-it/includes/enorme.md", huge)
    write(root, f"{ART}/usa-enorme.md", body("# Titolo", "", "[!INCLUDE [e](../../includes/enorme.md)]"))


CASES = [
    Case("not-utf8", lambda r: write(r, f"{ART}/latin1.md", body("# Titolo", "", "Perch\xe9 no.").encode("latin-1")), (("encoding", f"{ART}/latin1.md", 7),), 1),
    Case("bom", lambda r: write(r, f"{ART}/bom.md", "\ufeff" + body("# Titolo", "", "[rotto](#nessuna)")), (("broken-anchor", f"{ART}/bom.md", 7),), 1),
    Case("crlf", lambda r: write(r, f"{ART}/crlf.md", body("# Titolo", "", "[rotto](#nessuna)", newline="\r\n")), (("broken-anchor", f"{ART}/crlf.md", 7),), 1),
    Case("mixed-line-endings", mixed_endings, (("broken-anchor", f"{ART}/misti.md", 7),), 1),
    Case("tabs", lambda r: write(r, f"{ART}/tab.md", body("#\tTitolo", "", "-\tvoce", "\t-\tsotto [rotto](#nessuna)")), (("broken-anchor", f"{ART}/tab.md", 8),), 1),
    Case("control-characters", lambda r: write(r, f"{ART}/controllo.md", body("# Titolo", "", "Testo \x1b[2J\x1b]0;preso\x07 e \x9b31m.")), (("encoding", f"{ART}/controllo.md", 7),), 1),
    Case(
        "control-characters-in-file-name",
        lambda r: write(r, f"{ART}/nome\x1b[2J\x9b31m.md", body("# Titolo")),
        (("unreadable-file", f"{ART}/nome\\x1b[2J\\x9b31m.md", 1),),
        1,
    ),
    Case("no-front-matter", lambda r: write(r, f"{ART}/nudo.md", "# Titolo\n\nTesto.\n"), (("front-matter", f"{ART}/nudo.md", 1),), 0),
    Case("broken-yaml", fixture("broken-yaml.md"), (("front-matter", f"{ART}/broken-yaml.md", 3),), 0),
    Case("yaml-alias-bomb", fixture("alias-bomb.md"), (("front-matter", f"{ART}/alias-bomb.md", 3),), 0),
    Case("unterminated-fence", fixture("unterminated-fence.md"), (("unclosed-fence", f"{ART}/unterminated-fence.md", 7),), 0),
    Case("script-and-on-attributes", fixture("script.md"), tuple(("unsafe-html", f"{ART}/script.md", line) for line in (7, 9, 11)), 0),
    Case("anchors-with-quotes-and-lt", fixture("anchors.md"), tuple(("unsafe-html", f"{ART}/anchors.md", line) for line in (7, 9, 11)), 0),
    Case("javascript-link", fixture("javascript-link.md"), tuple(("unsafe-html", f"{ART}/javascript-link.md", line) for line in (7, 9, 11)), 0),
    Case("include-cycle", include_cycle, (("include-cycle", f"{ART}/ciclo.md", 7), ("include-cycle", f"{ART}/se-stesso.md", 7)), 1),
    Case("include-outside-root", include_outside, tuple(("include-outside-root", f"{ART}/passwd.md", line) for line in (7, 9, 11)), 1),
    Case(
        "symlinks-outside-root",
        symlinks,
        (("outside-root", f"{ART}/segreto.md", 1), ("outside-root", f"{ART}/passwd.md", 1), ("outside-root", f"{ART}/fuori", 1), ("outside-root", f"{ART}/media/segreto.png", 1), ("include-outside-root", f"{ART}/include-link.md", 7)),
        1,
    ),
    Case("directory-named-md", directory_named_md, (("missing-include", f"{ART}/usa-cartella.md", 7),), 0),
    Case("binary-files", binary, (("unreadable-file", f"{ART}/immagine.md", 1), ("encoding", f"{ART}/casuale.md", 1)), 1),
    Case("empty-file", lambda r: write(r, f"{ART}/vuoto.md", b""), (("front-matter", f"{ART}/vuoto.md", 1),), 0),
    Case("duplicate-codes", duplicate_codes, (("duplicate-code", f"{ART}/doppio-a.md", 9), ("duplicate-code", f"{ART}/doppio-b.md", 9)), 1),
    Case("same-slug", same_slug, (("url-clash", f"{ART}/guida.md", 1), ("url-clash", f"{ART}/foo/index.md", 1)), 1),
    Case("10000-links", many_links, (("broken-anchor", f"{ART}/link.md", 10_007),), 1),
    Case(
        "deep-nesting",
        deep_nesting,
        tuple(("nesting-limit", f"{ART}/{name}.md", None) for name in ("citazioni", "elenchi", "misto", "rientri")) + (("broken-anchor", f"{ART}/citazioni.md", 7),),
        1,
    ),
    Case("50000-headings", many_headings, (("broken-anchor", f"{ART}/titoli.md", 100_005),), 1),
    Case("20-MB-file", huge_file, (("unreadable-file", f"{ART}/enorme.md", 1), ("unreadable-file", "it-it/includes/enorme.md", 1)), 1),
]
SLOW = {"50000-headings"}


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str
    err: str


def kb(capsys, *argv: str) -> Outcome:
    status = run(list(argv))
    captured = capsys.readouterr()
    return Outcome(status, captured.out, captured.err)


def content_tree(tmp_path: Path, case: Case) -> Path:
    root = tmp_path / "content"
    write(root, f"{ART}/healthy.md", (FIXTURES / "healthy.md").read_bytes())
    write(tmp_path, "secret.md", f"---\ntitle: Segreto\n---\n# Segreto\n\n{SECRET}\n")
    case.make(root)
    return root


def assert_clean(outcome: Outcome) -> None:
    """No traceback, no internal or usage error, no control character that could drive the terminal."""
    assert "Traceback" not in outcome.err + outcome.out
    assert not CONTROL_RE.search(outcome.err + outcome.out), repr(CONTROL_RE.search(outcome.err + outcome.out))
    assert "internal error" not in outcome.err
    assert outcome.status in (0, 1), outcome.err[-2000:]


def assert_nothing_from_outside(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file() and path.relative_to(out).parts[0] != "assets":  # Material's and the package's own files
            text = path.read_bytes().decode("utf-8", "replace")
            assert SECRET not in text, path
            assert PASSWD not in text, path


def names_the_files(case: Case, stderr: str) -> None:
    """The errors of the case are named on stderr with their file and line."""
    for rule, path, line in case.expect:
        if case.status == 1 and rule in ERROR_RULES:
            where = f"{path}:{line}" if line is not None else path
            assert where in stderr, (rule, where, stderr[-3000:])


ERROR_RULES = {"nesting-limit", "encoding", "unreadable-file", "outside-root", "broken-anchor", "include-cycle", "include-outside-root", "duplicate-code", "url-clash"}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.slow] if c.name in SLOW else []) for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path, capsys) -> None:
    content = content_tree(tmp_path, case)

    report = tmp_path / "check.json"
    checked = kb(capsys, "check", "--content", str(content), "--no-cache", "--format", "json", "--output", str(report))
    assert_clean(checked)
    diagnostics = json.loads(report.read_text("utf-8"))["diagnostics"]
    found = {(d["rule"], d["path"], d["line"]) for d in diagnostics}
    for rule, path, line in case.expect:
        assert any(r == rule and p == path and (line is None or n == line) for r, p, n in found), (rule, path, line, sorted(found)[:20])
    assert checked.status == case.status

    exported = kb(capsys, "export", "--content", str(content), "--out", str(tmp_path / "export"))
    assert_clean(exported)
    assert exported.status == case.status, exported.err[-2000:]
    names_the_files(case, exported.err)
    api = tmp_path / "export" / "api" / "v1"
    assert json.loads((api / "errors" / "HealthyCodeFailed.json").read_text("utf-8"))["id"] == "HealthyCodeFailed"

    site = tmp_path / "site"
    built = kb(capsys, "build", "--config-file", str(REPO / "mkdocs.yml"), "--content", str(content), "--out", str(site))
    assert_clean(built)
    assert built.status == case.status, built.err[-2000:]
    names_the_files(case, built.err)
    assert "HealthyCodeFailed" in (site / "errors" / "HealthyCodeFailed" / "index.html").read_text("utf-8")
    assert (site / "articles" / "backup" / "healthy" / "index.html").is_file()
    assert (site / "api" / "v1" / "errors" / "HealthyCodeFailed.json").is_file()

    assert_nothing_from_outside(tmp_path / "export")
    assert_nothing_from_outside(site)


@pytest.mark.parametrize(("name", "line", "col", "points_at"), [("script.md", 9, 24, "onerror="), ("script.md", 7, 2, "script"), ("javascript-link.md", 11, 12, "JaVaScRiPt:")])
def test_unsafe_html_points_at_the_tag_attribute_or_scheme(tmp_path: Path, name: str, line: int, col: int, points_at: str) -> None:
    content = tmp_path / "content"
    write(content, f"{ART}/{name}", (FIXTURES / name).read_bytes())
    found = {(d.pos.line, d.pos.col, d.end_col) for d in run_checks(load(content)) if d.rule == "unsafe-html"}
    assert (line, col, col + len(points_at)) in found
    assert (FIXTURES / name).read_text("utf-8").split("\n")[line - 1][col - 1 :].startswith(points_at)


def test_clashing_articles_each_get_their_own_page(tmp_path: Path) -> None:
    from kb_builder.catalog import build_catalog
    from kb_builder.pipeline import load

    root = tmp_path / "content"
    same_slug(root)
    catalog = build_catalog(load(root))
    urls = {d.rel_path: catalog.article_url(d) for d in catalog.kb.documents}
    assert urls == {
        "articles/backup/Guida.md": "articles/backup/Guida/",
        "articles/backup/guida.md": "articles/backup/guida-2/",
        "articles/backup/foo.md": "articles/backup/foo/",
        "articles/backup/foo/index.md": "articles/backup/foo-2/",
    }


# --- output safety ------------------------------------------------------------------------------

INJECTIONS = FIXTURES / "inject"
"""An article and an include with script in every place content reaches the output."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
SCRIPT_URL_RE = re.compile(r"^\s*(?:(?:java|vb|live)script|data\s*:\s*text)", re.IGNORECASE)
PAYLOAD = "alert("
"""Every injected script calls alert(): our own templates and Material's never do."""


class _Scripts(HTMLParser):
    """Collects what in an HTML document could run: script elements with a payload, on* attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value and SCRIPT_URL_RE.match(value):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and PAYLOAD in data:
            self.found.append(f"<script>{data[:80]}")


def runnable(html_text: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html_text)
    parser.close()
    return parser.found


def json_html(value: object, keys: frozenset[str] = frozenset({"html"}), key: str = "") -> list[str]:
    """The problems of every HTML string in a JSON document: fields named in ``keys`` (markdown and plain-text fields are text)."""
    if isinstance(value, dict):
        return [problem for k, v in value.items() for problem in json_html(v, keys, k)]
    if isinstance(value, list):
        return [problem for item in value for problem in json_html(item, keys, key)]
    if isinstance(value, str) and key in keys:
        return runnable(value)
    return []


def script_problems(out: Path) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or "assets" in path.relative_to(out).parts:
            continue
        if path.suffix == ".html":
            found = runnable(path.read_text("utf-8"))
        elif path.suffix == ".json":
            # Material's search index holds HTML in "title" and "text" (its results show them as HTML)
            keys = frozenset({"title", "text"}) if path.name == "search_index.json" else frozenset({"html"})
            found = json_html(json.loads(path.read_text("utf-8")), keys)
        else:
            continue
        if found:
            problems[path.relative_to(out).as_posix()] = found
    return problems


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> Path:
    """The injection tree built as a site (the JSON API inside it) and exported on its own."""
    tmp = tmp_path_factory.mktemp("inject")
    content = tmp / "content"
    shutil.copytree(INJECTIONS, content)
    # a file name that tries to close an attribute (made here: such names cannot be checked out everywhere)
    write(content, f'{ART}/"><img src=x onerror=alert(1)>.md', body("# Nome di file ostile"))
    # 1: the link to '#"><script>...' is a broken anchor; everything is written all the same
    assert run(["build", "--config-file", str(REPO / "mkdocs.yml"), "--content", str(content), "--out", str(tmp / "site")]) == 1
    assert run(["export", "--content", str(content), "--out", str(tmp / "export")]) == 1
    return tmp


def test_injection_fixture_reaches_every_output(injected: Path) -> None:
    """The payloads are really there, as text: the safety assertions below are not vacuous."""
    page = (injected / "site" / "errors" / "InjectCodeFailed" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(" in page  # the image's alt text, shown as text
    assert (injected / "site" / "causes").is_dir() and (injected / "site" / "articles" / "backup" / "inject" / "index.html").is_file()
    assert (injected / "site" / "articles" / "backup" / '"><img src=x onerror=alert(1)>' / "index.html").is_file()
    api = json.loads((injected / "export" / "api" / "v1" / "errors" / "InjectCodeFailed.json").read_text("utf-8"))
    assert PAYLOAD in json.dumps(api)


def test_no_script_from_content_in_the_site(injected: Path) -> None:
    assert script_problems(injected / "site") == {}


def test_no_script_from_content_in_the_json_api(injected: Path) -> None:
    assert script_problems(injected / "export") == {}


def test_anchors_with_quotes_stay_inside_their_attribute(injected: Path) -> None:
    page = (injected / "site" / "articles" / "backup" / "inject" / "index.html").read_text("utf-8")
    ids = re.findall(r'\bid="([^"]*)"', page)
    assert not [value for value in ids if "<" in value or ">" in value]
    assert not [problem for problem in runnable(page) if "onmouseover" in problem]


def test_terminal_output_carries_no_escape_sequence_from_content(tmp_path: Path, capsys) -> None:
    root = tmp_path / "content"
    article = body("# Titolo", "", "## EscCodeFailed - Titolo \x1b[2J\x1b]0;preso\x07", "", "**Codice di errore:** EscCodeFailed <br>", "**Messaggio di errore:** Testo \x1b[31mrosso\x9b0m<br>")
    write(root, f"{ART}/esc.md", article)
    shown = kb(capsys, "show", "EscCodeFailed", "--content", str(root))
    checked = kb(capsys, "check", "--content", str(root), "--no-cache")
    assert shown.status == 0 and "EscCodeFailed" in shown.out and checked.status == 1
    for text in (shown.out, checked.out, checked.err):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), text


@pytest.mark.parametrize("argv", [["show", "InjectCodeFailed", "--format", "json"], ["search", "iniezioni", "--format", "json"]])
def test_show_and_search_json_hold_no_runnable_html(injected: Path, argv: list[str], capsys) -> None:
    status = run([*argv, "--content", str(injected / "content"), *(["--site", str(injected / "site")] if argv[0] == "search" else [])])
    out = capsys.readouterr().out
    assert status in (0, 1) and out
    assert json_html(json.loads(out)) == []


def test_the_detector_finds_runnable_html() -> None:
    """The checks above can fail: each kind of injection they look for is found."""
    assert runnable('<p><script>alert("x")</script></p>') == ['<script>alert("x")']
    assert runnable('<b onclick="alert(1)">x</b>') and runnable('<a href=" JaVaScript:alert(1)">x</a>') and runnable('<img src="data:text/html,x">')
    assert runnable('<a id="x" onmouseover="alert(1)">') and runnable('<iframe src="x"></iframe>')
    assert runnable('<p>&lt;script&gt;alert(1)&lt;/script&gt; onclick="alert(1)"</p><a href="#x">ok</a>') == []


def test_front_matter_nested_thousands_deep_is_a_diagnostic_not_a_crash() -> None:
    from kb_builder.frontmatter import read_front_matter

    front = read_front_matter("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n# Titolo\n")
    assert front.error == "front matter nested too deeply to read"
    assert front.body_start == 3
