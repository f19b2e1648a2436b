"""Extract stage: a parsed article -> error entries, shared cause sections and general sections.

- :mod:`.outline`: the article as extraction reads it (heading spans, blocks, tables, lines without glued English);
- :mod:`.tables`: pipe and HTML tables as rows of cells, with column roles;
- :mod:`.signals`: what a section's text says (label lines, cause links, error tables, codes named as errors);
- :mod:`.entries`: the decision, "is this an error entry", with its evidence;
- :mod:`.sections`: the model's sections built from the decisions;
- :mod:`.document`: the whole article.

Label words come from :mod:`kb_builder.labels`, so no language is built in.
"""

from .document import extract_document, forget_memos
from .inline import plain_inline

__all__ = ["extract_document", "forget_memos", "plain_inline"]
