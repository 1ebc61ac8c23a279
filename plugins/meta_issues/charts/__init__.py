"""Charts: frozen specs in, deterministic SVG out (light and dark), drawn with matplotlib.

Part of the pure core: no mkdocs, nothing from ``meta_issues`` but ``units`` (whose
``format_number`` / ``format_quantity`` format every number on a chart). Nothing here knows
where charts are kept: ``ChartDrawing`` hands each drawn chart to a sink.

Awkward data never raises: non-finite values and unparseable dates are skipped and reported in
``RenderedChart.warnings`` as ``"CODE: message"`` strings for the caller to re-log:

- ``METRIC_NOT_FINITE`` a point or target value is NaN or infinite
- ``TITLE_TRUNCATED``   a (non-compact) chart title exceeded its space and was cut
- ``TIMELINE_DATE``     an event date is not ``YYYY-MM-DD``
- ``TIMELINE_KIND``     an event kind is not version/attempt/log
- ``KB_COUNT``          a knowledge-base count is negative
- ``CHART_GLYPH``       matplotlib's font lacks a glyph (emoji, some scripts)
- ``CHART_WARNING``     any other warning matplotlib emitted while drawing
- ``CHART_FAILED``      drawing failed unexpectedly; a placeholder SVG is returned instead

matplotlib is imported lazily inside the drawing functions so importing this package is cheap.

Modules, from the bottom up:

- ``specs``       the frozen spec dataclasses, the ``ChartSpec`` union, ``RenderedChart``
- ``style``       result colours, palette ink, sizes, rcParams, cleaning and cutting of user text
- ``svg``         figure -> light SVG -> dark SVG by ink swap; warning capture, placeholder
- ``measure``     text widths from the font's metrics; user text wrapped to a width
- ``canvas``      a figure to draw on in px, and the title block
- ``key``         what each colour (and the dashed target line) means, above the data
- ``bars``        rows of horizontal bars: whole labels, values at the bars' ends, target line
- ``metric``, ``timeline``, ``key_metrics``, ``overview`` (the knowledge base): one chart each
- ``drawing``     ``render`` (any spec) and the ``ChartDrawing`` process pool

Charts are laid out by hand from measured text, 300 px wide with text of at least 12.5 px, so
a page shows them at natural size and nothing overlaps (see ``style`` and ``bars``).
"""

from .drawing import ChartDrawing, Sink, render
from .key_metrics import change_label, render_key_metrics
from .metric import render_metric_chart
from .overview import render_knowledge_base_chart
from .specs import (
    ChartPoint,
    ChartSpec,
    KeyMetric,
    KeyMetricsSpec,
    KnowledgeBaseChartSpec,
    MetricChartSpec,
    RenderedChart,
    TimelineEvent,
    TimelineSpec,
)
from .style import DARK_INK, LIGHT_INK, RESULT_COLOURS
from .timeline import render_timeline

__all__ = [
    "DARK_INK",
    "LIGHT_INK",
    "RESULT_COLOURS",
    "ChartDrawing",
    "ChartPoint",
    "ChartSpec",
    "KeyMetric",
    "KeyMetricsSpec",
    "KnowledgeBaseChartSpec",
    "MetricChartSpec",
    "RenderedChart",
    "Sink",
    "TimelineEvent",
    "TimelineSpec",
    "change_label",
    "render",
    "render_key_metrics",
    "render_knowledge_base_chart",
    "render_metric_chart",
    "render_timeline",
]
