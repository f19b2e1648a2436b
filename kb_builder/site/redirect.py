"""The page an alias URL serves: a meta refresh and a canonical link to the error's page."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .links import relative_url
from .pages import Redirect


def redirect_html(redirect: Redirect, words: Mapping[str, str]) -> str:
    """A small standalone HTML page that sends the reader (and search engines) to the canonical page.

    Its icon is an empty ``data:`` URL: otherwise browsers ask for ``/favicon.ico`` (a 404) as they leave.
    """
    target = escape(relative_url(redirect.target, redirect.url))
    message = escape(words["redirect"].format(code=redirect.canonical))
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(words.get("lang", "en"))}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{escape(redirect.code)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<link rel="icon" href="data:,">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n"
        f'<body><p>{message} <a href="{target}">{escape(redirect.canonical)}</a></p></body>\n'
        "</html>\n"
    )
