"""The last step of every generated page: its rendered HTML through one allow-list sanitiser.

The Markdown sanitiser (``markup``) already removes what it can see in the source and says
where; this pass works on what the page ends up with, whatever produced it (Markdown,
attribute lists, raw HTML, other extensions), so nothing it misses reaches a reader. It uses
nh3 (the Python binding of ammonia, an HTML5 parser-based sanitiser): tags and attributes
outside the lists below are removed, ``<script>`` and ``<style>`` with their content,
URL-bearing attributes keep only the schemes of ``safety.SAFE_SCHEMES``, and handlers, active
styles and the like go whatever their tag (``safety.attribute_problem``).
"""

from __future__ import annotations

import nh3

from .safety import SAFE_SCHEMES, attribute_problem, defang

# Everything Python-Markdown, its usual extensions and Material put into a page's content,
# and the inline SVG of Material's icons; nothing that embeds, submits or runs.
_SVG = frozenset({"svg", "path", "g", "circle", "ellipse", "line", "polygon", "polyline",
                  "rect"})
TAGS = frozenset(nh3.ALLOWED_TAGS) | _SVG | frozenset({
    "details", "summary", "input", "label", "nav", "section", "main", "img", "figure",
    "figcaption", "mark", "small", "sup", "sub",
})
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex", "style",
            "align", "width", "height"}
_SHAPE = {"d", "fill", "fill-rule", "clip-rule", "fill-opacity", "stroke", "stroke-width",
          "stroke-linecap", "stroke-linejoin", "stroke-opacity", "opacity", "transform", "cx",
          "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": {"href", "name", "target", "rel", "hreflang", "type"},
    "img": {"src", "alt", "loading", "decoding"},
    "input": {"type", "checked", "disabled", "name", "value"},
    "label": {"for"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "details": {"open"},
    "time": {"datetime"}, "ins": {"datetime", "cite"}, "del": {"datetime", "cite"},
    "q": {"cite"}, "blockquote": {"cite"},
    "svg": {"viewBox", "xmlns", "fill", "stroke", "focusable", "preserveAspectRatio",
            "version", "x", "y"},
    **{shape: _SHAPE for shape in _SVG - {"svg"}},
}


def _keep(_tag: str, name: str, value: str) -> str | None:
    return None if attribute_problem(name, value) is not None else value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_keep,
    generic_attribute_prefixes={"data-", "aria-"},
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,  # rel is the author's (Material's own links set none in content)
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """``html`` (a page's content) with only allowed tags, attributes and URL schemes.

    The parser writes text back with its entities decoded; text that reads like a handler or
    a script URL gets its entity again (no handler attribute is left for it to touch).
    """
    return defang(_CLEANER.clean(html))
