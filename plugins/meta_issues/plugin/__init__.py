"""The MkDocs plugin (entry point ``meta-issues``): the only package that imports MkDocs."""

from .hooks import MetaIssuesPlugin

__all__ = ["MetaIssuesPlugin"]
