"""Bad and awkward meta-issue folders, one tiny site each (see /work/shared/bad-inputs.md).

A case is a mapping of project-relative paths to text or bytes, plus an optional ``prepare``
that makes what files cannot express (symbolic links, huge or binary files, long paths).
``outside`` is a folder beside the project holding a secret: nothing may ever copy it.
The expected diagnostics are the snapshot files in ``snapshots/<name>.txt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SECRET = "TOP-SECRET-4c1d9e: must never reach the site"  # noqa: S105 - a marker, not a password

BASE = """# Living Description: Slow API

**Last Updated:** 2024-10-12

## Current Understanding (v1)

A cold cache made every request slow.

## Evolution of Understanding

### Version 1 (2024-10-01) - Cold cache

**Theory:** The cache is cold after each deploy.
**Test:** Attempt 001
**Result:** ✅ Success
**Learning:** Warm the cache before switching traffic.

## Impact Analysis

### Before (Attempt 000 - Baseline)

```
- Latency: 500ms (target: <100ms)
```

### After Attempt 001 (Warm cache)

```
- Latency: 80ms
```
"""

ATTEMPT = """---
title: Warm cache
result: success
version: 1
date: 2024-10-02
---
# Attempt 001: Warm cache

Warmed the cache before the switch.
"""


def readme(**replacements: str) -> str:
    text = BASE
    for old, new in replacements.items():
        text = text.replace(old.replace("_", " "), new)
    return text


@dataclass
class Case:
    files: dict[str, str | bytes] = field(default_factory=dict)
    prepare: Callable[[Path, Path], None] | None = None  # (project root, outside folder)
    plugin_options: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    cli: bool = False  # also built by `mkdocs build` in a subprocess
    note: str = ""


def _issue(issue: str, files: dict[str, str | bytes] | None = None,
           readme_text: str | bytes | None = BASE) -> dict[str, str | bytes]:
    found: dict[str, str | bytes] = {}
    if readme_text is not None:
        found[f"meta-issues/{issue}/README.md"] = readme_text
    for name, text in (files or {}).items():
        found[f"meta-issues/{issue}/{name}"] = text
    return found


def _fm(text: str, body: str = "# Attempt\n\nBody.\n") -> str:
    return f"---\n{text}---\n{body}"


# --- generated cases ------------------------------------------------------------------------


def _large(root: Path, outside: Path) -> None:
    path = root / "meta-issues/big/attempts/001-huge.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    lorem = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 18 + b"\n"
    with path.open("wb") as handle:
        handle.write(b"---\ntitle: Huge\nresult: success\nversion: 1\n---\n# Attempt 001\n\n")
        handle.write(lorem * (10_500_000 // len(lorem)))


def _symlinks(root: Path, outside: Path) -> None:
    attempts = root / "meta-issues/links/attempts"
    attempts.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.md"
    (attempts / "002-leak.md").symlink_to(secret)
    (attempts / "003-loop").symlink_to("..")
    (attempts / "004-dangling.md").symlink_to(outside / "does-not-exist.md")
    if Path("/etc/hostname").is_file():
        (attempts / "005-hostname.md").symlink_to("/etc/hostname")
    (root / "meta-issues/outside-folder").symlink_to(outside, target_is_directory=True)
    other = root / "meta-issues/linked-readme"
    other.mkdir(parents=True)
    (other / "README.md").symlink_to(secret)
    (root / "meta-issues/links/loop").symlink_to("..", target_is_directory=True)


def _deep(root: Path, outside: Path) -> None:
    nested = root / "meta-issues/deep/attempts"
    for level in range(60):
        nested = nested / f"d{level}"
    nested.mkdir(parents=True)
    (nested / "001-buried.md").write_text("# Buried\n", encoding="utf-8")
    long_name = "l" * 250
    folder = root / "meta-issues" / long_name
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(BASE, encoding="utf-8")


def _windows(root: Path, outside: Path) -> None:
    for name in ("CON", "trailing.", "name "):
        folder = root / "meta-issues" / name
        folder.mkdir(parents=True)
        (folder / "README.md").write_text(BASE, encoding="utf-8")
    attempts = root / "meta-issues/CON/attempts"
    attempts.mkdir()
    (attempts / "aux.md").write_text("# Notes\n", encoding="utf-8")


def _canary(root: Path, outside: Path) -> None:
    path = root / "meta-issues/pytag/attempts/001-tag.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    canary = outside / "canary"
    path.write_text(
        f'---\nx: !!python/object/apply:os.system ["touch {canary}"]\n---\n# Attempt 001\n',
        encoding="utf-8",
    )


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 64

_BOMB = "---\na: &a [" + ", ".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
) + "---\n# Attempt 001\n"

_XSS_README = """---
title: "<img src=x onerror=alert(1)> {{ config.extra }}"
tags: ["<script>alert('tag')</script>"]
---
# <script>alert(1)</script> Hostile

