"""Links and images: broken-anchor, missing-file, self-absolute-link, and ambiguous-anchor at links.

Every link is classified once: a local ``#fragment``, a relative path into the
content, an absolute URL (or ``/site/path``) of the publishing site that maps
back to an article of the content, or something external (never fetched).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz

from ..diagnostics import rule
from ..model import Diagnostic, Document, Link
from ..pipeline import included_sources
from .context import CheckContext, closest, did_you_mean

BROKEN_ANCHOR = rule("broken-anchor")
UNVERIFIABLE_ANCHOR = rule("unverifiable-anchor")
AMBIGUOUS_ANCHOR = rule("ambiguous-anchor")
MISSING_FILE = rule("missing-file")
SELF_ABSOLUTE_LINK = rule("self-absolute-link")

TYPO_SIMILARITY = 85
"""A fragment this similar (rapidfuzz ratio, 0-100) to an existing anchor is a typo of it, whatever the includes hold."""
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
LOCALE_SEGMENT_RE = re.compile(r"^/[a-z]{2,3}-[a-z]{2,4}(?=/)", re.I)


@dataclass(frozen=True)
class Target:
    """Where a link leads."""

    kind: str
    """``article`` (an article of the content), ``site`` (one reached by an absolute URL), ``file``,
    ``missing``, ``outside`` (leaves the content root) or ``external``."""
    document: Document | None = None
    path: str = ""
    """The target's path relative to the content root, for ``file`` and ``missing``."""


@dataclass(frozen=True)
class Origin:
    """The file a link is written in: an article, or an include file (``document`` None)."""

    path: str
    locale: str
    lines: tuple[str, ...]
    document: Document | None = None

    @classmethod
    def of(cls, document: Document) -> Origin:
        return cls(document.path, document.locale, document.lines, document)


def check(context: CheckContext) -> Iterator[Diagnostic]:
    for origin, links in _origins(context):
        for link in links:
            if link.target and not context.config.ignores_url(link.target):
                yield from _check_link(context, origin, link)


def article_facts(context: CheckContext, document: Document) -> str:
    """What links in other articles read of this one, as a digest: its anchors, and the lines of the headings that share one."""
    anchors = context.anchors(document)
    shared = sorted((anchor, tuple(heading.line for heading in owners)) for anchor, owners in anchors.explicit.items() if len(owners) > 1)
    return hashlib.sha256(repr((sorted(anchors.ids), shared)).encode()).hexdigest()


def _origins(context: CheckContext) -> Iterator[tuple[Origin, list[Link] | tuple[Link, ...]]]:
    """Every article (of this run's subjects), then every resolved include file once (in the locale of its first includer)."""
    locales: dict[str, str] = {}
    for document in context.kb.documents:
        if context.is_subject(document.path):
            yield Origin.of(document), document.links
        for include in document.includes:
            if include.resolved:
                locales.setdefault(include.resolved, document.locale)
    for parsed in included_sources(context.kb):
        yield Origin(parsed.path, locales.get(parsed.path, ""), parsed.lines), parsed.links


def resolve_link(context: CheckContext, origin: Origin, link: Link) -> Target:
    """Classify a link; nothing is fetched. A bare ``#fragment`` in an include file is left alone (it
    names an anchor of whichever article includes it)."""
    key = (origin.path, link.target)
    found = context.link_targets.get(key)
    if found is None:
        found = context.link_targets[key] = _resolve(context, origin, link)
    return found


def _resolve(context: CheckContext, origin: Origin, link: Link) -> Target:
    target = link.target
    if target.startswith("#"):
        return Target("article", origin.document) if origin.document else Target("external")
    if SCHEME_RE.match(target) or target.startswith("/"):
        linked = site_document(context, origin.locale, target)
        return Target("site", linked) if linked is not None else Target("external")
    path = unquote(link.path).replace("\\", "/")  # media\x\y.png: browsers read a backslash in a URL as a slash
    if not path:
        return Target("external")
    resolved = context.resolve(origin.path, path)
    if resolved is None:
        return Target("outside")
    linked = context.by_path.get(resolved) or (context.by_path.get(resolved + ".md") if not resolved.endswith(".md") else None)
    if linked is not None:
        return Target("article", linked)
    return Target("file" if context.exists(resolved) else "missing", path=resolved)


def linked_document(context: CheckContext, document: Document, link: Link) -> Document | None:
    """The article of the content a link in ``document`` leads to, if any."""
    return resolve_link(context, Origin.of(document), link).document


