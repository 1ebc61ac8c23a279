"""Charts: frozen specs in, deterministic SVG out (light and dark), drawn with matplotlib.

Nothing here knows where charts are kept: ``ChartDrawing`` hands each drawn chart to a sink.
"""

from .charts import (
    DARK_INK,
    LIGHT_INK,
    RESULT_COLOURS,
    ChartDrawing,
    ChartPoint,
    ChartSpec,
    KeyMetric,
    KeyMetricsSpec,
    KnowledgeBaseChartSpec,
    MetricChartSpec,
    RenderedChart,
    Sink,
    TimelineEvent,
    TimelineSpec,
    render,
    render_key_metrics,
    render_knowledge_base_chart,
    render_metric_chart,
    render_timeline,
)

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
    "render",
    "render_key_metrics",
    "render_knowledge_base_chart",
    "render_metric_chart",
    "render_timeline",
]
