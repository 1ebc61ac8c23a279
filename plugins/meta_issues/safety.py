"""What may reach a page: one allow-list of URL schemes, and the attributes that never may.

Shared by the Markdown sanitiser (``markup``, which reports each change at its line) and the
HTML sanitiser (``sanitizer``, the last step of every generated page), so the two agree on
what is unsafe and ``lint`` reports what a build removes.
"""

from __future__ import annotations

import functools
import html
import re

# The schemes a link or an image may use (ammonia's default list, which nh3 applies too):
# none of them runs code in the page. Relative URLs and fragments have no scheme and pass.
SAFE_SCHEMES = frozenset({
    "bitcoin", "ftp", "ftps", "geo", "http", "https", "im", "irc", "ircs", "magnet", "mailto",
    "mms", "mx", "news", "nntp", "openpgp4fpr", "sip", "sms", "smsto", "ssh", "tel", "url",
    "webcal", "wtai", "xmpp",
})

# Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset({
    "action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc",
    "formaction", "href", "icon", "longdesc", "lowsrc", "manifest", "ping", "poster",
    "profile", "src", "usemap", "xlink:href",
})
# Attributes that carry a document, a script or URLs no one checks, whatever their value.
ACTIVE_ATTRIBUTES = frozenset({"srcdoc", "formaction", "action", "srcset", "xmlns:xlink"})

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# CSS that loads or runs something: url(), IE's expression() and behaviours, Firefox's
# bindings, @import; escapes and entities could spell any of them, so they go too.
_ACTIVE_STYLE = re.compile(r"url\s*\(|expression|behavior|binding|@import|javascript|"
                           r"vbscript|[\\&<>]", re.I)
_UNSAFE_ID = re.compile(r"[\"'<>&`\s\\]")


# Text that merely looks like a handler or a script URL: its '=' or ':' becomes an entity, so
# the page shows the same characters but never contains "onerror=" or "javascript:" as such.
HANDLER_TEXT = re.compile(r"(?i)\b(on[a-z]+)(\s*)=|\b(javascript|vbscript)(\s*):")


def defang(text: str) -> str:
    return HANDLER_TEXT.sub(
        lambda m: f"{m[1]}{m[2]}&#61;" if m[1] else f"{m[3]}{m[4]}&#58;", text
    )


def _compact(url: str) -> str:
    """The URL as a browser reads its scheme: entities decoded, blanks and controls gone."""
    decoded = html.unescape(url).replace("\\", "")
    return "".join(ch for ch in decoded if ch > " " and ch != "\x7f").lower()


@functools.lru_cache(maxsize=16384)
def url_scheme(url: str) -> str:
    """The URL's scheme in lower case, or ``""`` for a relative URL or a fragment."""
    if ":" not in url and "&" not in url:
        return ""  # no scheme separator in any spelling: the common case, decided at once
    compact = _compact(url)
    match = _SCHEME.match(compact)
    return match.group(1) if match else ""


def is_unsafe_url(url: str) -> bool:
    """A URL with a scheme outside ``SAFE_SCHEMES``, however spelled (entities, escapes,
    blanks, case): ``javascript:``, ``vbscript:``, ``data:`` and any other."""
    scheme = url_scheme(url)
    return bool(scheme) and scheme not in SAFE_SCHEMES


def is_unsafe_style(value: str) -> bool:
    """A ``style`` value that could load or run something (``url(``, ``expression``…)."""
    return bool(_ACTIVE_STYLE.search(re.sub(r"/\*.*?\*/", "", value, flags=re.S)))


def is_safe_id(value: str) -> bool:
    """An ``id`` a theme may print into a link without escaping it, as Material prints the
    table of contents: no quotes, markup, entities or blanks."""
    return _UNSAFE_ID.search(value) is None


def attribute_problem(name: str, value: str | None) -> str | None:
    """Why the attribute ``name="value"`` must not reach a page, or ``None`` when it may."""
    key = name.strip().lower()
    if key.startswith("on"):
        return f"event handler '{name}'"
    if key in ACTIVE_ATTRIBUTES:
        return f"attribute '{name}'"
    if value is None:
        return None
    if key in URL_ATTRIBUTES and is_unsafe_url(value):
        return f"attribute '{name}' with a {url_scheme(value)}: URL"
    if key == "style" and is_unsafe_style(value):
        return "a style that loads or runs something"
    return None
