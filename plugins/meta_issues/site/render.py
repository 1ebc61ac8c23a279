"""The model as Markdown pages and chart requests, for the plugin and for ``generate``.

Every link is a relative link to a ``.md`` source so MkDocs rewrites and validates it
(``use_directory_urls`` either way, sub-path sites, ``--strict``). User text placed into
generated structure (headings, tables, badges, alt text) is HTML-escaped; a README's own
Markdown body is rendered as its author wrote it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..charts import (
    ChartPoint,
    ChartSpec,
    KeyMetric,
    KeyMetricsSpec,
    KnowledgeBaseChartSpec,
    MetricChartSpec,
    TimelineEvent,
    TimelineSpec,
)
from ..markup import fenced_code, no_markup, sanitize_markdown, too_complex
from ..model import Attempt, KnowledgeBase, Location, MetaIssue, Metric, Result
from ..text import one_line, slugify
from ..units import format_quantity
from .layout import Layout, relative_link
from .links import MISSING, LinkGraph

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

# Material Design Icons (Apache 2.0) path data: render without emoji fonts, in any palette.
_ICONS = {
    Result.SUCCESS: "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 "
    "1.41-1.41L10 14.17l7.59-7.59L19 8z",
    Result.FAILED: "M12 2C6.47 2 2 6.47 2 12s4.47 10 10 10 10-4.47 10-10S17.53 2 12 2m5 "
    "13.59L15.59 17 12 13.41 8.41 17 7 15.59 10.59 12 7 8.41 8.41 7 12 10.59 15.59 7 17 "
    "8.41 13.41 12z",
    Result.PARTIAL: "M13 13h-2V7h2m0 10h-2v-2h2M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 "
    "0 0 0 10-10A10 10 0 0 0 12 2",
    Result.IN_PROGRESS: "M12 20a8 8 0 0 0 8-8 8 8 0 0 0-8-8 8 8 0 0 0-8 8 8 8 0 0 0 8 8m0-18a10 "
    "10 0 0 1 10 10 10 10 0 0 1-10 10C6.47 22 2 17.5 2 12A10 10 0 0 1 12 2m.5 5v5.25l4.5 "
    "2.67-.75 1.23L11 13V7z",
    Result.UNKNOWN: "M15.07 11.25l-.9.92C13.45 12.89 13 13.5 13 15h-2v-.5c0-1.11.45-2.11 "
    "1.17-2.83l1.24-1.26c.37-.36.59-.86.59-1.41a2 2 0 0 0-2-2 2 2 0 0 0-2 2H8a4 4 0 0 1 4-4 4 "
    "4 0 0 1 4 4 3.2 3.2 0 0 1-.93 2.25M13 19h-2v-2h2M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 "
    "10 10 10 0 0 0 10-10c0-5.53-4.5-10-10-10",
    Result.BASELINE: "M14.4 6 14 4H5v17h2v-7h5.6l.4 2h7V6z",
}
_MET = "M21 7 9 19l-5.5-5.5 1.41-1.41L9 16.17 19.59 5.59z"
_MISSED = "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 " \
    "17.59 19 19 17.59 13.41 12z"


def _svg(path: str) -> str:
    return (
        '<svg class="mi-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        f'<path d="{path}"/></svg>'
    )


def badge(result: Result) -> str:
    """A result badge: an inline SVG icon plus the word, coloured by CSS for both palettes."""
    return (
        f'<span class="mi-badge mi-badge--{result.value}">{_svg(_ICONS[result])}'
        f"{result.label}</span>"
    )


def status_badge(issue: MetaIssue | str) -> str:
    """The badge of an investigation's status ("resolved" or "open")."""
    status = issue if isinstance(issue, str) else issue.status
    result = Result.SUCCESS if status == "resolved" else Result.IN_PROGRESS
    word = "Resolved" if status == "resolved" else "Open"
    return f'<span class="mi-badge mi-badge--{status}">{_svg(_ICONS[result])}{word}</span>'


def met_badge(met: bool | None) -> str:
    if met is None:
        return '<span class="mi-met mi-met--none">no target</span>'
    if met:
        return f'<span class="mi-met mi-met--yes">{_svg(_MET)}met</span>'
    return f'<span class="mi-met mi-met--no">{_svg(_MISSED)}missed</span>'


def esc(text: str) -> str:
    """Escape user text for generated Markdown/HTML: tags, entities, table pipes and braces
    (a '{' in a heading would end its attribute list early)."""
    return (html.escape(text, quote=True).replace("|", "&#124;").replace("\n", " ")
            .replace("{", "&#123;").replace("}", "&#125;"))


def esc_attr(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True).replace("|", "&#124;")


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


@dataclass
class RenderedSite:
    pages: list[GeneratedPage] = field(default_factory=list)
    charts: list[ChartRequest] = field(default_factory=list)


@dataclass(frozen=True)
class SiteSettings:
    """What the pages depend on besides the model (every field is part of a render key)."""

    layout: Layout = field(default_factory=Layout)
    charts: bool = True
    landing: bool = False  # also make the investigations list the site's home page
    diagnostics_prefix: str = ""  # the source folder as the user names it, for messages


