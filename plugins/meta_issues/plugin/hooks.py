"""The MkDocs adapter: MkDocs events in, the pipeline's files and messages out.

Policy lives in ``pipeline`` (what to build, reuse, replace and log); this module translates.
Pages enter through ``File.generated``; nothing is written into docs_dir or the source folder,
so ``mkdocs serve`` never rebuilds in a loop.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..options import OPTIONS, OptionError, Options, Paths, parse, resolve_paths
from ..pipeline import PREFIX, Pipeline, Request, SiteBuild
from ..pipeline.idle import IdleCollection
from ..pipeline.linkcheck import LinkCheck
from ..sanitizer import clean_html
from ..site import CSS_URI, JS_URI, REQUIRED_EXTENSIONS
from ..site.problems import with_problems
from . import files as site_files
from . import neighbours
from .config import MetaIssuesConfig
from .interrupts import TermAsInterrupt
from .toc import clean_toc
from .watching import SourceWatch

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.structure.pages import Page

# Only loggers under "mkdocs." count for --strict; every line gets the prefix once.
_logger = logging.getLogger("mkdocs.plugins.meta_issues")


class _Log:
    def warning(self, message: str) -> None:
        _logger.warning(PREFIX + message)

    def info(self, message: str) -> None:
        _logger.info(PREFIX + message)

    def debug(self, message: str) -> None:
        _logger.debug(PREFIX + message)


class MetaIssuesPlugin(BasePlugin[MetaIssuesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.log = _Log()
        self.pipeline = Pipeline(self.log)  # kept across `mkdocs serve` rebuilds
        self.command = "build"
        self.options = Options()
        self.paths: Paths | None = None
        self.site: SiteBuild | None = None
        self._idle = IdleCollection(also=self._prune)
        self._watch: SourceWatch | None = None
        self._term = TermAsInterrupt()
        self._links = LinkCheck()
        self._files: Files | None = None
        self._dates = neighbours.SourceDates()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.command = command
        self._term.install()  # SIGTERM cleans up as Ctrl+C does (on_shutdown below)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._idle.cancel()  # a rebuild starts: collecting now would slow it
        # Unknown names are MkDocs' to report (a warning); the known ones are checked already.
        self.options = parse({o.name: self.config[o.name] for o in OPTIONS})
        self.site = None
        if not self.options.enabled:
            return config
        config_dir = Path(config.config_file_path or ".").resolve().parent
        try:
            self.paths = resolve_paths(self.options, config_dir, Path(config.docs_dir),
                                       Path(config.site_dir))
        except OptionError as error:
            raise ConfigurationError(f"Config value 'plugins': Plugin 'meta-issues' option "
                                     f"'{error.option}': {error.message}") from None
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        return config

    @event_priority(50)  # before blog (-50), tags and literate-nav (-100) read the files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.options.enabled or self.paths is None:
            return files
        docs_pages = frozenset(file.src_uri for file in files.documentation_pages())
        if neighbours.localised_home(docs_pages, config):  # static-i18n's index.en.md
            docs_pages |= {"index.md"}
        request = Request(self.options, self.paths, docs_pages,
                          (config.use_directory_urls,),
                          directory_urls=config.use_directory_urls,
                          serve=self.command == "serve",
                          progress=lambda done, total: self.log.info(f"charts: {done}/{total}"))
        self.site = site = self.pipeline.build(request)
        self._links = LinkCheck()
        for diagnostic in site.diagnostics:
            text = diagnostic.format(site.prefix)
            self.log.debug(text) if diagnostic.level == "info" else self.log.warning(text)
        site_files.add_pages(files, config, site, self.paths.source_dir)
        site_files.add_beside(files, config, site)
        site_files.add_charts(files, config, site)
        site_files.add_assets(files, config, site)
        neighbours.awesome_nav(files, config, site)
        neighbours.give_sources(files, config, site)
        self.log.info(site.summary())
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        generated = self.site.page(page.file.src_uri) if self.site is not None else None
        if self.site is None or generated is None:
            return None
        if self.paths is not None:  # dated by its source file's history, not the build's time
            source = self.paths.source_dir
            self._dates.show_source(page.file, source / generated.source if generated.source
                                    else source, config)
        return self.site.page_markdown(generated)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        owner = self.site.owners.get(page.file.src_uri) if self.site is not None else None
        if self.site is None or owner is None:
            return None
        problems = self.site.chart_problems(owner)
        for problem in problems:
            self.log.warning(problem)
        return with_problems(markdown, problems) if problems else None

    @event_priority(-100)  # last: the sanitiser has the final word on what the page holds
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        if self.site is None:
            return None
        generated = self.site.page(page.file.src_uri) is not None
        cleaned: str | None = None
        if generated or self.options.sanitize_docs_pages:
            clean_toc(page.toc)
            cleaned = clean_html(html)
        self._links.add(page.url, cleaned if cleaned is not None else html, generated)
        return cleaned

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files
               ) -> Environment:
        self._files = files
        self._dates.restore()  # every page is rendered: MkDocs writes them next
        if self.site is not None:  # MkDocs copies the charts next: all must be drawn
            self.site.finish()
            site_files.replace_charts(files, config, self.site)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is not None and self._files is not None:
            self._check_links(config, self._files)
        if self.site is not None:
            for note in self.pipeline.finish(self.site, prune=self.command != "serve"):
                self.log.info(note)
        if self.command == "serve":
            self._idle.schedule()

    def _check_links(self, config: MkDocsConfig, files: Files) -> None:
        """Every link of the generated pages leads somewhere; what MkDocs reports at WARNING
        already (per its ``validation`` settings) is not reported again."""
        links = config.validation.links
        problems = self._links.problems(
            {str(file.url) for file in files},
            pages=links.not_found < logging.WARNING, anchors=links.anchors < logging.WARNING)
        for problem in problems:
            self.log.warning(problem)

    def on_build_error(self, *, error: Exception) -> None:
        if self.site is not None:
            self.site.close()
            self.pipeline.finish(self.site, prune=False)
            self.site = None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        # The source folder is outside docs_dir, so serve would not see edits otherwise.
        source = self.paths.source_dir if self.paths is not None else None
        if source is None:
            return server
        # A missing folder is watched for too (from its parent): it may be checked out later.
        if self.options.native_watch and source.parent.is_dir():
            watch = SourceWatch(source)
            if watch.start():
                self._watch = watch
                self.log.info(f"watching '{self.paths.display(source) if self.paths else source}'"
                              " with the system's file notifications")
                server.watch(str(watch.trigger), recursive=False)
                return server
        if source.is_dir():
            server.watch(str(source))
        return server

    def _prune(self) -> None:
        self.pipeline.prune()

    def on_shutdown(self) -> None:
        self._idle.cancel()
        if self.site is not None:  # interrupted mid-build: stop its chart workers
            self.site.close()
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self.pipeline.prune()
        IdleCollection.stop()
        self._term.remove()
