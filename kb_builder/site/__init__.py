"""The MkDocs site: catalog -> pages (independent of MkDocs), and the thin plugin that serves them to MkDocs."""