@dataclass(frozen=True)
class Neighbour:
    """What an investigation's pages print about a similar one: nothing else of it."""

    id: str
    title: str
    status: str
    reason: str


@dataclass
class IssuePages:
    """One investigation's pages and the charts they show."""

    pages: list[GeneratedPage] = field(default_factory=list)
    charts: list[ChartRequest] = field(default_factory=list)


RenderIssue = Callable[[MetaIssue, "tuple[Neighbour, ...]"], IssuePages]


def front_matter(title: str, tags: Iterable[str] = (), extra: dict[str, str] | None = None) -> str:
    """An explicit front matter block, always: MkDocs eats leading ``Key: value`` lines."""
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


# --- knowledge base ------------------------------------------------------------------------


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


def render_issue(issue: MetaIssue, neighbours: tuple[Neighbour, ...],
                 settings: SiteSettings) -> IssuePages:
    """Every page of one investigation; ``neighbours`` is all it shows of the others."""
    collector = PageCollector(settings)
    IssueRenderer(issue, collector, neighbours).render()
    return collector.out


class SitePages(PageCollector):
    """The pages about the whole knowledge base: the investigations list and the lessons."""

    def __init__(self, kb: KnowledgeBase, settings: SiteSettings) -> None:
        super().__init__(settings)
        self.kb = kb

    def render(self) -> IssuePages:
        self._home(self.layout.home)
        if self.settings.landing:
            self._home("index.md")
        self._lessons()
        return self.out

    def _home(self, src: str) -> None:
        issues = sorted(
            self.kb.issues, key=lambda i: (i.last_updated or "", i.title.lower()), reverse=True
        )
        resolved = sum(1 for i in issues if i.status == "resolved")
        lines = [front_matter("Investigations"), "# Investigations\n"]
        lines.append(
            f"{len(issues)} investigations: {resolved} resolved, {len(issues) - resolved} open. "
            f"What each one found, newest first; the [lessons]"
            f"({relative_link(src, self.layout.lessons)}) page gathers every insight.\n"
        )
        if self.charts and issues:
            spec = KnowledgeBaseChartSpec(
                status_counts=(("open", len(issues) - resolved), ("resolved", resolved)),
                attempts_per_issue=tuple(
                    (one_line(i.title, 60), _attempt_count(i)) for i in issues
                ),
            )
            alt = (
                f"Investigations by status: {resolved} resolved, {len(issues) - resolved} open"
            )
            lines.append(self.chart(self.layout.kb_chart, spec, alt, src))
        if not issues:
            lines.append(
                '!!! info "No investigations yet"\n    Add a folder with a README.md (a living '
                "description) to the source folder.\n"
            )
        else:
            lines.append("| Investigation | Status | Versions | Attempts | Last updated | "
                         "Current understanding |")
            lines.append("|---|---|---|---|---|---|")
            for issue in issues:
                link = relative_link(src, self.layout.overview(issue))
                summary = issue.current.summary if issue.current else ""
                tags = "".join(f' <span class="mi-tag">{esc(t)}</span>' for t in issue.tags)
                # attr_list data attributes, read by assets/meta-issues.js to filter rows.
                data = (f'{{ data-mi-status="{issue.status}" '
                        f"data-mi-tags='{_json_attr(issue.tags)}' }}")
                lines.append(
                    f"| [{esc(issue.title)}]({link}){data}{tags} | {status_badge(issue)} | "
                    f"{len(issue.versions)} | {_attempt_count(issue)} | "
                    f"{issue.last_updated or '—'} | {esc(one_line(_plain(summary), 160))} |"
                )
        self.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True))

    def _lessons(self) -> None:
        src = self.layout.lessons
        lines = [front_matter("Lessons"), "# Lessons\n",
                 "Every critical insight and every DO / DON'T, with the investigation it came "
                 "from.\n"]
        for issue in self.kb.issues:
            if not issue.insights and not issue.guidance:
                continue
            overview = relative_link(src, self.layout.overview(issue))
            lines.append(f"## {esc(issue.title)}\n")
            lines.append(f"From [{esc(issue.title)}]({overview}) · {status_badge(issue)}\n")
            for position, insight in enumerate(issue.insights, start=1):
                anchor = insight_anchor(insight.number or position)
                lesson = esc(insight.lesson) if insight.lesson else "—"
                lines.append(
                    f'!!! tip "{esc_attr(insight.title)}"\n'
                    f"    {lesson}\n\n"
                    f"    [Read insight]({overview}#{anchor})\n"
                )
            do = [g for g in issue.guidance if g.kind == "do"]
            dont = [g for g in issue.guidance if g.kind == "dont"]
            if do or dont:
                lines.append('<div class="grid" markdown>\n')
                if do:
                    lines.append('!!! success "Do"\n')
                    lines.extend(f"    - {esc(g.text)}" for g in do)
                    lines.append("")
                if dont:
                    lines.append('!!! failure "Don\'t"\n')
                    lines.extend(f"    - {esc(g.text)}" for g in dont)
                    lines.append("")
                lines.append("</div>\n")
        if len(lines) == 3:
            lines.append("No insights recorded yet.\n")
        self.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True))


