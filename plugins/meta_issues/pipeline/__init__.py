"""One build, the same for the MkDocs plugin and ``meta-issues generate``.

read the folders → compare with a git ref (previews) → pages → charts → export. Each step is
the pure one (``source``, ``site``, ``charts``) wrapped by ``cache.Results``; the hosts only
translate: the plugin hands ``SiteBuild``'s files to MkDocs, ``generate`` writes them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..cache.keys import digest
from ..cache.results import Results
from ..options import Options, Paths
from .build import SiteBuild
from .charts import ChartFile, Progress
from .previews import compare_ref

__all__ = ["PREFIX", "ChartFile", "Log", "Pipeline", "Request", "SiteBuild", "compare_ref"]

# Every line the plugin and the CLI print about a build starts with this, once.
PREFIX = "meta-issues: "


class Log(Protocol):
    def warning(self, message: str) -> None: ...
    def info(self, message: str) -> None: ...
    def debug(self, message: str) -> None: ...


@dataclass(frozen=True)
class Request:
    """What a host knows about the build it asks for."""

    options: Options
    paths: Paths
    docs_pages: frozenset[str] = frozenset()  # src_uris of the docs folder's own pages
    url_scope: tuple[object, ...] = ()  # what the export's URLs depend on besides src_uris
    directory_urls: bool = True  # MkDocs' use_directory_urls: raw HTML links need the URL
    serve: bool = False  # a long-lived process: keep memos, prune the store at exit only
    progress: Progress | None = None


class Pipeline:
    """The builds of one host process; ``clear`` forgets everything kept in memory."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self._results: dict[str, Results] = {}

    def build(self, request: Request) -> SiteBuild:
        results = self._results_for(request)
        results.begin()
        site = SiteBuild(request, results, self.log)
        try:
            site.run()
        except BaseException:
            site.close()
            raise
        return site

    def _results_for(self, request: Request) -> Results:
        """One ``Results`` (and so one set of memos) per project; MkDocs keeps a plugin
        instance across the configurations one process builds."""
        paths = request.paths
        project = digest("project", str(paths.config_dir), str(paths.site_dir))
        cache_dir: Path | None = paths.cache_dir
        known = self._results.get(project)
        if known is None or known.cache_dir != cache_dir:
            known = self._results[project] = Results(cache_dir, project)
        return known

    @staticmethod
    def finish(site: SiteBuild, *, prune: bool) -> list[str]:
        """After the host wrote the site: record what the build used (and prune unless the
        process builds again soon). Returns notes about the cache for the log."""
        return site.results.finish(prune=prune)

    def prune(self) -> None:
        """Remove what no recent build used (a serve process calls this when idle)."""
        for results in list(self._results.values()):  # runs on the idle timer's thread
            results.prune()

    def clear(self) -> None:
        for results in self._results.values():
            results.memo.clear()
        self._results.clear()
