"""Linear in attempts: an attempt page shows its own numbers and links to the full table.

Every value of a metric is listed once, on the overview; the attempt pages of an investigation
with 12 or 36 attempts are the same size, and none lists another attempt's value. How a site
grows from 50 to 1,000 attempts is measured by benchmarks/bench_attempts.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BuildSite, BuiltSite, default_config

METRICS = (("Latency", "ms", 5000), ("Memory", "MB", 9000))


def attempts_readme(count: int) -> str:
    """One investigation: a version per ten attempts, every attempt measured once per metric,
    each value distinct (attempt N's latency is 5000 + N ms)."""
    versions = []
    for first in range(1, count + 1, 10):
        tested = ", ".join(f"{n:03d}" for n in range(first, min(first + 10, count + 1)))
        versions.append(f"### Version {first // 10 + 1} (2024-10-01) - Batch\n\n"
                        f"**Theory:** x\n**Test:** Attempts {tested}\n**Result:** ❌ Failed\n")
    impact = []
    for number in range(count + 1):
        heading = ("### Before (Attempt 000 - Baseline)" if number == 0
                   else f"### After Attempt {number:03d} (Try {number})")
        values = "\n".join(f"- {name}: {base + number}{unit}" for name, unit, base in METRICS)
        impact.append(f"{heading}\n\n```\n{values}\n```\n")
    return ("# Many attempts\n\n## Current Understanding (v1)\n\nStill looking.\n\n"
            "## Evolution of Understanding\n\n" + "\n".join(versions)
            + "\n## Impact Analysis\n\n" + "\n".join(impact))


def _site(build_site: BuildSite, chart_cache: Path, count: int, charts: bool) -> BuiltSite:
    config = default_config(chart_cache, plugin_options={"charts": charts})
    return build_site({"meta-issues/many/README.md": attempts_readme(count)}, config=config)


@pytest.mark.parametrize("charts", [False, True], ids=["tables", "charts"])
def test_attempt_pages_do_not_grow_with_attempts(build_site: BuildSite, chart_cache: Path,
                                                 charts: bool) -> None:
    small, large = (_site(build_site, chart_cache, n, charts) for n in (12, 36))
    page = "meta-issues/many/attempts/005.md"
    sizes = [site.path(page).stat().st_size for site in (small, large)]
    # The same page but for "12 attempts" → "36 attempts" in the chart's description.
    assert abs(sizes[1] - sizes[0]) < 100, sizes
    html = large.html(page).source
    assert "5005 ms" in html or "5,005 ms" in html
    for other in (4, 6, 30):
        assert f"{5000 + other:,} ms" not in html and f"{5000 + other} ms" not in html, other


@pytest.mark.parametrize("charts", [False, True], ids=["tables", "charts"])
def test_metric_names_link_to_every_value_on_the_overview(build_site: BuildSite,
                                                          chart_cache: Path,
                                                          charts: bool) -> None:
    site = _site(build_site, chart_cache, 12, charts)
    attempt = site.html("meta-issues/many/attempts/005.md")
    links = [e.attrs["href"] for e in attempt.links() if e.text.strip() == "Latency"]
    assert links and links[0].endswith("#data-latency"), links
    overview = site.html("meta-issues/many/index.md")
    assert "data-latency" in overview.ids and "data-memory" in overview.ids
    for number in range(13):
        assert f"{5000 + number:,} ms" in overview.source


def test_many_attempts_are_summarised_with_a_hint(build_site: BuildSite,
                                                  chart_cache: Path) -> None:
    """Past 100 attempts a chart's description names the range and the extremes; a hint
    (never a warning) says so; the table still lists every value."""
    site = _site(build_site, chart_cache, 105, True)
    assert any("ATTEMPTS_SUMMARISED: 'Latency' has 106 attempts" in line
               for line in site.debugs), site.debugs
    overview = site.html("meta-issues/many/index.md")
    alts = [e.attrs["alt"] for e in overview.elements
            if e.tag == "img" and e.attrs.get("alt", "").startswith("Latency by attempt")]
    assert alts and all(re.search(r"106 attempts, from attempt 000: 5,000 ms to attempt 105",
                                  alt) for alt in alts), alts
    assert "5,050 ms" in overview.source  # in the table