def problem_box(problems: list[str], limit: int = 50) -> str:
    """The box listing problems found in the source files, as Markdown ("" for none).

    Each problem is a code span, which shows its text literally: no escaping (an escaped
    quote would show as ``&#x27;``), only backticks, which would end the span, are replaced.
    """
    if not problems:
        return ""
    lines = ['!!! warning "Problems in the source files"',
             "    The knowledge base was built, but these need fixing:\n"]
    lines.extend(f"    - `{one_line(p, 300).replace('`', chr(39))}`" for p in problems[:limit])
    if len(problems) > limit:
        lines.append(f"    - … and {len(problems) - limit} more")
    return "\n".join(lines) + "\n\n"


def _json_attr(values: list[str]) -> str:
    """JSON for a single-quoted attr_list value inside a table cell."""
    text = json.dumps(values, ensure_ascii=False)
    for char in "'{}|<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def change_anchor(issue_id: str) -> str:
    """The anchor of an investigation's section on the Changes page."""
    return f"change-{slugify(issue_id)}"


def _attempt_count(issue: MetaIssue) -> int:
    """Attempts other than the baseline."""
    return sum(1 for attempt in issue.attempts if attempt.number != 0)


def attempt_anchor(number: int) -> str:
    return f"attempt-{number:03d}"


def insight_anchor(number: int) -> str:
    return f"insight-{number}"


def _plain(markdown: str) -> str:
    return re.sub(r"[*_`]", "", markdown)


def change(metric: Metric, value: float, against: float) -> str:
    """``-93%`` with a word for whether that is better, or ``n/a`` when it can't be said."""
    if against == 0:
        return "n/a"
    percent = (value - against) / abs(against) * 100
    if abs(percent) < 0.05:
        return "±0%"
    better = (percent < 0) == (metric.better == "lower")
    word = "better" if better else "worse"
    return f"{percent:+.0f}% ({word})" if abs(percent) >= 1 else f"{percent:+.1f}% ({word})"


def met(metric: Metric, value: float) -> bool | None:
    return metric.target.is_met_by(value) if metric.target else None


def target_text(metric: Metric) -> str:
    if metric.target is None:
        return "—"
    op = {"<": "&lt;", "<=": "≤", ">": "&gt;", ">=": "≥"}.get(metric.target.op, "")
    return f"{op} {esc(format_quantity(metric.target.value, metric.unit))}"


def value_text(metric: Metric, attempt: int) -> str:
    measurement = metric.values.get(attempt)
    if measurement is None:
        return "—"
    text = format_quantity(measurement.value, metric.unit)
    quantity = measurement.quantity
    if quantity.is_range:
        text += f" (range {esc(quantity.raw)})"
    elif quantity.approximate:
        text = f"≈ {text} (written {esc(quantity.raw)})"
    return esc(text) if not quantity.approximate else text


# --- one meta-issue -------------------------------------------------------------------------


