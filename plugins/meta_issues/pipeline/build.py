"""``SiteBuild``: one build's generated files, made the same way for every host."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache.inputs import FolderState, Inputs
from ..cache.keys import digest
from ..cache.results import Results, SiteSnapshot, row
from ..charts import ChartSpec
from ..model import Diagnostic, KnowledgeBase, MetaIssue
from ..site import (
    ChangeReport,
    GeneratedPage,
    IssuePages,
    Layout,
    RenderedSite,
    SiteSettings,
    Surroundings,
    build_site,
)
from ..site.export import export_json
from ..site.related import Match, profile, related_issues
from ..source import (
    ReadingSettings,
    assemble,
    list_source,
    missing_source,
    parse_folder,
    read_folder,
)
from ..source.files import FOLDER, LINK, read_published
from .charts import Charts
from .previews import compare_ref, compare_with_ref

if TYPE_CHECKING:
    from . import Log, Request

UrlOf = Callable[[str], str]


class SiteBuild:
    """The pages, charts and export of one build, with what the host must log."""

    def __init__(self, request: Request, results: Results, log: Log) -> None:
        self.request = request
        self.results = results
        self.log = log
        options = request.options
        self.prefix = request.paths.display(request.paths.source_dir)
        landing = options.landing_page and not request.docs_pages & {"index.md", "README.md"}
        self.settings = SiteSettings(Layout(options.base_path), options.charts, landing,
                                     self.prefix, options.tags,
                                     previews=options.hover_previews,
                                     directory_urls=request.directory_urls,
                                     attempt_words=options.attempt_words)
        self.reading = ReadingSettings.from_options(options)
        self.ref = compare_ref(options.compare_to)
        self.started = time.perf_counter()
        self.issues = 0
        self.kb: KnowledgeBase | None = None
        self.pages: list[GeneratedPage] = []
        self.replaced: list[str] = []  # docs pages the generated pages replace
        # Files beside the text: (src_uri, the file's path), published as they are.
        self.beside: list[tuple[str, str]] = []
        self.diagnostics: list[Diagnostic] = []
        self.charts = Charts(results)
        self.owners: dict[str, str] = {}  # overview src_uri -> investigation id
        self._snapshot_key: str | None = None
        self._export: str | None = None
        self._fallback: RenderedSite | None = None
        self._by_uri: dict[str, GeneratedPage] | None = None

    # --- the build ----------------------------------------------------------------------

    def run(self) -> None:
        root = self.request.paths.source_dir
        if not root.is_dir():
            self._render(self._known(missing_source(root)))
            return
        inputs = self.results.inputs(root)
        states = {name: (inputs.state(root, name) if kind == FOLDER else None)
                  for name, kind in list_source(root)}
        if not self.request.serve and self.ref is None:
            self._snapshot_key = self._site_key(states)
            restored = self._restore(self._snapshot_key)
        else:
            restored = False
        if not restored:
            self._render(self._known(self._read(root, inputs, states)))
        self.results.keep_inputs(root, inputs)

    def _site_key(self, states: dict[str, FolderState | None]) -> str:
        """Everything a whole site depends on: settings, URLs, the docs pages it must not
        replace, and every folder's input digest."""
        folders = [(name, state.digest if state else LINK) for name, state in states.items()]
        return digest("site", self.settings, self.reading, self.request.url_scope,
                      sorted(self.request.docs_pages), folders)

    def _read(self, root: Path, inputs: Inputs, states: dict[str, FolderState | None]
              ) -> KnowledgeBase:
        def parse_one(name: str) -> MetaIssue:
            state = states[name]
            assert state is not None
            return self.results.issue(root, state, inputs, self.reading)

        return assemble([(name, FOLDER if state else LINK) for name, state in states.items()],
                        parse_one)

    def _known(self, kb: KnowledgeBase) -> KnowledgeBase:
        self.kb = kb
        self.issues = len(kb.issues)
        self.diagnostics = kb.all_diagnostics
        return kb

    def _compare(self, kb: KnowledgeBase) -> ChangeReport | None:
        if self.ref is None:
            return None
        report = compare_with_ref(self.request.paths.source_dir, self.ref, kb, self.reading)
        if report.error:
            self.log.warning(report.error)
        return report

    def _render(self, kb: KnowledgeBase) -> None:
        settings = self.settings

        def render(issue: MetaIssue, around: Surroundings) -> IssuePages:
            return self.results.issue_pages(issue, around, settings)

        site = build_site(kb, settings, changes=self._compare(kb), render=render,
                          similarity=self._similarity)
        self.pages = [page if page.path else self.results.page(page) for page in site.pages]
        if site.charts:
            self.charts.plan(site.charts, self.request.options.workers, self.request.progress,
                             lambda request: request.origin or request.light)
        self.owners = {settings.layout.overview(issue): issue.id for issue in kb.issues}
        self.beside = files_beside(kb, settings.layout, self.request.paths.source_dir)
        self._check_collisions()
        if self.request.serve:
            self.results.refresh(self.pages)

    def _similarity(self, issues: list[MetaIssue]) -> dict[str, list[Match]]:
        """Similar investigations, memoised by all that similarity looks at."""
        key = digest("similar", [profile(issue) for issue in issues])
        found = self.results.memo.similar.get(key)
        if found is None:
            found = related_issues(issues)
            self.results.memo.similar.put(key, found)
        return dict(found)

    def _check_collisions(self) -> None:
        """A generated page where the docs folder has one replaces it, with a warning."""
        for page in self.pages:
            if page.src_uri in self.request.docs_pages:
                self.replaced.append(page.src_uri)
                self.log.warning(
                    f"{page.src_uri}: the docs folder has a page where meta-issues generates "
                    "one; the generated page replaces it (set base_path to another folder to "
                    "keep both)")

    def _restore(self, key: str) -> bool:
        loaded = self.results.snapshot(key)
        if loaded is None:
            return False
        snapshot, pages = loaded
        if not self.charts.restore(snapshot.charts, snapshot.warnings):
            return False
        self.issues = snapshot.issues
        self.diagnostics = snapshot.diagnostics
        self.pages = pages
        self._export = snapshot.export
        self.beside = list(snapshot.beside)
        layout = self.settings.layout
        self.owners = {layout.overview_of(c.owner): c.owner for c in snapshot.charts if c.owner}
        self._check_collisions()
        self.log.debug(f"the whole site read from {self.request.paths.cache_dir} "
                       "(no folder changed)")
        return True

    # --- what the host asks for -----------------------------------------------------------

    def export(self, url_of: UrlOf) -> str:
        """``meta-issues.json``; ``url_of(src_uri)`` gives a generated page's URL."""
        if self._export is None:
            assert self.kb is not None
            self._export = export_json(self.kb, self.settings.layout, url_of,
                                       self.ref is not None, memo=self.results.memo.exports,
                                       scope=self.request.url_scope)
        return self._export

    def chart_problems(self, owner: str | None) -> list[str]:
        """Warnings about one investigation's charts, each once; waits for those charts."""
        return self.charts.problems(owner)

    def finish(self) -> None:
        """Wait for the charts, log what they found; keep the whole site when all of it is
        stored."""
        in_memory = self.charts.finish(self._chart_specs)
        if in_memory:
            self.log.debug(f"{in_memory} charts are served from memory")
        for message in self.charts.problems(None):
            self.log.warning(message)
        for message in self.charts.problems(None, hints=True):
            self.log.debug(message)  # as the reader's hints are
        if self._snapshot_key is not None and self.kb is not None and not in_memory:
            self._keep_snapshot(self._snapshot_key)

    def _keep_snapshot(self, key: str) -> None:
        if self._export is None or not all(page.path for page in self.pages):
            return
        self.results.keep_snapshot(key, SiteSnapshot(
            self.issues, self.diagnostics, [row(page) for page in self.pages],
            self.charts.shown, dict(self.charts.warnings), self._export, self.beside))

    def published(self) -> Iterator[tuple[str, bytes]]:
        """The files beside the text with their bytes, read now without following links; one
        that changed into something else since it was listed is left out, with a warning."""
        for src_uri, path in self.beside:
            data = read_published(Path(path))
            if data is None:
                shown = self.request.paths.display(Path(path))
                self.log.warning(f"{shown}: not published: it is no longer a regular file of "
                                 "at most 50 MB")
                continue
            yield src_uri, data

    def page(self, src_uri: str) -> GeneratedPage | None:
        """The generated page with this source path, if any."""
        if self._by_uri is None:
            self._by_uri = {page.src_uri: page for page in self.pages}
        return self._by_uri.get(src_uri)

    def page_markdown(self, page: GeneratedPage) -> str:
        """A page's Markdown; built again from the sources if its file vanished."""
        if page.path is None:
            return page.markdown
        try:
            return Path(page.path).read_text(encoding="utf-8")
        except OSError:
            pass
        pages = {p.src_uri: p.markdown for p in self._rebuilt().pages}
        return pages.get(page.src_uri, "")

    def _chart_specs(self) -> dict[str, ChartSpec]:
        return {self.results.chart_key(r): r.spec for r in self._rebuilt().charts}

    def _rebuilt(self) -> RenderedSite:
        """The whole site built again without the store, once: its files vanished during
        the build (someone cleared the cache)."""
        if self._fallback is None:
            self.log.info(f"the cache in {self.request.paths.cache_dir} changed during the "
                          "build; what it lost is built again from the sources")
            root = self.request.paths.source_dir
            kb = (assemble(list_source(root),
                           lambda name: parse_folder(read_folder(root / name), self.reading))
                  if root.is_dir() else missing_source(root))
            self._fallback = build_site(kb, self.settings, changes=self._compare(kb))
        return self._fallback

    def close(self) -> None:
        self.charts.close()

    def summary(self) -> str:
        rendered, cached = self.charts.counts
        return (f"{self.issues} meta-issues, {len(self.pages)} pages; charts: {rendered} "
                f"rendered, {cached} cached ({time.perf_counter() - self.started:.2f}s)")


def files_beside(kb: KnowledgeBase, layout: Layout, root: Path) -> list[tuple[str, str]]:
    """``(src_uri, path)`` of every published file beside the text, under its investigation's
    pages at its path inside the folder (the links to it were written that way)."""
    return [(layout.beside(issue.id, name), str(root / issue.folder / name))
            for issue in kb.issues for name, unpublished in issue.files.items()
            if not unpublished]
