"""What rendering produces: pages, chart requests, and the collector that gathers them.

Every link is a relative link to a ``.md`` source so MkDocs rewrites and validates it
(``use_directory_urls`` either way, sub-path sites, ``--strict``). User text placed into
generated structure (headings, tables, badges, alt text) is HTML-escaped; a README's own
Markdown body is rendered as its author wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..charts import ChartSpec
from ..markup import no_markup, sanitize_markdown
from ..model import MetaIssue
from ..source.destinations import ResolvedLink
from ..source.mentions import ATTEMPT_WORDS
from .escape import esc_attr
from .layout import Layout, relative_link

# What every site built from these pages needs, with or without the plugin (plugin.py adds
# them to the MkDocs config; ``generate`` writes them into the mkdocs.yml it produces).
CSS_URI = "assets/meta-issues/meta-issues.css"
JS_URI = "assets/meta-issues/meta-issues.js"  # home-page filters; optional
JSON_URI = "meta-issues.json"
REQUIRED_EXTENSIONS = (
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "pymdownx.details",
    "pymdownx.superfences",
)


@dataclass
class ChartRequest:
    """One chart to draw: ``light`` and ``dark`` are the SVG files' source paths."""

    light: str
    dark: str
    spec: ChartSpec
    alt: str
    origin: str = ""  # "path:line" of the data, for warnings about the chart
    owner: str = ""  # id of the investigation whose overview shows the chart's warnings
    key: str = ""  # the chart cache's key for ``spec``, once someone computed it


@dataclass
class GeneratedPage:
    src_uri: str
    markdown: str
    source: str | None  # file under the source folder to edit, relative to it
    in_nav: bool = False
    # Set by whoever keeps pages between builds: the file holding exactly ``markdown`` (which
    # is then not kept in memory), its name in the store and its size.
    path: str | None = None
    name: str = ""
    size: int = 0


@dataclass(frozen=True)
class SiteSettings:
    """What the pages depend on besides the model (every field is part of a render key)."""

    layout: Layout = field(default_factory=Layout)
    charts: bool = True
    landing: bool = False  # also make the investigations list the site's home page
    diagnostics_prefix: str = ""  # the source folder as the user names it, for messages
    tags: str = "overview"  # which pages carry an investigation's tags: overview, all, none
    previews: bool = True  # cross-links carry data-preview: Material shows their target
    directory_urls: bool = True  # MkDocs' use_directory_urls, for raw HTML links
    attempt_words: tuple[str, ...] = ATTEMPT_WORDS  # "Mitigation 3" names attempt 3


@dataclass(frozen=True)
class Neighbour:
    """What an investigation's pages print about a similar one: nothing else of it."""

    id: str
    title: str
    status: str
    reason: str


@dataclass(frozen=True)
class Backlink:
    """A place in another investigation that links to this one, with its sentence."""

    issue: str  # the other investigation's id
    title: str  # its title
    page: str  # src_uri of the page holding the link
    anchor: str
    place: str  # the page or section, in words
    sentence: str


@dataclass(frozen=True)
class Surroundings:
    """Everything an investigation's pages show of the others, and nothing else of them:
    its render key holds exactly this, so an edit elsewhere re-renders it only when this
    changes.

    ``neighbours``: the most similar investigations; ``links``: where the links written in
    its files lead (some into other investigations); ``linked_from``: the places of other
    investigations that link to it."""

    neighbours: tuple[Neighbour, ...] = ()
    links: tuple[ResolvedLink, ...] = ()
    linked_from: tuple[Backlink, ...] = ()


@dataclass
class IssuePages:
    """One investigation's pages and the charts they show."""

    pages: list[GeneratedPage] = field(default_factory=list)
    charts: list[ChartRequest] = field(default_factory=list)


RenderIssue = Callable[[MetaIssue, Surroundings], IssuePages]


def front_matter(title: str, tags: Iterable[str] = (), extra: dict[str, str] | None = None) -> str:
    """An explicit front matter block, always: MkDocs eats leading ``Key: value`` lines.

    ``extra`` carries ``description``, which themes put in ``<meta name="description">`` and
    social cards show."""
    # Themes print the title and tags unescaped (<title>, nav, tag index): no markup in them.
    lines = ["---", f"title: {_yaml_string(no_markup(title))}"]
    tag_list = list(tags)
    if tag_list:
        lines.append("tags:")
        lines.extend(f"  - {_yaml_string(no_markup(tag))}" for tag in tag_list)
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {_yaml_string(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _yaml_string(text: str) -> str:
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


class PageCollector:
    """Pages and chart requests as they are rendered, for one investigation or the site."""

    def __init__(self, settings: SiteSettings) -> None:
        self.settings = settings
        self.layout = settings.layout
        self.charts = settings.charts
        self.diagnostics_prefix = settings.diagnostics_prefix
        self.out = IssuePages()
        self._chart_paths: set[str] = set()

    def add_page(self, page: GeneratedPage) -> None:
        # Raw HTML and script links in user text are shown as text (see docs/diagnostics.md).
        page.markdown = sanitize_markdown(page.markdown)[0]
        self.out.pages.append(page)

    def chart(self, light: str, spec: ChartSpec, alt: str, from_src: str,
              origin: str = "", fragment: str = "", owner: str = "") -> str:
        """Register a chart (drawn once per build) and return the Markdown showing it in both
        palettes; ``fragment`` names the mark the SVG highlights (its ``:target``)."""
        dark = light.removesuffix(".svg") + "-dark.svg"
        if light not in self._chart_paths:
            self._chart_paths.add(light)
            self.out.charts.append(ChartRequest(light, dark, spec, alt, origin, owner))
        alt_text = esc_attr(alt)
        anchor = f"#{fragment}" if fragment else ""
        return (
            f"![{alt_text}]({relative_link(from_src, light)}{anchor})"
            f"{{ .mi-chart .mi-chart--light loading=lazy }}\n"
            f"![{alt_text}]({relative_link(from_src, dark)}{anchor})"
            f"{{ .mi-chart .mi-chart--dark loading=lazy }}\n"
        )