class IssueRenderer:
    def __init__(self, issue: MetaIssue, parent: PageCollector,
                 neighbours: tuple[Neighbour, ...] = ()) -> None:
        self.issue = issue
        self.parent = parent
        self.neighbours = neighbours
        self.layout = parent.layout
        self.graph = LinkGraph(issue, parent.layout)  # base_path applies to mentions too

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        target = relative_link(from_src, to_src)
        return f"{target}#{anchor}" if anchor else target

    def render(self) -> None:
        self._overview()
        self._evolution()
        self._attempts_index()
        for attempt in self.issue.attempts:
            self._attempt(attempt)
        if self.issue.test_cases_doc is not None:
            self._document_page(self.layout.test_cases(self.issue), "Test cases",
                                self.issue.test_cases_doc.path,
                                self.issue.test_cases_doc.body,
                                {c.location.line: c.anchor for c in self.issue.test_cases},
                                self.issue.test_cases_doc.body_line)
        if self.issue.log_doc is not None:
            self._document_page(self.layout.log(self.issue), "Implementation log",
                                self.issue.log_doc.path, self.issue.log_doc.body,
                                {e.location.line: e.anchor for e in self.issue.log_entries},
                                self.issue.log_doc.body_line)

    # shared pieces

    def _tabs(self, current: str) -> str:
        issue, layout = self.issue, self.layout
        entries = [("Overview", layout.overview(issue)), ("Evolution", layout.evolution(issue)),
                   ("Attempts", layout.attempts_index(issue))]
        if issue.test_cases_doc is not None:
            entries.append(("Test cases", layout.test_cases(issue)))
        if issue.log_doc is not None:
            entries.append(("Implementation log", layout.log(issue)))
        parts = []
        for label, src in entries:
            if src == current:
                parts.append(f"**{label}**")
            else:
                parts.append(f"[{label}]({self.link(current, src)})")
        home = self.link(current, layout.home)
        # data-search-exclude: Material's search skips it (no crumbs in every result).
        crumbs = f'<nav class="mi-crumbs" markdown data-search-exclude>[Investigations]' \
            f'({home}) › ' \
            f'{esc(self.issue.title)} · {" · ".join(parts)}</nav>\n'
        if issue.changed:  # preview builds (compare_to): the Changes page exists then
            changes = self.link(current, layout.changes, change_anchor(issue.id))
            crumbs += (f"\n[changed in this preview]({changes})"
                       "{ .mi-badge .mi-badge--changed }\n")
        return crumbs

    def _diagnostic_banner(self, path_filter: str | None = None) -> str:
        problems = [d.format(self.parent.diagnostics_prefix) for d in self.issue.diagnostics
                    if d.level != "info"
                    and (path_filter is None or d.location.path == path_filter)]
        return problem_box(problems)

    def _attempt_link(self, from_src: str, number: int, with_title: bool = True) -> str:
        attempt = self.issue.attempt(number)
        if attempt is None:
            return f"Attempt {number:03d}"
        label = f"Attempt {attempt.code}"
        if with_title and attempt.title and attempt.title != label:
            label += f" — {esc(attempt.title)}"
        return f"[{label}]({self.link(from_src, self.layout.attempt(self.issue, number))})"

    def _version_link(self, from_src: str, number: int, with_title: bool = True) -> str:
        version = self.issue.version(number)
        if version is None:
            return f"Version {number}"
        label = f"Version {number}"
        if with_title and version.title:
            label += f" — {esc(version.title)}"
        target = self.link(from_src, self.layout.evolution(self.issue), f"version-{number}")
        return f"[{label}]({target})"

    def _metric_chart(self, from_src: str, metric: Metric, highlight: int | None) -> str:
        if not self.parent.charts:
            return ""
        points = []
        for number, measurement in metric.values.items():
            attempt = self.issue.attempt(number)
            result = attempt.result.value if attempt else "unknown"
            label = f"{number:03d} {attempt.title if attempt else ''}".strip()
            points.append(ChartPoint(label, measurement.value, result,
                                     anchor=attempt_anchor(number)))
        target = metric.target
        # One drawing per metric serves every page; each page highlights its attempt through
        # the SVG's :target, so a build draws metrics × 1 charts, not metrics × attempts.
        spec = MetricChartSpec(
            title=metric.name, unit=metric.unit, points=tuple(points), better=metric.better,
            target_op=target.op if target else None, target_value=target.value if target else None,
        )
        values = ", ".join(
            f"attempt {n:03d}: {format_quantity(m.value, metric.unit)}"
            for n, m in metric.values.items()
        )
        alt = f"{metric.name} by attempt — {values}"
        if target:
            alt += f"; target {target.op} {format_quantity(target.value, metric.unit)}"
        path = self.layout.metric_chart(self.issue, metric)
        first = next(iter(metric.values.values()))
        origin = first.location.display(self.parent.diagnostics_prefix)
        fragment = attempt_anchor(highlight) if highlight is not None else ""
        return self.parent.chart(path, spec, alt, from_src, origin, fragment, self.issue.id)

    def _data_table(self, metric: Metric, highlight: int | None = None) -> str:
        rows = [f'??? info "Data: {esc_attr(metric.name)}"',
                "    | Attempt | Value | vs baseline | Target met |",
                "    |---|---|---|---|"]
        baseline = metric.values.get(0)
        for number, measurement in metric.values.items():
            name = f"**{number:03d}**" if number == highlight else f"{number:03d}"
            delta = (change(metric, measurement.value, baseline.value)
                     if baseline and number else "—")
            rows.append(f"    | {name} | {value_text(metric, number)} | {delta} | "
                        f"{met_badge(met(metric, measurement.value))} |")
        return "\n".join(rows) + "\n"

    # pages

    def _overview(self) -> None:
        issue, layout = self.issue, self.layout
        src = layout.overview(issue)
        lines = [front_matter(issue.title, issue.tags), self._tabs(src), f"# {esc(issue.title)}\n"]
        lines.append(self._diagnostic_banner())
        if issue.readme is None:
            lines.append('!!! failure "No description"\n    This investigation has no readable '
                         "README.md yet; see the problems above.\n")
        updated = issue.last_updated or "unknown"
        kind = "success" if issue.status == "resolved" else "warning"
        heading = "Resolved" if issue.status == "resolved" else "Open"
        lines.append(f'!!! {kind} "{heading} · last updated {esc_attr(updated)}"')
        current = issue.current
        if current is not None:
            version = (f" ({self._version_link(src, current.version, False)})"
                       if current.version is not None and issue.version(current.version) else "")
            lines.append(f"    **Current understanding{version}:** "
                         f"{_indent_inline(current.summary)}\n")
            if current.root_causes:
                lines.append("    **Root causes:**\n")
                lines.extend(f"    1. {_indent_inline(c)}" for c in current.root_causes)
                lines.append("")
        winner = issue.winning_attempt
        if winner is not None:
            verb = {Result.SUCCESS: "What worked", Result.IN_PROGRESS: "Under evaluation",
                    Result.PARTIAL: "Best so far"}.get(winner.result, "Latest")
            summary = self._targets_summary(winner)
            lines.append(f"    **{verb}:** {self._attempt_link(src, winner.number)} "
                         f"{badge(winner.result)}{summary}\n")
        lines.append("")
        if issue.metrics:
            lines.append(self._key_metrics(src, winner))
        if issue.unmatched_targets:
            lines.append(self._unassigned_targets())
        lines.append(self._attempts_table(src))
        lines.append(self._similar(src))
        if issue.readme is not None:
            lines.append("## Living description\n")
            lines.append(self._linked_body(src, issue.readme.body, issue.readme.path,
                                           issue.readme.body_line, self._insight_anchors(),
                                           drop_h1=True, demote=True,
                                           contexts=self._insight_anchors().values()))
        self.parent.add_page(GeneratedPage(src, "\n".join(lines) + "\n",
                                           issue.readme.path if issue.readme else None))

    def _similar(self, src: str) -> str:
        """"Have we tried this before?": the most similar investigations, with the reason."""
        lines = []
        for other in self.neighbours:
            link = self.link(src, self.layout.overview_of(other.id))
            lines.append(f"- [{esc(other.title)}]({link}) {status_badge(other.status)} — "
                         f"{esc(other.reason)}")
        if not lines:
            return ""
        intro = ("Have we tried this before? The investigations with the most in common "
                 "with this one (shared metrics, tags and words in their theories, root "
                 "causes and lessons):\n")
        return "## Similar investigations\n\n" + intro + "\n" + "\n".join(lines) + "\n\n"

    def _search_context(self, heading: str) -> str:
        """The investigation's name inside a heading, visually hidden: search results for a
        version or an insight then say which investigation it belongs to."""
        if self.issue.title.lower() in heading.lower():
            return ""
        return f' <span class="mi-context">· {esc(self.issue.title)}</span>'

    @staticmethod
    def _toc_label(heading: str) -> str:
        """Keeps the table of contents free of the hidden context."""
        label = esc_attr(html.unescape(heading)).replace("{", "&#123;").replace("}", "&#125;")
        return f'data-toc-label="{label}"'

    def _insight_anchors(self) -> dict[int, str]:
        return {insight.location.line: insight_anchor(insight.number or position)
                for position, insight in enumerate(self.issue.insights, start=1)}

    def _targets_summary(self, attempt: Attempt) -> str:
        with_target = [m for m in self.issue.metrics
                       if m.target is not None and attempt.number in m.values]
        if not with_target:
            return ""
        hits = sum(1 for m in with_target if met(m, m.values[attempt.number].value))
        return f" — met {hits} of {len(with_target)} targets"

    def _key_metrics(self, src: str, winner: Attempt | None) -> str:
        issue = self.issue
        latest = winner.number if winner else max(
            (n for m in issue.metrics for n in m.values), default=0)
        label = f"Attempt {latest:03d}"
        lines = ["## Key metrics\n"]
        if self.parent.charts:
            lines.append(self._key_metrics_chart(src, latest))
        lines += [f"| Metric | Baseline | {label} | Change | Target | |",
                  "|---|---|---|---|---|---|"]
        for metric in issue.metrics:
            baseline = metric.values.get(0)
            current = metric.values.get(latest)
            delta = (change(metric, current.value, baseline.value)
                     if baseline and current else "—")
            verdict = met_badge(met(metric, current.value)) if current else "—"
            lines.append(f"| {esc(metric.name)} | {value_text(metric, 0)} | "
                         f"{value_text(metric, latest)} | {delta} | {target_text(metric)} | "
                         f"{verdict} |")
        lines.append("")
        if self.parent.charts:
            lines.append('<div class="grid cards mi-charts" markdown>\n')
            for metric in issue.metrics:
                lines.append(f"-   {_indent_block(self._metric_chart(src, metric, latest), 4)}")
                lines.append(f"    {_indent_block(self._data_table(metric, latest), 4)}")
            lines.append("</div>\n")
        return "\n".join(lines) + "\n"

    def _origin(self) -> str:
        """Where warnings about this investigation's own charts point: its README."""
        readme = self.issue.readme
        path = readme.path if readme else f"{self.issue.id}/README.md"
        return Location(path, 1).display(self.parent.diagnostics_prefix)

    def _unassigned_targets(self) -> str:
        """Targets whose name fits several metrics (or none): shown, never guessed."""
        lines = ['!!! note "Stated targets not tied to one metric"']
        for target in self.issue.unmatched_targets:
            wanted = target.label.casefold()
            candidates = [m.name for m in self.issue.metrics
                          if wanted in m.name.casefold() or m.name.casefold() in wanted]
            goal = esc(target.raw.removeprefix("target:").strip())
            where = (f"fits {', '.join(esc(c) for c in candidates)}; name the metric to apply it"
                     if candidates else "names no metric of the Impact Analysis")
            lines.append(f"    - **{esc(target.label)}** {goal} — {where}")
        return "\n".join(lines) + "\n"

    def _key_metrics_chart(self, src: str, latest: int) -> str:
        """One compact chart: each metric's change against the baseline, by target met."""
        rows: list[KeyMetric] = []
        for metric in self.issue.metrics:
            baseline, current = metric.values.get(0), metric.values.get(latest)
            if baseline is None or current is None or baseline.value == 0 or latest == 0:
                continue
            percent = (current.value - baseline.value) / abs(baseline.value) * 100
            rows.append(KeyMetric(metric.name, -percent if metric.better == "lower" else percent,
                                  met(metric, current.value)))
        if not rows:
            return ""
        spec = KeyMetricsSpec(f"Attempt {latest:03d} vs baseline", tuple(rows))
        alt = f"Attempt {latest:03d} against the baseline: " + "; ".join(
            f"{row.name} {abs(row.change_percent):.0f}% "
            f"{'better' if row.change_percent >= 0 else 'worse'}"
            + ("" if row.met is None else (", target met" if row.met else ", target missed"))
            for row in rows)
        return self.parent.chart(self.layout.key_metrics_chart(self.issue), spec, alt, src,
                                 self._origin(), owner=self.issue.id)

    def _attempts_table(self, src: str) -> str:
        if not self.issue.attempts:
            return ""
        lines = ["## Attempts\n", "| Attempt | Result | Tested in | Date |", "|---|---|---|---|"]
        for attempt in self.issue.attempts:
            versions = ", ".join(self._version_link(src, v, False) for v in attempt.versions)
            lines.append(f"| {self._attempt_link(src, attempt.number)} | {badge(attempt.result)} "
                         f"| {versions or '—'} | {attempt.date or '—'} |")
        return "\n".join(lines) + "\n\n"

    def _evolution(self) -> None:
        issue, layout = self.issue, self.layout
        src = layout.evolution(issue)
        title = f"Evolution of Understanding — {issue.title}"
        lines = [front_matter(title, issue.tags), self._tabs(src),
                 "# Evolution of Understanding\n",
                 f"How the understanding of *{esc(issue.title)}* changed, version by version, "
                 "and what each test showed.\n"]
        if self.parent.charts and (issue.versions or issue.log_entries):
            events = [TimelineEvent(v.date or "", f"v{v.number}", "version", v.result.value)
                      for v in issue.versions]
            events += [TimelineEvent(a.date or "", a.code, "attempt", a.result.value)
                       for a in issue.attempts]
            events += [TimelineEvent(e.date or "", one_line(e.title, 40), "log", "")
                       for e in issue.log_entries]
            dated = [e for e in events if e.date]
            if dated:
                alt = (f"Timeline of {issue.title}: " + ", ".join(
                    f"{e.label} on {e.date}" for e in dated if e.kind != "log"))
                lines.append(self.parent.chart(layout.timeline_chart(issue),
                                               TimelineSpec(issue.title, tuple(dated)), alt, src,
                                               self._origin(), owner=issue.id))
        if not issue.versions:
            lines.append('!!! info "No versions yet"\n    Add `### Version 1 (YYYY-MM-DD) - '
                         'Title` sections to the README\'s Evolution of Understanding.\n')
        for version in issue.versions:
            heading = f"Version {version.number} — {esc(version.title)}"
            lines.append(f"## {heading}{self._search_context(heading)} "
                         f"{{ #version-{version.number} {self._toc_label(heading)} }}\n")
            facts = [badge(version.result)]
            if version.date:
                facts.append(version.date)
            if version.tests:
                facts.append("tested by " + ", ".join(
                    self._attempt_link(src, n) for n in version.tests))
            lines.append(" · ".join(facts) + "\n")
            if version.theory:
                lines.append(f"**Theory:** {_indent_inline(version.theory)}\n")
            if version.evidence:
                lines.append("**Evidence:**\n")
                lines.extend(f"- {_indent_inline(e)}" for e in version.evidence)
                lines.append("")
            if version.result_text:
                lines.append(f"**Result:** {_link_mentions(esc(version.result_text), src, self)}\n")
            if version.learning:
                lines.append(f"**Learning:** {_indent_inline(version.learning)}\n")
            if version.validation:
                lines.append("**Validation:**\n")
                lines.extend(f"- {_indent_inline(v)}" for v in version.validation)
                lines.append("")
            for label, text in version.extra.items():
                lines.append(f"**{esc(label.capitalize())}:** {_indent_inline(text)}\n")
            deltas = self._version_deltas(version.tests)
            if deltas:
                lines.append(deltas)
        if issue.current is not None:
            current = issue.current
            version_note = f" (v{current.version})" if current.version is not None else ""
            lines.append(f"## Current understanding{version_note} {{ #current }}\n")
            lines.append(f"{current.summary}\n")
            if current.root_causes:
                lines.extend(f"1. {c}" for c in current.root_causes)
                lines.append("")
        self.parent.add_page(GeneratedPage(src, "\n".join(lines) + "\n",
                                           issue.readme.path if issue.readme else None))

    def _version_deltas(self, attempts: list[int]) -> str:
        metrics = [m for m in self.issue.metrics if 0 in m.values
                   and any(n in m.values for n in attempts)]
        if not metrics:
            return ""
        tested = [n for n in attempts if any(n in m.values for m in metrics)]
        header = " | ".join(f"Attempt {n:03d}" for n in tested)
        lines = [f"| Metric | Baseline | {header} | Target |",
                 "|---|---|" + "---|" * len(tested) + "---|"]
        for metric in metrics:
            baseline = metric.values[0].value
            cells = []
            for number in tested:
                measurement = metric.values.get(number)
                if measurement is None:
                    cells.append("—")
                    continue
                cells.append(f"{value_text(metric, number)} "
                             f"({change(metric, measurement.value, baseline)})")
            lines.append(f"| {esc(metric.name)} | {value_text(metric, 0)} | "
                         f"{' | '.join(cells)} | {target_text(metric)} |")
        return "\n".join(lines) + "\n"

    def _attempts_index(self) -> None:
        issue = self.issue
        src = self.layout.attempts_index(issue)
        lines = [front_matter(f"Attempts — {issue.title}", issue.tags), self._tabs(src),
                 "# Attempts\n"]
        if not issue.attempts:
            lines.append("No attempts recorded yet.\n")
        else:
            lines.append(self._attempts_table(src).replace("## Attempts\n", "", 1))
        self.parent.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None))

    def _attempt(self, attempt: Attempt) -> None:
        issue, layout = self.issue, self.layout
        src = layout.attempt(issue, attempt.number)
        title = f"Attempt {attempt.code}: {attempt.title} — {issue.title}"
        lines = [front_matter(title, issue.tags), self._tabs(src),
                 f"# Attempt {attempt.code} — {esc(attempt.title)}\n"]
        if attempt.source:
            lines.append(self._diagnostic_banner(attempt.source))
        facts = [badge(attempt.result)]
        if attempt.date:
            facts.append(attempt.date)
        if attempt.versions:
            facts.append("tested in " + ", ".join(self._version_link(src, v)
                                                   for v in attempt.versions))
        elif attempt.number == 0:
            facts.append("the baseline every attempt is measured against")
        lines.append(" · ".join(facts) + "\n")
        previous, following = self.graph.neighbours(attempt.number)
        steps = []
        if previous is not None:
            steps.append(f"[← {self._attempt_title(previous)}]"
                         f"({self.link(src, layout.attempt(issue, previous))})")
        steps.append(f"[All attempts]({self.link(src, layout.attempts_index(issue))})")
        if following is not None:
            steps.append(f"[{self._attempt_title(following)} →]"
                         f"({self.link(src, layout.attempt(issue, following))})")
        lines.append('<nav class="mi-steps" markdown data-search-exclude>'
                     + " · ".join(steps) + "</nav>\n")
        if attempt.verdict:
            lines.append(f'!!! quote "Verdict"\n    {esc(attempt.verdict)}\n')
        metrics = [m for m in issue.metrics if attempt.number in m.values]
        if metrics:
            lines.append("## Metrics\n")
            lines.append("| Metric | Value | vs baseline | vs previous | Target | |")
            lines.append("|---|---|---|---|---|---|")
            for metric in metrics:
                value = metric.values[attempt.number].value
                baseline = metric.values.get(0)
                prior = self._previous_value(metric, attempt.number)
                vs_baseline = (change(metric, value, baseline.value)
                               if baseline and attempt.number else "—")
                vs_prior = change(metric, value, prior) if prior is not None else "—"
                lines.append(
                    f"| {esc(metric.name)} | {value_text(metric, attempt.number)} | "
                    f"{vs_baseline} | {vs_prior} | {target_text(metric)} | "
                    f"{met_badge(met(metric, value))} |"
                )
            lines.append("")
            if self.parent.charts:
                lines.append('<div class="grid cards mi-charts" markdown>\n')
                for metric in metrics:
                    chart = self._metric_chart(src, metric, attempt.number)
                    lines.append(f"-   {_indent_block(chart, 4)}")
                    table = self._data_table(metric, attempt.number)
                    lines.append(f"    {_indent_block(table, 4)}")
                lines.append("</div>\n")
        elif attempt.number != 0 or not attempt.source:
            lines.append("No metrics were recorded for this attempt.\n")
        if attempt.body.strip():
            lines.append("## Details\n")
            path = attempt.source or ""
            lines.append(self._linked_body(src, attempt.body, path, attempt.location.line, {},
                                           drop_h1=True, demote=True))
        mentions = self.graph.mentions_of_attempt(attempt.number)
        if mentions:
            lines.append("## Mentioned in\n")
            for kind, title, page, anchor in mentions:
                target = self.link(src, page(issue), anchor)
                lines.append(f"- {kind}: [{esc(title)}]({target})")
            lines.append("")
        self.parent.add_page(GeneratedPage(src, "\n".join(lines) + "\n", attempt.source))

    def _attempt_title(self, number: int) -> str:
        attempt = self.issue.attempt(number)
        return f"Attempt {number:03d}" + (f" {esc(attempt.title)}" if attempt else "")

    def _previous_value(self, metric: Metric, number: int) -> float | None:
        earlier = [n for n in metric.values if n < number]
        return metric.values[max(earlier)].value if earlier else None

    def _document_page(self, src: str, heading: str, path: str, body: str,
                       anchors: dict[int, str], body_line: int) -> None:
        issue = self.issue
        lines = [front_matter(f"{heading} — {issue.title}", issue.tags), self._tabs(src)]
        lines.append(self._diagnostic_banner(path))
        has_h1 = bool(re.search(r"^# ", body, re.M))
        if not has_h1:
            lines.append(f"# {heading}\n")
        lines.append(self._linked_body(src, body, path, body_line, anchors))
        self.parent.add_page(GeneratedPage(src, "\n".join(lines) + "\n", path))

    def _linked_body(self, src: str, body: str, path: str, body_line: int,
                     anchors: dict[int, str], *, drop_h1: bool = False,
                     demote: bool = False, contexts: Iterable[str] = ()) -> str:
        """The author's Markdown with attempt/version mentions and folder links resolved.

        Headings whose anchor is in ``contexts`` also name the investigation for search.
        """
        in_context = set(contexts)
        out: list[str] = []
        dropped = False
        lines = body.split("\n")
        code, open_fence = fenced_code(lines)
        for index, line in enumerate(lines):
            if code[index]:
                out.append(line)
                continue
            heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if heading:
                level = len(heading.group(1))
                if level == 1 and drop_h1 and not dropped:
                    dropped = True
                    continue
                anchor = anchors.get(body_line + index)
                text = heading.group(2)
                if demote:
                    level = min(6, level + 1)
                suffix = f" {{ #{anchor} }}" if anchor else ""
                if anchor and anchor in in_context:
                    suffix = f" {{ #{anchor} {self._toc_label(_plain(text))} }}"
                    text += self._search_context(text)
                out.append(f"{'#' * level} {text}{suffix}")
                continue
            out.append(_link_mentions(self._rewrite_links(line, path, src), src, self))
        text = "\n".join(out).strip("\n")
        if open_fence is not None:  # close it, or it would swallow the rest of the page
            text += f"\n{open_fence}"
        return text + "\n"

    def _rewrite_links(self, line: str, source_path: str, src: str) -> str:
        """Links between files of the folder point at the generated pages instead."""

        def replace(match: re.Match[str]) -> str:
            target = match.group("target")
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
                return match.group(0)
            page = self.graph.page_for_source_link(source_path, target, self.layout)
            if page is None:
                return match.group(0)
            page_src, anchor = page
            if page_src == MISSING:
                return f"{match.group('label')} (not written yet)"
            return f"[{match.group('label')}]({self.link(src, page_src, anchor)})"

        if "](" not in line:
            return line
        # Bounded label and target: a line of 50,000 "[" must not take quadratic time.
        return re.sub(r"\[(?P<label>[^\]\[]{0,500})\]\((?P<target>[^)\s]{1,2000})\)", replace,
                      line)