## Current Understanding (v1)

Summary <script>alert(2)</script> {% raw %} [x](javascript:alert(1)) {{ config.site_name }}

## Evolution of Understanding

### Version 1 (2024-01-01) - <b onmouseover=alert(3)>bold</b>

**Theory:** <img src=x onerror=alert(3)>
**Test:** Attempt 001
**Result:** ✅ Success

[click](javascript:alert(1)) <a href="javascript:alert(1)">y</a> [z](JaVaScRiPt:alert(1))
[entity](java&#115;cript:alert(1)) ![img](data:text/html;base64,PHNjcmlwdD4=)
<iframe src="https://evil.example"></iframe><details><summary>More</summary>ok</details>

[ref]: javascript:alert(1)

## Impact Analysis

### Before (Attempt 000 - <script>t</script>)

- <img src=x onerror=alert(4)>: 50ms

### After Attempt 001 (<svg onload=alert(5)>)

- <img src=x onerror=alert(4)>: 5ms
"""

_XSS_ATTEMPT = """---
title: '<script>alert(6)</script>'
result: success
version: 1
---
# Attempt 001

<script>alert(7)</script>
<img
src=x onerror=alert(8)>
`<script>in code</script>` is fine.
"""

_REDOS = "\n".join([
    "# ReDoS",
    "",
    "-" * 100_000,
    "",
    "- Latency: " + "5" * 50_000 + "ms",
    "",
    "|" * 100_000,
    "",
    "(target: " * 10_000,
    "",
    "**" * 50_000,
    "",
    "Attempt " * 10_000,
    "",
    "[" * 10_000 + "](" * 5_000,
    "",
    "<" * 50_000,
    "",
    "- " + "a: " * 30_000,
    "",
    "x" * 200_000,
])


def _metrics(lines: list[str], before: str = "") -> str:
    return _fm("metrics:\n" + "".join(f"  {line}\n" for line in lines) + before)


CASES: dict[str, Case] = {
    # --- bytes and encoding
    "01-empty-readme": Case(_issue("empty", readme_text="")),
    "02-whitespace-attempt": Case(_issue("blank", {"attempts/001-warm.md": "\n \n\t\n"})),
    "03-bom": Case(_issue("bom", {"attempts/001-warm.md": "\ufeff" + ATTEMPT},
                          readme_text="\ufeff---\ntitle: With BOM\n---\n" + BASE)),
    "04-crlf-and-lone-cr": Case(_issue(
        "crlf",
        {"attempts/001-warm.md": ATTEMPT.replace("\n", "\r").replace(
            "result: success", "result: meh").encode()},
        readme_text=BASE.replace("\n", "\r\n").encode(),
    )),
    "05-utf16": Case(_issue("utf16", readme_text=b"\xff\xfe" + BASE.encode("utf-16-le")),
                     cli=True),
    "06-latin1": Case(_issue("latin1", {
        "attempts/001-warm.md": ATTEMPT.encode().replace(b"Warmed", b"caf\xe9 warmed")})),
    "07-binary": Case(_issue("binary", {"attempts/001-warm.md": ATTEMPT,
                                        "attempts/003-png.md": _PNG}), cli=True),
    "08-large-file": Case(_issue("big"), prepare=_large),
    # Full-size patterns through a whole build: lines too dense in markup for Python-Markdown's
    # quadratic inline pass are shown as code (LINE_TOO_COMPLEX), so the build stays fast.
    "09-redos": Case(_issue("redos", {"attempts/001-warm.md": ATTEMPT},
                            readme_text=BASE + "\n" + _REDOS)),
    # --- front matter
    "10-frontmatter-unterminated": Case(_issue("unterminated", {
        "attempts/001-warm.md": "---\nresult: success\n# Attempt 001\n\nBody.\n"})),
    "11-yaml-syntax": Case(_issue("yaml", {
        "attempts/001-warm.md": _fm("title: Foo: bar: baz\nresult: success\n")})),
    "12-yaml-tab": Case(_issue("tab", {
        "attempts/001-warm.md": _fm("title: Tab\n\tresult: failed\n")})),
    "13-frontmatter-not-mapping": Case(_issue("not-mapping", {
        "attempts/001-warm.md": _fm("- a\n- b\n"),
        "test-cases.md": _fm("just a sentence\n", "# Test cases\n"),
    })),
    "14-duplicate-keys": Case(_issue("dupkeys", {
        "attempts/001-warm.md": _fm("result: failed\nversion: 1\nresult: success\n")})),
    "15-yaml-coercions": Case(_issue("coerce", {
        "attempts/001-warm.md": _fm("status: no\nversion: 1.10\n"),
        "attempts/002-octal.md": _fm("number: 017\nversion: 1\nresult: failed\n"),
        "attempts/setup.md": _fm("number: 017\nversion: 1\nresult: failed\n"),
        "test-cases.md": _fm("date: 1:30\n", "# Test cases\n"),
    }, readme_text=BASE.replace("Attempt 001", "Attempts 001, 002, 015"))),
    "16-yaml-value": Case(_issue("values", {
        "attempts/001-warm.md": _fm("title: Feb\ndate: 2024-02-30\n"),
        "attempts/002-hour.md": _fm("title: Hour\nversion: 1\nt: 2024-01-01 25:00:00\n"),
    })),
    "17-python-tag": Case(_issue("pytag"), prepare=_canary, cli=True),
    "18-alias-bomb": Case(_issue("bomb", {"attempts/001-warm.md": _BOMB})),
    "19-unknown-keys": Case(_issue("typos", {
        "attempts/001-warm.md": _fm("stauts: failed\nbefor: {latency: 5ms}\nversion: 1\n"
                                    "owner: sam\n")})),
    "20-bad-status": Case(_issue("status", {
        "attempts/001-warm.md": _fm("status: Failed\nversion: 1\n"),
        "attempts/002-done.md": _fm("status: done\nversion: 1\n"),
        "attempts/003-null.md": _fm("status:\nversion: 1\n"),
        "attempts/004-maybe.md": _fm("status: maybe\nversion: 1\n"),
        "attempts/005-list.md": _fm("status: [a, b]\nversion: 1\n"),
    })),
    # --- structure and cross-references
    "21-duplicate-attempt": Case(_issue("dup", {
        "attempts/001-cache.md": ATTEMPT, "attempts/001-index.md": ATTEMPT})),
    "22-gaps-and-names": Case(_issue("gaps", {
        "attempts/001-a.md": _fm("version: 1\n"), "attempts/002-b.md": _fm("version: 1\n"),
        "attempts/005-e.md": _fm("version: 1\n"), "attempts/final.md": "# Final\n",
        "attempts/notes.txt": "not markdown\n"})),
    "23-unknown-version": Case(_issue("badver", {
        "attempts/001-warm.md": _fm("version: 1\n"),
        "attempts/002-seven.md": _fm("version: 7\nresult: failed\n")})),
    "24-missing-readme": Case(_issue("noreadme", {"attempts/001-warm.md": ATTEMPT},
                                     readme_text=None)),
    "25-missing-optional-files": Case(_issue("clean", {"attempts/001-warm.md": ATTEMPT})),
    "26-broken-links": Case(
        _issue("links", readme_text=BASE + "\nSee [other](../other-issue/README.md#nope) and "
               "[x](attempts/099.md) and [y](../../../../etc/passwd).\n"),
        config={"validation": {"links": {"anchors": "warn"}}},
    ),
    # --- paths, names and the file system
    "27-url-metacharacters": Case({
        **_issue("slow login #2 (50%)?"), **_issue("escape-+ #%20[]")}),
    "28-unicode-bidi": Case(
        {**_issue("問題-🚀", readme_text=BASE.replace(
            "Slow API", "Slow \u202eIPA\u202c with zero\u200dwidth").replace(
            "Latency", "Latency 🚀")),
         **_issue("bidi\u202eevil")},
        plugin_options={"charts": True},
    ),
    "29-windows-names": Case({**_issue("Issue-1"), **_issue("issue-1")}, prepare=_windows),
    "30-deep-and-long-paths": Case(_issue("deep"), prepare=_deep),
    "31-symlinks": Case(_issue("links"), prepare=_symlinks, cli=True),
    "32-path-traversal": Case(_issue("traversal", {
        "attempts/001-warm.md": _fm(
            "version: 1\nlog: ../../../../etc/passwd\nchart_data: /etc/passwd\n"
            "data: file:///etc/passwd\nwin: C:\\Windows\\win.ini\n"
            "other: ../other-issue/../../secrets.txt\nsibling: ../../../meta-issues-secret/x\n"
            "fine: ../README.md\n")})),
    # --- metrics
    "33-units-and-separators": Case(_issue("units", {
        "attempts/001-warm.md": _metrics([
            'latency_ms: "5,200ms"', 'mem: "4.2GB"', 'hit_rate: "100%"', 't1: "1.5 s"',
            't2: "~50-100ms"', 't3: "<1ms"', 't4: "N/A"', 't5: ""', 'u: "1_000"',
            'arabic: "١٢٣"', 'wide: "１２３"', 'eu: "5.200"', 'word: "fast"'],
            "version: 1\n")})),
    "34-non-finite": Case(_issue("nonfinite", {
        "attempts/001-warm.md": _metrics(
            ["a: .nan", "b: .inf", 'c: "NaN"', "d: 1e309", 'e: "-inf"'], "version: 1\n")})),
    "35-zero-negative-huge": Case(_issue("extremes", {
        "attempts/000-baseline.md": _metrics(["Errors: 0", "Drift: -5", "Big: 1e308"]),
        "attempts/001-warm.md": _metrics(["Errors: 5", "Drift: 5", "Big: 1e308"],
                                         "version: 1\n"),
        "attempts/002-digits.md": _metrics(["Errors: " + "9" * 5000], "version: 1\n"),
    })),
    "36-unit-mismatch": Case(_issue("mismatch", {
        "attempts/000-baseline.md": _metrics(["Latency: 5200ms", "Memory: 5GB"]),
        "attempts/001-warm.md": _metrics(["Latency: 4.1s", "Memory: 80%"], "version: 1\n"),
    })),
    # --- text that reaches HTML or charts
    "37-html-and-templates": Case(
        _issue("xss", {"attempts/001-warm.md": _XSS_ATTEMPT}, readme_text=_XSS_README),
        cli=True),
    "38-chart-labels": Case(_issue("dollars", readme_text=BASE.replace(
        "Latency", "Ba$$in costs $5 and $10 $\\undefinedcmd$ $" + "{" * 200 + "$").replace(
        "Slow API", "L" + "o" * 100_000 + "ng")), plugin_options={"charts": True}),
    # --- consistency (this repository's own cases)
    "39-result-contradicts-targets": Case(_issue("contradicts", {
        "attempts/001-warm.md": _metrics(["Latency: 300ms"], "version: 1\nresult: success\n"),
        "attempts/002-fast.md": _metrics(["Latency: 20ms"], "version: 1\nresult: failed\n"),
    }, readme_text=BASE.replace("Attempt 001", "Attempts 001, 002").replace(
        "### After Attempt 001 (Warm cache)\n\n```\n- Latency: 80ms\n```\n", ""))),
    "40-attempt-without-data": Case(_issue("nodata", readme_text=BASE.replace(
        "**Test:** Attempt 001", "**Test:** Attempt 001 and Attempt 009"))),
    "41-attempt-untested": Case(_issue("untested", {
        "attempts/001-warm.md": ATTEMPT, "attempts/002-extra.md": "# Attempt 002\n\nMore.\n"})),
    "42-date-order": Case(_issue("dates", readme_text=BASE.replace(
        "## Impact Analysis", "### Version 2 (2023-01-01) - Typo year\n\n**Theory:** x\n"
        "**Result:** ❌ Failed\n\n## Impact Analysis"))),
    "43-current-unknown-version": Case(_issue("current", readme_text=BASE.replace(
        "## Current Understanding (v1)", "## Current Understanding (v4)"))),
    "44-missing-source": Case({"docs/index.md": "# Home\n"}),
    "45-stray-entries": Case({
        **_issue("fine"), "meta-issues/notes.md": "# not an issue\n",
        "meta-issues/_drafts/README.md": "", "meta-issues/.hidden/README.md": ""}),
    "46-duplicate-version": Case(_issue("dupver", readme_text=BASE.replace(
        "## Impact Analysis", "### Version 1 (2024-10-05) - Again\n\n**Result:** ❌ Failed\n\n"
        "## Impact Analysis"))),
    "47-empty-companions": Case(_issue("companions", {
        "test-cases.md": "", "implementation-log.md": "\n\n", "attempts/001-warm.md": ATTEMPT})),
    "48-many-problems-one-file": Case(_issue("many", {
        "attempts/001-warm.md": _fm(
            "result: meh\nversion: 9\nstauts: x\nmetrics:\n  Latency: fast\n",
            "# Attempt 001\n\n<script>x</script>\n\n[a](javascript:x)\n")})),
    "49-metrics-not-mapping": Case(_issue("metrics-list", {
        "attempts/001-warm.md": _fm("version: 1\nmetrics: [Latency, 5ms]\ntitle: [a, b]\n")})),
    # --- numbers whose decimal mark the file does not settle
    "50-ambiguous-numbers": Case(_issue("ambiguous", {
        "attempts/001-warm.md": _metrics(['Throughput: "18.450 rows/s"', 'Sent: "1,310 msg/s"'],
                                         "version: 1\n"),
        "attempts/002-mixed.md": _metrics(
            ['Sent: "1,310 msg/s"'], "version: 1\n"
        ).replace("Body.", "Latency fell from 4.2 s to 0,84 s."),
    }, readme_text=BASE.replace("(target: <100ms)", "(target: <1.000 ms)"))),
}


def write_case(case: Case, root: Path, outside: Path) -> None:
    """Create the case's files under ``root`` (the project) and its secret in ``outside``."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for relative, content in case.files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(content)
    if case.prepare is not None:
        case.prepare(root, outside)
