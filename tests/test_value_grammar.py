"""Property tests of the value grammar: a quantity written in any supported form and in either
convention reads back to the same value and unit; no text crashes the grammar, the detection
of a document's convention, or the reader."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from meta_issues.model import NumberStyle
from meta_issues.source import FolderInput, parse_folder
from meta_issues.source.files import FILE, Entry, SourceFile
from meta_issues.source.numerals import COMMA, POINT, UNKNOWN, number_style
from meta_issues.source.quantities import parse_value
from meta_issues.units import format_quantity

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MIXED = NumberStyle(points=1, commas=1)
STYLES = st.sampled_from([POINT, COMMA, UNKNOWN, MIXED])

# canonical unit -> ways teams spell it (after the number)
SPELLINGS: dict[str, list[str]] = {
    "": [""],
    "ms": ["ms", "msec", "milliseconds"],
    "s": ["s", "sec", "seconds"],
    "min": ["min", "mins", "minutes"],
    "h": ["h", "hr", "hours"],
    "GB": ["GB", "gb"],
    "%": ["%", "percent"],
    "rows/s": ["rows/s"],
    "rows/sec": ["rows/sec"],  # a rate is kept as written
    "tok/s": ["tok/s"],
    "/min": ["/min"],
    "EUR": ["€", "euro", "EUR"],
    "USD": ["USD", "usd", "$"],
    "€/Tag": ["€/Tag"],
}


@dataclass(frozen=True)
class Written:
    text: str
    numbers: NumberStyle
    value: float
    unit: str
    unit_before: bool = False


@st.composite
def numerals(draw: st.DrawFn) -> tuple[str, NumberStyle, Decimal]:
    """A number written in a document of either convention, grouped or not."""
    decimal_mark = draw(st.sampled_from([".", ","]))
    group_mark = "," if decimal_mark == "." else "."
    whole = draw(st.integers(0, 99_999_999))
    decimals = draw(st.text("0123456789", max_size=4))
    digits = f"{whole:,}".replace(",", group_mark) if draw(st.booleans()) else str(whole)
    text = digits + (decimal_mark + decimals if decimals else "")
    style = POINT if decimal_mark == "." else COMMA
    return text, style, Decimal(f"{whole}.{decimals or '0'}")


@st.composite
def plain_quantities(draw: st.DrawFn) -> Written:
    """``18.450 rows/s``, ``1,2M``, ``≈ 61k rows/s``, ``4,2 s``, ``0.84 €``."""
    numeral, style, value = draw(numerals())
    magnitude, factor = draw(st.sampled_from([("", 1), ("k", 1000), ("M", 10**6)]))
    unit = draw(st.sampled_from(sorted(SPELLINGS)))
    spelling = draw(st.sampled_from(SPELLINGS[unit]))
    # A word glued to "k" would be a different word ("kms"); marks and slashes may touch it.
    glued_ok = spelling[:1] in ("%", "/") or (not magnitude and spelling[:1].isalpha()
                                              and len(spelling) <= 3)
    gap = draw(st.sampled_from(["", " "])) if glued_ok else " "
    prefix = draw(st.sampled_from(["", "~", "≈ ", "about "]))
    text = f"{prefix}{numeral}{magnitude}{gap if spelling else ''}{spelling}"
    return Written(text, style, float(value * factor), unit)


@st.composite
def amounts_before(draw: st.DrawFn) -> Written:
    """``€0.84``, ``$18,400``, ``USD 12k``, ``$1.20/GB``."""
    numeral, style, value = draw(numerals())
    symbol, unit = draw(st.sampled_from([("€", "EUR"), ("$", "USD"), ("USD ", "USD"),
                                          ("US$", "USD"), ("£", "GBP"), ("CHF ", "CHF")]))
    magnitude, factor = draw(st.sampled_from([("", 1), ("k", 1000)]))
    per = draw(st.sampled_from(["", "/GB", "/month", "/min"]))
    text = f"{symbol}{numeral}{magnitude}{per}"
    return Written(text, style, float(value * factor), unit + per, unit_before=True)


@st.composite
def durations(draw: st.DrawFn) -> Written:
    """``41 h 12 min``, ``2h40m``, ``1 h 5 min``, ``3 min 20 s``."""
    hours = draw(st.integers(1, 999))
    minutes = draw(st.integers(0, 59))
    hour_word = draw(st.sampled_from(["h", "hr", "hours", "Std"]))
    minute_word = draw(st.sampled_from(["min", "m", "minutes", "Minuten"]))
    gap = draw(st.sampled_from(["", " "]))
    text = f"{hours}{gap}{hour_word} {minutes}{gap}{minute_word}"
    if draw(st.booleans()):
        seconds = draw(st.integers(0, 59))
        text += f" {seconds}{gap}{draw(st.sampled_from(['s', 'sec', 'seconds']))}"
        return Written(text, UNKNOWN, hours * 3600 + minutes * 60 + seconds, "s")
    return Written(text, UNKNOWN, hours * 60 + minutes, "min")


@SETTINGS
@given(st.one_of(plain_quantities(), amounts_before(), durations()))
def test_any_written_form_reads_back(written: Written) -> None:
    parsed = parse_value(written.text, written.numbers)
    assert parsed is not None and parsed.quantity is not None, written
    quantity = parsed.quantity
    assert math.isclose(quantity.value, written.value, rel_tol=1e-12, abs_tol=1e-12), written
    assert quantity.unit == written.unit, written
    assert quantity.unit_before == written.unit_before, written
    assert parsed.note == "", written


@SETTINGS
@given(numerals(), st.sampled_from(["ms", "rows/s", "", "€"]))
def test_convention_decides_only_what_it_must(
    written: tuple[str, NumberStyle, Decimal], unit: str
) -> None:
    """Read in the other convention, a number reads the same, or is ambiguous, or was one that
    only the writer's convention explains; it is never silently another number unless its
    form is the one form the conventions disagree on (``1,234``, ``1.234``)."""
    text, style, value = written
    other = COMMA if style is POINT else POINT
    parsed = parse_value(f"{text} {unit}", other)
    marks = sum(text.count(m) for m in ".,")
    head, _, tail = text.replace(",", ".").partition(".")
    disputed = marks == 1 and len(tail) == 3 and 1 <= len(head) <= 3 and head[0] != "0"
    if parsed is not None and parsed.quantity is not None and not disputed:
        assert math.isclose(parsed.quantity.value, float(value), rel_tol=1e-12)
    mixed = parse_value(f"{text} {unit}", MIXED)
    assert mixed is not None
    if disputed:
        assert mixed.ambiguous is not None and mixed.quantity is None
    else:
        assert mixed.quantity is not None
        assert math.isclose(mixed.quantity.value, float(value), rel_tol=1e-12)


@SETTINGS
@given(
    st.integers(-(10**9), 10**9),
    st.sampled_from([1, 10, 100]),
    st.sampled_from(["", "ms", "s", "%", "GB", "rows/s", "/min", "EUR", "USD", "CHF",
                     "USD/GB", "€/Tag"]),
    st.booleans(),
)
def test_what_the_pages_show_reads_back(cents: int, scale: int, unit: str, before: bool) -> None:
    """The one formatter and the grammar agree: a number as a page shows it parses back."""
    value = cents / scale
    # A rate with a code comes from an amount written first, one with a symbol from one after.
    before = before if "/" not in unit else unit[:1].isalpha()
    shown = format_quantity(value, unit, before)
    digits = 1 if abs(value) >= 100 else 2 if abs(value) >= 1 else 3
    assume(round(value, digits) == value)
    parsed = parse_value(shown, POINT)
    assert parsed is not None and parsed.quantity is not None, shown
    assert math.isclose(parsed.quantity.value, value, rel_tol=1e-12, abs_tol=1e-12), shown
    assert parsed.quantity.unit == unit, shown


@SETTINGS
@given(st.text(max_size=80), STYLES)
def test_no_text_crashes_the_grammar(text: str, numbers: NumberStyle) -> None:
    parsed = parse_value(text, numbers)
    if parsed is None:
        return
    assert sum((parsed.no_data, parsed.ambiguous is not None, parsed.quantity is not None)) <= 1
    if parsed.quantity is not None:
        q = parsed.quantity
        assert math.isfinite(q.value)
        if q.is_range:
            assert q.low is not None and q.high is not None and q.low <= q.value <= q.high


VALUE_ALPHABET = "0123456789.,  ~≈+-–—<>%€$£kKMmhsn/a()USDEURtoe_"


@SETTINGS
@given(st.text(alphabet=st.sampled_from(VALUE_ALPHABET), max_size=30), STYLES)
def test_no_value_like_text_crashes_the_grammar(text: str, numbers: NumberStyle) -> None:
    parsed = parse_value(text, numbers)
    assert parsed is None or parsed.quantity is None or math.isfinite(parsed.quantity.value)


@SETTINGS
@given(st.text(max_size=400))
def test_no_text_crashes_the_convention_detection(text: str) -> None:
    style = number_style(text)
    assert style.points >= 0 and style.commas >= 0
    assert style.decimal in (".", ",", "", "mixed")
    assert bool(style.point_example) == (style.points > 0)
    assert bool(style.comma_example) == (style.commas > 0)


@SETTINGS
@given(st.lists(numerals(), min_size=1, max_size=12))
def test_a_documents_own_numbers_never_point_the_wrong_way(
    numbers: list[tuple[str, NumberStyle, Decimal]],
) -> None:
    """Numbers of one convention are evidence for it, or for nothing."""
    style = numbers[0][1]
    text = "\n".join(f"- Metric {i}: {n} ms" for i, (n, s, _) in enumerate(numbers)
                     if s is style)
    assert number_style(text).decimal in ("", "." if style is POINT else ",")


METRIC_LINES = [
    "- Throughput: 18.450 rows/s (target: ≥ 50.000 rows/s)",
    "- Latency: 4,2 s",
    "- Cost: 0,84 €/Tag",
    "- Cost: €0.84",
    "- Throughput: 1,310 msg/s",
    "- Latency: 4.2 s",
    "- Run time: 41 h 12 min",
    "- Tokens: 318k tok/s",
    "- Loss: n/a (diverged at 18.6k)",
    "- P95: 120–180 ms",
    "- Requests: ~9.800/min",
    "| Throughput | 18.450 rows/s | 1.234,5 | 2h40m |",
]
README_HEAD = ("# Import\n\n## Impact Analysis\n\n"
               "| Metric | Attempt 000 | Attempt 001 | Attempt 002 |\n|---|---|---|---|\n")


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(METRIC_LINES), st.text(max_size=40)), max_size=25),
       st.text(max_size=60))
def test_no_readme_or_attempt_crashes_the_reader(lines: list[str], front: str) -> None:
    readme = README_HEAD + "\n".join(lines)
    attempt = f"---\nmetrics:\n  Throughput: {front!r}\n---\n# Attempt 001\n"
    files = {"README.md": readme, "attempts/001-x.md": attempt}
    sources = tuple(SourceFile(n, len(t.encode("utf-8", "surrogatepass")),
                               t.encode("utf-8", "surrogatepass")) for n, t in files.items())
    issue = parse_folder(FolderInput("case", sources,
                                     tuple(Entry(s.name, FILE, s.size) for s in sources)))
    for metric in issue.metrics:
        assert all(math.isfinite(m.value) for m in metric.values.values())
    for diagnostic in issue.diagnostics:
        assert diagnostic.location.line >= 1
