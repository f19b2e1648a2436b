"""The DocFX markdown-it plugins, through the parse stage, against fixtures in tests/fixtures/docfx.txt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb_builder.parse import parse_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "docfx.txt"


def _cases() -> list[tuple[str, str, dict]]:
    blocks = FIXTURES.read_text(encoding="utf-8").split("\n.\n")
    cases = []
    index = 0
    while index + 2 < len(blocks):
        name = blocks[index].strip().removesuffix("\n.").strip()
        source = blocks[index + 1]
        expected = json.loads(blocks[index + 2])
        cases.append((name.lstrip(".").strip(), source + "\n", expected))
        index += 3
    return cases


def _view(source: str) -> dict:
    parsed = parse_markdown(source, "doc.md")
    return {
        "headings": [{"level": h.level, "anchors": list(h.anchors), "slug": h.slug, "text": h.text, "line": h.line} for h in parsed.headings],
        "includes": [{"title": i.title, "target": i.target, "line": i.line, "col": i.col} for i in parsed.includes],
        "alerts": [{"kind": a.kind, "markdown": a.markdown, "line": a.line} for a in parsed.alerts],
        "links": [{"target": link.target, "line": link.pos.line, "col": link.pos.col, "image": link.is_image} for link in parsed.links],
        "link_texts": [link.text for link in parsed.links],
        "loose_anchors": [list(found) for found in parsed.loose_anchors],
    }


@pytest.mark.parametrize(("name", "source", "expected"), _cases(), ids=[c[0] for c in _cases()])
def test_fixture(name: str, source: str, expected: dict) -> None:
    view = _view(source)
    for key, value in expected.items():
        assert view[key] == value, name


def test_fixture_file_has_cases() -> None:
    assert len(_cases()) >= 12
