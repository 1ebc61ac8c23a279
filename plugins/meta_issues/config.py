"""Options of the ``meta-issues`` plugin; every one has a working default."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class MetaIssuesConfig(base.Config):
    source_dir = c.Type(str, default="meta-issues")
    """Folder of meta-issues, relative to mkdocs.yml. It must lie outside docs_dir."""

    compare_to = c.Optional(c.Type(str))
    """Git ref for preview builds; the META_ISSUES_COMPARE_TO environment variable overrides it."""

    cache_dir = c.Type(str, default=".cache/meta-issues")
    """Chart cache, relative to mkdocs.yml; kept outside docs_dir and source_dir."""

    base_path = c.Type(str, default="meta-issues")
    """Folder of the generated pages inside the site (their URLs start with it)."""

    charts = c.Type(bool, default=True)
    """Draw metric charts with matplotlib. Off: tables only, and no matplotlib import."""

    landing_page = c.Type(bool, default=True)
    """Make the investigations list the site's home page when docs/ has no index.md."""

    native_watch = c.Type(bool, default=True)
    """Under `mkdocs serve`, watch source_dir with the system's file notifications, not polling."""