_MENTION = re.compile(
    r"(?<![\[\w/#-])(?:(?P<attempt>Attempts?\s+#?(?P<anum>\d{1,4}))"
    r"|(?P<version>Version\s+(?P<vnum>\d{1,4}))"
    r"|\((?P<short>v(?P<snum>\d{1,4}))\))(?![\w\]])",
)


def _link_mentions(line: str, src: str, renderer: IssueRenderer) -> str:
    """Link "Attempt NNN", "Version N" and "(vN)" outside code spans and existing links."""
    if not re.search(r"attempt|version|\(v\d", line, re.I):
        return line
    if too_complex(line):
        return line  # shown as a code block by the sanitiser
    parts = re.split(r"(`[^`]{0,5000}`|\[[^\]\[]{0,500}\]\([^)]{0,2000}\)|<[^<>]{1,2000}>)", line)
    for index in range(0, len(parts), 2):
        parts[index] = _MENTION.sub(lambda m: _mention(m, src, renderer), parts[index])
    return "".join(parts)


def _mention(match: re.Match[str], src: str, renderer: IssueRenderer) -> str:
    issue, layout = renderer.issue, renderer.layout
    if match.group("attempt"):
        number = int(match.group("anum"))
        if issue.attempt(number) is None:
            return match.group(0)
        return f"[{match.group('attempt')}]({renderer.link(src, layout.attempt(issue, number))})"
    number = int(match.group("vnum") or match.group("snum"))
    if issue.version(number) is None:
        return match.group(0)
    target = renderer.link(src, layout.evolution(issue), f"version-{number}")
    if match.group("short"):
        return f"([{match.group('short')}]({target}))"
    return f"[{match.group('version')}]({target})"


def _indent_inline(text: str) -> str:
    return " ".join(text.split())


def _indent_block(text: str, spaces: int) -> str:
    pad = " " * spaces
    return text.strip("\n").replace("\n", "\n" + pad) + "\n"

