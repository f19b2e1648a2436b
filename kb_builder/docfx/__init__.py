"""markdown-it-py plugins, one per DocFX syntax."""

from markdown_it import MarkdownIt

from .alerts import alerts_plugin
from .anchors import anchors_plugin
from .headings import glued_headings_plugin
from .include import include_plugin

__all__ = ["alerts_plugin", "anchors_plugin", "glued_headings_plugin", "include_plugin", "docfx_plugin"]


def docfx_plugin(md: MarkdownIt) -> None:
    """Enable every DocFX syntax kb understands."""
    glued_headings_plugin(md)
    include_plugin(md)
    alerts_plugin(md)
    anchors_plugin(md)
