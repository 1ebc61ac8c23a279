"""A build's generated files as MkDocs ``File`` objects: the translation, and nothing else."""

from __future__ import annotations

import os
import posixpath
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..pipeline import SiteBuild
from ..site import CSS_URI, JS_URI, JSON_URI


def add_pages(files: Files, config: MkDocsConfig, site: SiteBuild, source_dir: Path) -> None:
    """The generated pages, each editable at its source file; docs pages they replace go."""
    for src_uri in site.replaced:
        existing = files.src_uris.get(src_uri)
        if existing is not None:
            files.remove(existing)
    edit_prefix = Path(os.path.relpath(source_dir, Path(config.docs_dir).resolve())).as_posix()
    for page in site.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        if page.path is not None:
            file = File.generated(config, page.src_uri, abs_src_path=page.path,
                                  inclusion=inclusion)
        else:
            file = File.generated(config, page.src_uri, content=page.markdown,
                                  inclusion=inclusion)
        if page.source is not None:
            file.edit_uri = edit_path(f"{edit_prefix}/{page.source}")
        files.append(file)


def edit_path(path: str) -> str:
    """A source file's path as the tail of its edit URL: MkDocs appends it to ``edit_uri``
    as it is, so a ``#`` or ``?`` in a file name (``slow login #2 (50%)?``) would end the
    path; every character a URL path cannot hold as such is percent-encoded."""
    return quote(posixpath.normpath(path), safe="/~!$&'()*+,;=:@")


def add_beside(files: Files, config: MkDocsConfig, site: SiteBuild) -> None:
    """The files beside the text (images, data): their bytes, read without following links."""
    for src_uri, data in site.published():
        existing = files.src_uris.get(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=data))


def add_charts(files: Files, config: MkDocsConfig, site: SiteBuild) -> None:
    """Every chart file, where the store has it or will have it once drawn; a chart that
    cannot be stored gets its bytes in ``on_env`` (MkDocs reads charts after that)."""
    for chart in site.charts.files:
        if chart.path is not None:
            files.append(File.generated(config, chart.src_uri, abs_src_path=chart.path))
        else:
            files.append(File.generated(config, chart.src_uri, content=b""))


def replace_charts(files: Files, config: MkDocsConfig, site: SiteBuild) -> None:
    """Once every chart is drawn: point each chart's file at the store, or at memory."""
    for chart in site.charts.files:
        existing = files.get_file_from_path(chart.src_uri)
        if existing is not None and chart.path is not None and existing.abs_src_path == chart.path:
            continue
        if existing is not None:
            files.remove(existing)
        if chart.path is not None:
            files.append(File.generated(config, chart.src_uri, abs_src_path=chart.path))
        elif chart.data is not None:
            files.append(File.generated(config, chart.src_uri, content=chart.data))


def add_assets(files: Files, config: MkDocsConfig, site: SiteBuild) -> None:
    """The stylesheet, the script and ``meta-issues.json`` (its URLs come from the pages'
    files, so it is added after them)."""
    for uri in (CSS_URI, JS_URI):
        name = posixpath.basename(uri)
        text = resources.files("meta_issues").joinpath(f"assets/{name}").read_text("utf-8")
        files.append(File.generated(config, uri, content=text))
    files.append(File.generated(config, JSON_URI, content=site.export(
        lambda src: _url(files, src))))


def _url(files: Files, src_uri: str) -> str:
    file = files.get_file_from_path(src_uri)
    if file is None:
        return posixpath.splitext(src_uri)[0] + "/"
    return str(file.url)
