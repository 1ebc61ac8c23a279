"""The MkDocs adapter: configuration in, generated files out, diagnostics to the log.

Everything else lives in the pure core (parse, render, charts, export), which ``generate``
shares. Pages enter through ``File.generated``; nothing is written into docs_dir or the source
folder, so ``mkdocs serve`` never rebuilds in a loop.
"""

from __future__ import annotations

import functools
import gc
import os
import posixpath
import threading
import time
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import MetaIssuesConfig
from .export import ExportMemo, export_json
from .fileio import write_atomically
from .layout import Layout
from .model import Diagnostic, KnowledgeBase
from .pagestore import PageRow, PageStore, content_digest, page_row
from .parse import ParseCache, SourceEntry, parse_knowledge_base, source_entries
from .render import (
    CSS_URI,
    JS_URI,
    JSON_URI,
    REQUIRED_EXTENSIONS,
    ChartRequest,
    GeneratedPage,
    IssueCache,
    PageMemo,
    Renderer,
)
from .snapshot import ShownChart, SiteSnapshot, SnapshotStore, StoredEntry
from .store import Store
from .text import one_line
from .watching import SourceWatch

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.structure.pages import Page

    from .charts import ChartCache, ChartDrawing, ChartSpec

log = get_plugin_logger(__name__)


