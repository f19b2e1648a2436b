"""The rule registry: every diagnostic kb emits comes from one rule listed here.

A rule has a stable id (``KB201``, never reused), a name (``broken-anchor``,
what users write in configuration and suppression comments), a default
severity, a one-line description and a fix hint. Diagnostics carry the rule's
name in :attr:`kb_builder.model.Diagnostic.rule`; formatting them is
:mod:`kb_builder.report`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Diagnostic, Severity, SourcePos


@dataclass(frozen=True)
class Rule:
    """One kind of finding."""

    id: str
    """Stable opaque id: ``KB<family><number>``."""
    name: str
    """Stable kebab-case name, used in output, configuration and ``<!-- kb: disable=... -->``."""
    severity: Severity
    """Default severity; configuration may change it."""
    description: str
    """One line: what the rule finds."""
    hint: str
    """One line: how to fix what it finds."""

    def at(self, pos: SourcePos, message: str, hint: str = "", *, end_col: int | None = None, severity: Severity | None = None) -> Diagnostic:
        """A diagnostic of this rule; ``hint`` defaults to the rule's own."""
        return Diagnostic(self.name, severity or self.severity, message, pos, hint or self.hint, end_col)


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: tuple[Rule, ...] = (
    # KB1xx: reading and parsing (emitted by kb_builder.read and kb_builder.pipeline).
    Rule("KB101", "front-matter", WARNING, "The YAML front matter is missing or broken.", "fix the YAML between the '---' lines"),
    Rule("KB102", "encoding", ERROR, "The file is not valid UTF-8.", "save the file as UTF-8"),
    Rule("KB103", "unreadable-file", ERROR, "A .md file could not be read (too large, binary, unreadable, or control characters in its path).", "fix, rename or remove the file"),
    Rule("KB104", "outside-root", ERROR, "A symlink in the content points outside the content root.", "replace the link with the file itself"),
    Rule("KB105", "suppression", WARNING, "A <!-- kb: disable=... --> comment names a rule that does not exist.", "write a rule name or id from 'kb check --list-rules'"),
    Rule("KB106", "unclosed-fence", WARNING, "A code fence is never closed, so the rest of its block is shown as code.", "close the fence with the marker that opened it"),
    Rule("KB107", "unsafe-html", WARNING, "Markup that could run script (<script>, on* attributes, javascript: URLs, anchors with quotes or '<'); the output drops it.", "write plain markdown; give anchors plain names"),
    Rule("KB109", "nesting-limit", ERROR, "Lists or quotes nested deeper than the markdown parser goes; the rest of the block is not shown.", "nest lists and quotes less deeply"),
    Rule("KB108", "url-clash", ERROR, "Two articles map to the same page URL (case aside, or foo.md beside foo/index.md); the later one gets '-2'.", "rename one of the files"),
    # KB2xx: links and anchors.
    Rule("KB201", "broken-anchor", ERROR, "A #fragment names no anchor of the article it points to.", "point the link at an existing anchor"),
    Rule("KB202", "ambiguous-anchor", WARNING, "One anchor is defined on several headings, so links to it land on the first (at the definitions: a warning when a link of the content targets it, else info).", "give each heading its own anchor"),
    Rule("KB203", "missing-file", WARNING, "A relative link or image points to a file that is not in the content.", "fix the path, add the file, or link to the published page"),
    Rule("KB204", "self-absolute-link", WARNING, "An absolute link to this very article on its publishing site.", "use the relative form '#anchor'"),
    Rule("KB205", "unverifiable-anchor", INFO, "A #fragment that cannot be checked: the target article includes files missing from the content, which may define it.", "add the missing include files to the content to check it"),
    # KB3xx: error and cause structure.
    Rule("KB301", "orphan-cause", WARNING, "A shared cause section that no error points to.", "link it from the errors it explains, or move it out of the causes"),
    Rule("KB302", "cause-sequence", WARNING, "Within one error, Causa/Passaggio numbers skip or repeat, or the label word drifts.", "number the references 1, 2, 3... with one label word"),
    Rule("KB303", "error-code-mismatch", ERROR, "The code in an error's heading differs from the one on its 'Codice di errore' line.", "make the heading and the code line name the same code"),
    Rule("KB304", "missing-code", WARNING, "An error section declares no error code.", "add a 'Codice di errore:' line"),
    Rule("KB305", "missing-message", WARNING, "An error section has no error message.", "add a 'Messaggio di errore:' line"),
    Rule("KB306", "duplicate-code", ERROR, "Two sections of one locale define the same error code.", "merge the sections or give each its own code"),
    # KB4xx: includes.
    Rule("KB401", "missing-include", WARNING, "An [!INCLUDE] names a file that does not exist.", "fix the path or add the include file"),
    Rule("KB402", "include-outside-root", ERROR, "An [!INCLUDE] points outside the content root; it is never read.", "include only files under the content root"),
    Rule("KB403", "include-cycle", ERROR, "An [!INCLUDE] includes itself, directly or through other includes.", "break the cycle"),
    # KB5xx: languages and locales.
    Rule("KB501", "untranslated-text", INFO, "English left in a translated article, or glued to its translation.", "keep the translation and delete the English"),
    Rule("KB502", "cross-locale", WARNING, "An error code or a linked anchor that one locale of an article has and another lacks.", "bring the locales of the article in line"),
)

BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(name: str) -> Rule:
    """The rule with this name or id; KeyError names the unknown rule."""
    found = BY_NAME.get(name) or BY_ID.get(name.upper())
    if found is None:
        raise KeyError(f"unknown rule: {name}")
    return found


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str, str]:
    """Stable order: file, line, column, rule, message."""
    pos = diagnostic.pos
    return (pos.path, pos.line, pos.col, diagnostic.rule, diagnostic.message)


def counts(diagnostics: list[Diagnostic]) -> dict[Severity, int]:
    """How many diagnostics of each severity, every severity present."""
    found = {severity: 0 for severity in Severity}
    for diagnostic in diagnostics:
        found[diagnostic.severity] += 1
    return found
