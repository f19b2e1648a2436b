"""Which files of a locale root are left out of the model and the site: ``.gitignore``-style patterns.

The patterns are matched against paths relative to each locale root, as MkDocs's ``exclude_docs`` matches
paths relative to ``docs_dir`` (both use :class:`pathspec.GitIgnoreSpec`). The default leaves out what a
documentation repository holds for its contributors rather than its readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pathspec


def _any_case(name: str) -> str:
    """A wildmatch pattern for ``name`` in any letter case: ``README.md`` -> ``[Rr][Ee]...``."""
    return "".join(f"[{char.upper()}{char.lower()}]" if char.isalpha() else char for char in name)


DEFAULT_EXCLUDE: tuple[str, ...] = (
    f"/{_any_case('README')}.md",
    f"/{_any_case('CONTRIBUTING')}.md",
    f"/{_any_case('CODE_OF_CONDUCT')}.md",
    f"/{_any_case('SECURITY')}.md",
    f"/{_any_case('LICENSE')}*",
    f"/{_any_case('ThirdPartyNotices')}*",
    f"/{_any_case('contributor-guide')}/",
    f"/*{_any_case('template')}/",
    f"/*{_any_case('templates')}/",
    f"{_any_case('TOC')}.md",
)
"""At the locale root, in any letter case: ``README.md``, ``CONTRIBUTING.md``, ``CODE_OF_CONDUCT.md``, ``SECURITY.md``,
``LICENSE*``, ``ThirdPartyNotices*``, the ``contributor-guide/`` folder and template folders (``templates/``,
``markdown templates/``); and DocFX's navigation files ``TOC.md`` in any folder. An ``index.md`` at the root is an
ordinary article (the home page is kb's own)."""


@dataclass(frozen=True)
class Exclusion:
    """Gitignore-style patterns; a path they match is not part of the content."""

    patterns: tuple[str, ...] = field(default=DEFAULT_EXCLUDE)

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec:
        return pathspec.GitIgnoreSpec.from_lines(self.patterns)

    def excludes(self, rel_path: str) -> bool:
        """True when the file at ``rel_path`` (relative to its locale root, posix style) is left out."""
        return bool(self.patterns) and self._spec.match_file(rel_path)

    def excludes_folder(self, rel_path: str) -> bool:
        """True when the folder at ``rel_path`` (relative to its locale root) is left out, with all it holds."""
        return bool(self.patterns) and self._spec.match_file(rel_path.rstrip("/") + "/")

    def __getstate__(self) -> dict[str, object]:
        return {"patterns": self.patterns}

    def __setstate__(self, state: dict[str, object]) -> None:
        object.__setattr__(self, "patterns", state["patterns"])