class MetaIssuesPlugin(BasePlugin[MetaIssuesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.source_dir = Path()
        self.cache_dir = Path()
        self.layout = Layout()
        self.kb: KnowledgeBase | None = None
        # Survives `mkdocs serve` rebuilds (the instance does, thanks to on_startup).
        self._parse_cache: ParseCache = {}
        self._render_cache: IssueCache = {}
        self._page_memos: dict[str, PageMemo] = {}  # by cache_dir, which backs the pages
        self._written: dict[str, str] = {}  # backing file path -> digest of its content
        self._chart_files: dict[tuple[str, str], tuple[str, str, tuple[str, ...]]] = {}
        self.counts = (0, 0)
        self.command = "build"
        # Per build: charts being drawn, the charts shown by owner, warnings known and logged.
        self._drawing: ChartDrawing | None = None
        self._shown: dict[str, list[ShownChart]] = {}
        self._chart_notes: dict[str, tuple[str, ...]] = {}
        self._logged_chart_warnings: set[tuple[str, str]] = set()
        self._overviews: dict[str, str] = {}  # overview src_uri -> investigation id
        # Serve rebuilds: MkDocs' File objects of cached charts (cheap to reuse: no page, no
        # state) and export texts of unchanged investigations.
        self._chart_file_objects: dict[tuple[str, bool, str, str], File] = {}
        self._export_memo: ExportMemo = {}
        # A build's whole site, stored once its charts' warnings are known (see snapshot.py).
        self._pending_snapshot: tuple[str, list[StoredEntry], SiteSnapshot] | None = None
        self._idle_collection = IdleCollection()
        self._source_watch: SourceWatch | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._idle_collection.cancel()  # a rebuild starts: collecting now would slow it
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.source_dir = (config_dir / self.config.source_dir).resolve()
        self.cache_dir = (config_dir / self.config.cache_dir).resolve()
        docs_dir = Path(config.docs_dir).resolve()
        if self.source_dir == docs_dir or self.source_dir.is_relative_to(docs_dir):
            raise PluginError(
                f"meta-issues: source_dir '{self.config.source_dir}' is inside docs_dir; "
                "move it beside mkdocs.yml so its files are not also built as plain pages"
            )
        for folder in (docs_dir, self.source_dir):
            if self.cache_dir == folder or self.cache_dir.is_relative_to(folder):
                raise PluginError(
                    f"meta-issues: cache_dir '{self.config.cache_dir}' must be outside docs_dir "
                    "and source_dir (writing there would make `mkdocs serve` rebuild forever)"
                )
        base = self.config.base_path.strip("/")
        if not base or base.startswith(".") or ".." in base.split("/"):
            raise PluginError(f"meta-issues: base_path '{self.config.base_path}' is not a "
                              "plain folder name such as 'meta-issues'")
        self.layout = Layout(base)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        self.kb = None
        self.counts = (0, 0)
        return config

    @event_priority(50)  # before blog (-50), tags and literate-nav (-100) read the files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        prefix = self._display_prefix(config)
        ref = self._compare_to()
        landing = self.config.landing_page and files.get_file_from_path("index.md") is None
        self._pending_snapshot = None
        # `mkdocs build` with no folder changed: the stored site, without model or rendering.
        # Serve keeps its own per-investigation memos, which a snapshot would leave empty.
        context = listing = None
        if self.command != "serve" and ref is None and self.source_dir.is_dir():
            context = self._snapshot_context(config, prefix, landing)
            listing = source_entries(self.source_dir)
            loaded = self._snapshots().load(context, self.source_dir, listing)
            if loaded is not None and self._add_snapshot(*loaded, files, config, prefix):
                self._summary(loaded[0].issues, len(loaded[1]), started)
                return files
        # Results on disk outlive the process: a warm `mkdocs build` parses and renders only
        # what changed since the build that filled the cache.
        parsed = Store(self.cache_dir / "parsed")
        kb = parse_knowledge_base(self.source_dir, self._parse_cache, parsed, listing)
        self.kb = kb
        for diagnostic in kb.all_diagnostics:
            self._log(diagnostic, prefix)
        report = None
        if ref is not None:  # preview build: flag changed meta-issues before rendering
            from .changes import compare_with_ref

            report = compare_with_ref(self.source_dir, ref, kb)
            if report.error:
                log.warning(report.error)
        stored = PageStore(self.cache_dir / "rendered", self.cache_dir / "pages")
        renderer = Renderer(kb, self.layout, charts=self.config.charts, site_landing=landing,
                            diagnostics_prefix=prefix, issue_cache=self._render_cache,
                            stored=stored,
                            page_memo=self._page_memos.setdefault(str(self.cache_dir), {}))
        site = renderer.render()
        if report is not None:
            from .changes import changes_page

            site.pages.append(changes_page(report, kb, self.layout))
        rendered, cached = self._charts(site.charts, files, config)
        self._overviews = {self.layout.overview(issue): issue.id for issue in kb.issues}
        backings = self._add_pages(site.pages, files, config)
        for issue_id, result in renderer.issues.items():
            if result.fresh:
                rows = self._rows(result.pages, backings)
                if rows is not None:
                    stored.save(issue_id, result.key, rows, result.charts)
        for error in dict.fromkeys(parsed.write_errors + stored.write_errors):
            log.warning(f"meta-issues cache: {error}")
        log.debug(f"meta-issues: {parsed.reused} parse results and {stored.reused} rendered "
                  f"investigations read from {self.cache_dir}")
        self.counts = (rendered, cached)
        pages = len(site.pages)
        data = export_json(kb, self.layout, lambda src: self._url(files, src),
                           with_changes=ref is not None, memo=self._export_memo,
                           scope=(config.use_directory_urls, config.site_dir))
        self._add_assets(files, config, data)
        if context is not None and listing is not None:
            self._snapshot_later(context, listing, kb, site.pages, backings, data)
        if self.command != "serve":  # nothing to reuse: let the model go before MkDocs works
            self._release_memos()
        self._summary(len(kb.issues), pages, started)
        return files

    def _summary(self, issues: int, pages: int, started: float) -> None:
        rendered, cached = self.counts
        log.info(
            f"meta-issues: {issues} meta-issues, {pages} pages; "
            f"charts: {rendered} rendered, {cached} cached "
            f"({time.perf_counter() - started:.2f}s)"
        )

    def _release_memos(self) -> None:
        self.kb = None
        self._parse_cache = {}
        self._render_cache = {}
        self._page_memos = {}
        self._export_memo = {}
        self._written = {}

    def _snapshot_context(self, config: MkDocsConfig, prefix: str, landing: bool) -> str:
        """Everything besides the source folders that a build's generated files depend on."""
        from .charts import chart_environment

        settings = sorted((name, repr(value)) for name, value in self.config.items())
        return repr((str(self.source_dir), str(self.cache_dir), settings, landing, prefix,
                     config.use_directory_urls, config.docs_dir,
                     chart_environment()))

    def _snapshot_later(self, context: str, listing: list[SourceEntry], kb: KnowledgeBase,
                        pages: list[GeneratedPage], backings: dict[str, str | None],
                        export: str) -> None:
        """Prepare this build's snapshot; saved once every chart's warnings are known."""
        rows = self._rows(pages, backings)
        if rows is None or not all(issue.fingerprint for issue in kb.issues):
            return
        # Parsed from ``listing``: one issue per folder, in its order.
        digests = iter(issue.fingerprint for issue in kb.issues)
        stored: list[StoredEntry] = [(name, link, signature, "" if link else next(digests))
                                     for name, link, signature in listing]
        charts = [chart for group in self._shown.values() for chart in group]
        snapshot = SiteSnapshot(len(kb.issues), kb.all_diagnostics, rows, charts, {},
                                dict(self._overviews), export)
        self._pending_snapshot = (context, stored, snapshot)
        if self._drawing is None:
            self._save_snapshot()

    def _save_snapshot(self) -> None:
        pending, self._pending_snapshot = self._pending_snapshot, None
        if pending is None:
            return
        context, folders, snapshot = pending
        for chart in snapshot.charts:
            notes = self._chart_notes.get(chart.key)
            if notes is None:
                return  # a chart not drawn or not stored: no snapshot of this build
            if notes:
                snapshot.notes[chart.key] = notes
        snapshots = self._snapshots()
        snapshots.save(context, folders, snapshot)
        for error in snapshots.write_errors:
            log.warning(f"meta-issues cache: {error}")

    def _add_snapshot(self, snapshot: SiteSnapshot, pages: list[GeneratedPage], files: Files,
                      config: MkDocsConfig, prefix: str) -> bool:
        """Add a stored site's files; False (nothing added) if a chart left the cache."""
        from .charts import ChartCache

        cache = ChartCache(self.cache_dir)
        complete = cache.complete_keys()
        if not all(chart.key in complete for chart in snapshot.charts):
            return False
        for diagnostic in snapshot.diagnostics:
            self._log(diagnostic, prefix)
        self._shown = {}
        self._chart_notes = {}
        self._logged_chart_warnings = set()
        for chart in snapshot.charts:
            self._shown.setdefault(chart.owner, []).append(chart)
            self._chart_notes[chart.key] = snapshot.notes.get(chart.key, ())
            for uri, path in zip((chart.light, chart.dark), cache.paths(chart.key), strict=True):
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self._overviews = snapshot.overviews
        self._add_pages(pages, files, config)
        self.counts = (0, len(snapshot.charts))
        self._add_assets(files, config, snapshot.export)
        log.debug(f"meta-issues: the whole site read from {self.cache_dir} (no folder changed)")
        return True

    @staticmethod
    def _add_assets(files: Files, config: MkDocsConfig, export: str) -> None:
        """The stylesheet, the script and ``meta-issues.json`` (computed after the pages: its
        URLs come from their files)."""
        files.append(File.generated(config, CSS_URI, content=_stylesheet()))
        files.append(File.generated(config, JS_URI, content=_asset("meta-issues.js")))
        files.append(File.generated(config, JSON_URI, content=export))

    def _snapshots(self) -> SnapshotStore:
        return SnapshotStore(self.cache_dir / "site", self.cache_dir / "pages")

    def _rows(self, pages: list[GeneratedPage], backings: dict[str, str | None]
              ) -> list[PageRow] | None:
        """Rows serving ``pages`` from their backing files in a later build, if all can be."""
        pages_dir = self.cache_dir / "pages"
        rows: list[PageRow] = []
        for page in pages:
            backing = backings.get(page.src_uri)
            row = page_row(page, backing, pages_dir) if backing is not None else None
            if row is None:
                return None
            rows.append(row)
        return rows

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # The source folder is outside docs_dir, so serve would not see edits otherwise.
        if not self.source_dir.is_dir():
            return server
        if self.config.native_watch:
            watch = SourceWatch(self.source_dir)
            if watch.start():
                self._source_watch = watch
                log.info(f"Watching '{self._display_prefix(config)}' with the system's file "
                         "notifications")
                server.watch(str(watch.trigger), recursive=False)
                return server
        server.watch(str(self.source_dir))
        return server

    # helpers

    def _add_pages(self, pages: list[GeneratedPage], files: Files, config: MkDocsConfig
                   ) -> dict[str, str | None]:
        """Add the generated pages to ``files``; returns the file backing each page."""
        # Sources are plain relative paths inside source_dir: one relpath serves every page.
        edit_prefix = Path(os.path.relpath(self.source_dir, Path(config.docs_dir).resolve())
                           ).as_posix()
        backings: dict[str, str | None] = {}
        for page in pages:
            existing = files.src_uris.get(page.src_uri)  # already a posix path
            if existing is not None:
                if page.src_uri == "index.md":
                    continue
                log.warning(f"{page.src_uri}: the docs folder has a page where meta-issues "
                            "generates one; the generated page replaces it (set base_path to "
                            "another folder to keep both)")
                files.remove(existing)
            # Backed by a file whose mtime moves only with its content, so `serve --dirty`
            # rebuilds just the pages an edit changed; a stored page is that file already.
            if page.backing is not None and (not page.markdown or os.path.isfile(page.backing)):
                backing: str | None = page.backing
            else:  # new, or its file was deleted while `mkdocs serve` ran
                backing = self._materialise(page)
                # Kept by the serve cache with the page: the next rebuild skips this step.
                page.backing = backing
            backings[page.src_uri] = backing
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if backing is not None:
                file = File.generated(config, page.src_uri, abs_src_path=backing,
                                      inclusion=inclusion)
            else:
                file = File.generated(config, page.src_uri, content=page.markdown,
                                      inclusion=inclusion)
            if page.source is not None:
                file.edit_uri = posixpath.normpath(f"{edit_prefix}/{page.source}")
            files.append(file)
        return backings

    def _materialise(self, page: GeneratedPage) -> str | None:
        """Write the page under the cache unless its file already holds exactly it; returns
        the file, and sets the page's digest."""
        path = self.cache_dir / "pages" / page.src_uri
        data = page.markdown.encode("utf-8")
        page.digest = content_digest(data)
        # Keyed by the full path: MkDocs keeps this instance across configs in one process.
        key = str(path)
        if self._written.get(key) == page.digest and path.is_file():
            return key  # unchanged since this process last wrote it: no disk read
        try:
            if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                self._written[key] = page.digest
                return key
            write_atomically(path, data)
            self._written[key] = page.digest
        except OSError as error:
            log.debug(f"cannot cache page {page.src_uri}: {error}; serving it from memory")
            return None
        return key

    def _charts(self, requests: list[ChartRequest], files: Files, config: MkDocsConfig
                ) -> tuple[int, int]:
        """Serve every chart from its cache files and start drawing those the cache lacks.

        Missing charts are drawn by worker processes while MkDocs renders the pages, so a cold
        build costs little more than its slowest side. An overview waits for its own charts in
        ``on_page_markdown`` (their warnings go into its problem box); ``on_env`` waits for
        the rest before MkDocs copies files. Returns the rendered and cached counts.
        """
        from .charts import ChartCache, ChartDrawing

        self._shown = {}
        self._chart_notes = {}
        self._logged_chart_warnings = set()
        cache = ChartCache(self.cache_dir)
        missing: dict[str, ChartSpec] = {}
        known, self._chart_file_objects = self._chart_file_objects, {}
        for request in requests:
            request.key = request.key or _chart_key(request.spec)
            self._shown.setdefault(request.owner, []).append(ShownChart(
                request.owner, request.key, request.light, request.dark,
                request.origin or request.light, _chart_title(request)))
            stored = self._stored(cache, request.key)
            if stored is None:
                missing.setdefault(request.key, request.spec)
                light, dark = (str(path) for path in cache.paths(request.key))
            else:  # content-addressed files: their mtime never changes
                light, dark, self._chart_notes[request.key] = stored
            for uri, path in ((request.light, light), (request.dark, dark)):
                memo = (config.site_dir, config.use_directory_urls, uri, path)
                file = known.get(memo) or File.generated(config, uri, abs_src_path=path)
                self._chart_file_objects[memo] = file
                files.append(file)
        if missing:
            last = [time.monotonic()]

            def progress(done: int, total: int) -> None:
                if done < total and time.monotonic() - last[0] >= 3:
                    last[0] = time.monotonic()
                    log.info(f"charts: {done}/{total}")

            self._drawing = ChartDrawing(missing, cache, progress=progress)
        return len(missing), len(requests) - len(missing)

    def _chart_problems(self, owner: str | None) -> list[str]:
        """Log the warnings of one investigation's charts (None: of all not yet logged), each
        once per source file; returns the messages logged, for the overview's box."""
        if owner is None:
            charts = [chart for group in self._shown.values() for chart in group]
        else:
            charts = self._shown.get(owner, [])
        messages: list[str] = []
        for chart in charts:
            notes = self._chart_notes.get(chart.key)
            if notes is None:
                if self._drawing is None:
                    continue
                notes = self._chart_notes[chart.key] = self._drawing.warnings(chart.key)
            where = chart.where
            for warning in notes:
                # Once per source file: a name drawn in two charts is one problem.
                if (where.split(":", 1)[0], warning) in self._logged_chart_warnings:
                    continue
                self._logged_chart_warnings.add((where.split(":", 1)[0], warning))
                # One line of bounded length, even for a 100,000-character metric name.
                title = one_line(chart.title, 80)
                message = f"{where}: {one_line(warning, 300)} (chart '{title}')"
                log.warning(message)
                messages.append(message)
        return messages

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        owner = self._overviews.get(page.file.src_uri)
        if owner is None:
            return None
        problems = self._chart_problems(owner)
        return _with_problem_box(markdown, problems) if problems else None

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files
               ) -> Environment:
        drawing = self._drawing
        if drawing is not None:
            drawing.finish()
        self._chart_problems(None)  # charts of pages `--dirty` skipped, and the home page's
        self._drawing = None
        if drawing is None:
            return env
        unstored = 0
        for shown in (chart for group in self._shown.values() for chart in group):
            chart = drawing.chart(shown.key) if shown.key in drawing else None
            if chart is None:
                continue
            unstored += 1
            for uri, data in ((shown.light, chart.light), (shown.dark, chart.dark)):
                existing = files.get_file_from_path(uri)
                if existing is not None:
                    files.remove(existing)
                files.append(File.generated(config, uri, content=data))
        if unstored:
            log.warning(f"chart cache: {unstored} charts could not be written to "
                        f"{self.cache_dir}; they are served from memory")
        else:
            self._save_snapshot()
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.command == "serve":
            self._idle_collection.schedule()

    def on_shutdown(self) -> None:
        self._idle_collection.cancel()
        if self._source_watch is not None:
            self._source_watch.stop()
            self._source_watch = None
        gc.unfreeze()

    def on_build_error(self, *, error: Exception) -> None:
        if self._drawing is not None:
            self._drawing.close()
            self._drawing = None

    def _stored(self, cache: ChartCache, key: str) -> tuple[str, str, tuple[str, ...]] | None:
        """The cache files and warnings of a chart, remembered across `serve` rebuilds."""
        memo = (str(cache.directory), key)  # one process may build several projects
        known = self._chart_files.get(memo)
        if known is not None and os.path.exists(known[0]) and os.path.exists(known[1]):
            return known
        paths = cache.files(key)
        warnings = cache.warnings(key) if paths is not None else None
        if paths is None or warnings is None:
            return None
        entry = (str(paths[0]), str(paths[1]), warnings)
        self._chart_files[memo] = entry
        return entry

    def _compare_to(self) -> str | None:
        return os.environ.get("META_ISSUES_COMPARE_TO") or self.config.compare_to

    def _display_prefix(self, config: MkDocsConfig) -> str:
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            return self.source_dir.relative_to(config_dir).as_posix()
        except ValueError:
            return self.source_dir.as_posix()

    @staticmethod
    def _url(files: Files, src_uri: str) -> str:
        file = files.get_file_from_path(src_uri)
        if file is None:
            return posixpath.splitext(src_uri)[0] + "/"
        return str(file.url)

    @staticmethod
    def _log(diagnostic: Diagnostic, prefix: str) -> None:
        text = diagnostic.format(prefix)
        if diagnostic.level == "info":
            log.debug(text)
        else:
            log.warning(text)


class IdleCollection:
    """Collects garbage while `mkdocs serve` waits for an edit instead of during a rebuild.

    At a thousand investigations the serve process holds millions of objects, and a rebuild
    allocates enough to trigger a full collection of all of them in about one rebuild of three
    (0.6 s of a 1.5 s rebuild, measured). Shortly after each build, once the browser has
    reloaded, this collects the garbage of earlier builds and freezes what survives
    (``gc.freeze``), so the collections during the next rebuild look only at what that rebuild
    allocates. What the next rebuild drops is collected by the next idle collection.
    """

    DELAY = 1.5  # seconds after a build: livereload has reloaded the page by then

    def __init__(self) -> None:
        self._timer: threading.Timer | None = None

    def schedule(self) -> None:
        self.cancel()
        self._timer = threading.Timer(self.DELAY, self._collect)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @staticmethod
    def _collect() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def _with_problem_box(markdown: str, problems: list[str]) -> str:
    """The page body (MkDocs has taken its front matter) under a box about its charts."""
    box = "\n".join(['!!! warning "Problems in the source files"', *(
        f"    - `{one_line(problem, 300).replace('`', chr(39))}`" for problem in problems)])
    return f"{box}\n\n{markdown}"


@functools.lru_cache(maxsize=1 << 16)
def _chart_key(spec: ChartSpec) -> str:
    # Specs are frozen and hashable; serve rebuilds reuse the same ones from the render cache.
    from .charts import chart_key

    return chart_key(spec)


def _chart_title(request: ChartRequest) -> str:
    return str(getattr(request.spec, "title", "knowledge base"))


def _stylesheet() -> str:
    return resources.files("meta_issues").joinpath("assets/meta-issues.css").read_text("utf-8")


def _asset(name: str) -> str:
    return resources.files("meta_issues").joinpath(f"assets/{name}").read_text("utf-8")