def _check_link(context: CheckContext, origin: Origin, link: Link) -> Iterator[Diagnostic]:
    target = resolve_link(context, origin, link)
    end_col = _end_col(origin, link)
    if target.kind == "outside":
        yield MISSING_FILE.at(link.pos, f"{_kind(link)} points outside the content root: {link.target}", end_col=end_col)
    elif target.kind == "missing":
        variant = context.case_variant(target.path)
        if variant is not None:
            yield MISSING_FILE.at(
                link.pos,
                f"{_kind(link)} to a file that differs only in letter case from {variant}: {link.target}",
                f"write the path as the file is named ({posixpath.relpath(variant, posixpath.dirname(origin.path))}): a case-sensitive server finds no file {target.path}",
                end_col=end_col,
            )
        else:
            yield MISSING_FILE.at(
                link.pos,
                f"{_kind(link)} to a file that is not in the content: {link.target}",
                f"no file {target.path}; fix the path, add the file, or link to the published page",
                end_col=end_col,
            )
    elif target.document is not None:
        if target.kind == "site" and target.document is origin.document:
            relative = f"#{link.fragment}" if link.fragment else target.document.slug + ".md"
            yield SELF_ABSOLUTE_LINK.at(
                link.pos,
                f"absolute link to this very article: {link.target}",
                f"write the relative link '{relative}' so it works in every locale and before publishing",
                end_col=end_col,
            )
        yield from _check_fragment(context, origin, target.document, link)


def _check_fragment(context: CheckContext, origin: Origin, linked: Document, link: Link) -> Iterator[Diagnostic]:
    fragment = unquote(link.fragment or "")
    if not fragment or context.config.ignores_anchor(fragment):
        return
    anchors = context.anchors(linked)
    where = "this article" if linked is origin.document else linked.path
    if fragment not in anchors.ids:
        prefix = "" if linked is origin.document else posixpath.relpath(linked.path, posixpath.dirname(origin.path))
        same_but_case = sorted(anchor for anchor in anchors.ids if anchor.casefold() == fragment.casefold())
        missing = [include.target for include in linked.includes if include.status != "resolved"]
        near = closest(fragment, anchors.ids)
        typo = bool(near) and fuzz.ratio(fragment, near[0]) >= TYPO_SIMILARITY
        if same_but_case:
            message = f"link to '#{fragment}' names no anchor in {where}: '#{same_but_case[0]}' differs only in letter case (fragments are case-sensitive)"
            yield BROKEN_ANCHOR.at(link.pos, message, f"write '{prefix}#{same_but_case[0]}'", end_col=_end_col(origin, link))
        elif missing and not typo:
            # No anchor it is a typo of: it may well be defined by a missing include.
            message = f"link to '#{fragment}' cannot be checked: {where} includes {len(missing)} file(s) missing from the content ({', '.join(missing[:2])}) that may define it"
            yield UNVERIFIABLE_ANCHOR.at(link.pos, message, end_col=_end_col(origin, link))
        else:
            hint = did_you_mean(near, prefix + "#") if near else f"no anchor of {where} is close to it; check the target heading's <a name>"
            yield BROKEN_ANCHOR.at(link.pos, f"link to '#{fragment}' names no anchor in {where}", hint, end_col=_end_col(origin, link))
        return
    owners = anchors.explicit.get(fragment, ())
    if len(owners) > 1:
        lines = ", ".join(str(heading.line) for heading in owners)
        yield AMBIGUOUS_ANCHOR.at(
            link.pos,
            f"link to '#{fragment}' is ambiguous: {len(owners)} headings of {where} define it (lines {lines})",
            "give each heading its own anchor and link to the one meant; browsers go to the first",
            end_col=_end_col(origin, link),
        )


def site_document(context: CheckContext, locale: str, target: str) -> Document | None:
    """The article of the content, in ``locale``, that an absolute URL (or ``/path``) of the publishing site names."""
    try:
        parts = urlsplit(target if not target.startswith("//") else "https:" + target)
    except ValueError:  # a malformed host such as http://[x]/ names no article
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    path = LOCALE_SEGMENT_RE.sub("", parts.path)
    for prefix, content_prefix in context.config.site_urls.items():
        site = urlsplit(prefix)
        if parts.netloc and parts.netloc.lower() != site.netloc.lower():
            continue
        if not path.startswith(site.path):
            continue
        rest = path[len(site.path) :].rstrip("/")
        rel_path = content_prefix + (rest if rest.endswith(".md") else rest + ".md")
        linked = context.by_locale_path.get((locale, rel_path))
        if linked is not None:
            return linked
    return None


def _kind(link: Link) -> str:
    return "image" if link.is_image else "link"


def _end_col(origin: Origin, link: Link) -> int | None:
    """1-based column just past the link's target, when it is on the link's line."""
    line = origin.lines[link.pos.line - 1] if 0 < link.pos.line <= len(origin.lines) else ""
    position = line.find(link.target, link.pos.col - 1)
    return position + len(link.target) + 1 if position >= 0 else None
