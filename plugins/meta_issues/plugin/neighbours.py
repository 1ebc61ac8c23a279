"""What the generated files need to live beside other MkDocs plugins and themes.

- **mkdocs-static-i18n** rebuilds each language from the files it finds in ``docs_dir``: it
  recreates every documentation page there (``File(src_path, docs_dir)``) and passes other
  files through only when they have a source path outside it. Generated pages therefore claim
  their place in ``docs_dir`` (their Markdown still comes from ``on_page_read_source``), and no
  generated file is left without a source path. A localised home page (``index.en.md``,
  ``en/index.md``) is the site's home page: no landing page is generated beside it.
- **git-revision-date-localized** dates a page by its file's git history and gives generated
  files the build's time. While a generated page is rendered, it is shown the source file the
  page is made from (the investigation's folder for pages made from several files), so the
  date is that file's last commit; ``restore`` puts the files back before pages are written.
- **mkdocs-awesome-nav** builds the nav from pages that are in it, so globs such as
  ``meta-issues/*/index.md`` would match nothing of the investigations' pages (they are kept
  out of MkDocs' automatic nav). Under awesome-nav they are in the nav, and a generated
  ``<base_path>/.nav.yml`` keeps the folder itself short (the list and the lessons) unless
  the docs folder has its own.
- **Themes other than Material** get the same pages; the stylesheet does not depend on
  Material's classes (``assets/meta-issues.css``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..pipeline import SiteBuild
from ..site import CSS_URI, JS_URI, JSON_URI

_HOME = ("index", "README")


def plugin_named(config: MkDocsConfig, name: str) -> BasePlugin[Any] | None:
    """The configured plugin ``name`` (also as ``theme/name``), if it is enabled."""
    for key, plugin in config.plugins.items():
        if key == name or key.rsplit("/", 1)[-1] == name:
            enabled = getattr(plugin, "config", {}).get("enabled", True)
            return plugin if enabled is not False else None
    return None


def _languages(config: MkDocsConfig) -> set[str]:
    i18n = plugin_named(config, "i18n")
    return set(getattr(i18n, "all_languages", None) or ()) if i18n is not None else set()


def localised_home(docs_pages: Iterable[str], config: MkDocsConfig) -> bool:
    """The docs folder has a home page in one of static-i18n's languages: ``index.en.md``
    (suffix structure) or ``en/index.md`` (folder structure)."""
    languages = _languages(config)
    if not languages:
        return False
    for page in docs_pages:
        parts = page.split("/")
        stem = posixpath.splitext(parts[-1])[0]
        if len(parts) == 1 and "." in stem:
            name, language = stem.rsplit(".", 1)
            if name in _HOME and language in languages:
                return True
        if len(parts) == 2 and parts[0] in languages and stem in _HOME:
            return True
    return False


def give_sources(files: Files, config: MkDocsConfig, site: SiteBuild) -> None:
    """No generated file without a source path (plugins such as static-i18n read it); under
    static-i18n, generated pages claim their place in ``docs_dir``."""
    pages = {page.src_uri for page in site.pages}
    ours = pages | {chart.src_uri for chart in site.charts.files} | {CSS_URI, JS_URI, JSON_URI}
    i18n = bool(_languages(config))
    for file in files:
        if file.generated_by is None or file.src_uri not in ours:
            continue
        if i18n and file.src_uri in pages:
            file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, file.src_path))
        elif file.abs_src_path is None:
            # MkDocs writes a file whose source is its destination in place (its content).
            file.abs_src_path = file.abs_dest_path


def awesome_nav(files: Files, config: MkDocsConfig, site: SiteBuild) -> None:
    """Under awesome-nav: every generated page can be placed by a glob; the generated folder
    lists only the knowledge base's own pages unless the docs folder says otherwise."""
    plugin = plugin_named(config, "awesome-nav")
    if plugin is None:
        return
    for page in site.pages:
        file = files.get_file_from_path(page.src_uri)
        if file is not None and file.inclusion == InclusionLevel.NOT_IN_NAV:
            file.inclusion = InclusionLevel.UNDEFINED
    name = str(getattr(plugin, "config", {}).get("filename", ".nav.yml"))
    layout = site.settings.layout
    nav_file = f"{layout.base}/{name}"
    if files.get_file_from_path(nav_file) is not None:
        return
    listed = [posixpath.relpath(page.src_uri, layout.base) for page in site.pages
              if page.in_nav and posixpath.dirname(page.src_uri) == layout.base]
    text = "# Generated by meta-issues: the knowledge base's own pages.\nnav:\n" + "".join(
        f"  - {entry}\n" for entry in listed)
    files.append(File.generated(config, nav_file, content=text,
                                inclusion=InclusionLevel.EXCLUDED))


class SourceDates:
    """Generated pages shown to git-revision-date-localized as their source files."""

    def __init__(self) -> None:
        self._shown: list[tuple[File, str | None, str | None]] = []

    def show_source(self, file: File, source: Path, config: MkDocsConfig) -> None:
        """While ``file``'s page is rendered, its file is ``source`` (if that exists)."""
        if plugin_named(config, "git-revision-date-localized") is None or not source.exists():
            return
        self._shown.append((file, file.abs_src_path, file.generated_by))
        file.abs_src_path = str(source)
        file.generated_by = None

    def restore(self) -> None:
        """Every page's own file again (MkDocs compares it when it writes pages)."""
        for file, abs_src_path, generated_by in self._shown:
            file.abs_src_path = abs_src_path
            file.generated_by = generated_by
        self._shown.clear()
