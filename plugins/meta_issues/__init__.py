"""mkdocs-meta-issues: a knowledge base of investigations for MkDocs."""

__version__ = "0.1.0"
