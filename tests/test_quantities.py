"""The grammar of measured values (``meta_issues.source.quantities``), table-driven."""

from __future__ import annotations

import math

import pytest

from meta_issues.model import MetaIssue, NumberStyle, Quantity
from meta_issues.source import FolderInput, parse_folder
from meta_issues.source.files import FILE, Entry, SourceFile
from meta_issues.source.numerals import ambiguity, number_style
from meta_issues.source.quantities import parse_value
from meta_issues.units import (
    canonical_unit,
    convert,
    format_number,
    format_quantity,
    is_currency,
)


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("5,200ms", 5200, "ms"),
        ("4.2GB", 4.2, "GB"),
        ("100%", 100, "%"),
        ("41 min", 41, "min"),
        ("1,310 msg/s", 1310, "msg/s"),
        ("0.82", 0.82, ""),
        ("1,000,000", 1_000_000, ""),
        (".5s", 0.5, "s"),
        ("10 us", 10, "µs"),
        ("2 KiB", 2, "KiB"),
        ("3x", 3, "x"),
        ("0%", 0, "%"),
        ("-5ms", -5, "ms"),
    ],
)
def test_plain_values(raw: str, value: float, unit: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None and parsed.quantity is not None
    assert parsed.quantity.value == pytest.approx(value)
    assert parsed.quantity.unit == unit
    assert not parsed.quantity.approximate
    assert not parsed.quantity.is_range
    assert parsed.quantity.bound == ""
    assert not parsed.no_data


@pytest.mark.parametrize(
    ("raw", "value", "unit", "note"),
    [
        ("4.2GB peak", 4.2, "GB", "peak"),
        ("100% sustained", 100, "%", "sustained"),
        ("32% (timeout)", 32, "%", "(timeout)"),
        ("380ms (93% improvement) ✅", 380, "ms", "(93% improvement) ✅"),
        ("3 requests", 3, "", "requests"),
    ],
)
def test_trailing_words_are_notes_not_units(raw: str, value: float, unit: str, note: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None and parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.unit, parsed.note) == (value, unit, note)


def test_open_bound_is_approximate_at_least() -> None:
    parsed = parse_value("5+ seconds")
    assert parsed is not None and parsed.quantity is not None
    q = parsed.quantity
    assert (q.value, q.unit, q.bound, q.approximate) == (5, "s", "at_least", True)
    assert not q.is_range


@pytest.mark.parametrize(("raw", "bound"), [("<1s", "at_most"), (">2,000 msg/s", "at_least")])
def test_comparison_prefix_is_a_bound(raw: str, bound: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None and parsed.quantity is not None
    assert parsed.quantity.bound == bound
    assert parsed.quantity.approximate


@pytest.mark.parametrize("raw", ["~50-100ms", "50 - 100 ms", "100-50ms"])
def test_range_keeps_low_and_high(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None and parsed.quantity is not None
    q = parsed.quantity
    assert (q.low, q.high, q.unit) == (50, 100, "ms")
    assert q.is_range and q.approximate
    assert q.value == 75


@pytest.mark.parametrize("raw", ["≈ 2.5 s", "about 5 s", "~5s"])
def test_approximate_prefixes(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None and parsed.quantity is not None
    assert parsed.quantity.approximate
    assert parsed.quantity.unit == "s"
    assert parsed.quantity.bound == ""


@pytest.mark.parametrize("raw", ["N/A", "", "  ", "n/a", "-", "TBD", "**N/A**"])
def test_no_data(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None
    assert parsed.no_data
    assert parsed.quantity is None


@pytest.mark.parametrize(
    "raw",
    ["fast", "1_000", "１２３", "1e309", "nan", "inf", "5,20", "1.2.3", "1,0000", "-1e309 ms"],
)
def test_rejected(raw: str) -> None:
    assert parse_value(raw) is None


def test_exponent_is_accepted_when_finite() -> None:
    parsed = parse_value("1e5")
    assert parsed is not None and parsed.quantity is not None
    assert parsed.quantity.value == 100_000


def test_glued_unknown_word_is_a_unit() -> None:
    parsed = parse_value("12req")
    assert parsed is not None and parsed.quantity is not None
    assert parsed.quantity.unit == "req"


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.5, "s", "ms", 1500),
        (620, "ms", "s", 0.62),
        (41, "min", "s", 2460),
        (280, "MB", "GB", 0.28),
        (1, "KB", "B", 1000),  # decimal
        (1, "KiB", "B", 1024),  # binary
        (1, "KiB", "KB", 1.024),
        (1, "GiB", "MiB", 1024),
        (5, "msg/s", "msg/s", 5),
        (3, "", "", 3),
    ],
)
def test_convert(value: float, src: str, dst: str, expected: float) -> None:
    result = convert(value, src, dst)
    assert result is not None
    assert result == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("src", "dst"),
    [("s", "GB"), ("", "%"), ("%", "ms"), ("msg/s", "docs/s"), ("MB", "ms"), ("x", "")],
)
def test_convert_incompatible(src: str, dst: str) -> None:
    assert convert(1.0, src, dst) is None


def test_canonical_unit() -> None:
    assert canonical_unit("Seconds") == "s"
    assert canonical_unit("msec") == "ms"
    assert canonical_unit("gb") == "GB"
    assert canonical_unit("furlongs") is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5200, "5,200"),
        (5200.0, "5,200"),
        (0.28, "0.28"),
        (1.5, "1.5"),
        (0.512, "0.512"),
        (1234.5678, "1,234.6"),
        (2 / 3, "0.667"),
        (-3.25, "-3.25"),
        (100.0, "100"),
        (0, "0"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_number_non_finite() -> None:
    assert format_number(math.inf) == "inf"
    assert format_number(math.nan) == "nan"


def test_format_number_keeps_small_values_non_zero() -> None:
    assert format_number(0.0001) == "0.0001"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (5200, "ms", "5,200 ms"),
        (41, "%", "41%"),
        (0.82, "", "0.82"),
        (1.5, "s", "1.5 s"),
        (1310, "msg/s", "1,310 msg/s"),
    ],
)
def test_format_quantity(value: float, unit: str, text: str) -> None:
    assert format_quantity(value, unit) == text


# --- what real teams write (issue 15) ----------------------------------------------------------

POINT_DOC = NumberStyle(points=4, point_example="'4.2' on line 3")
COMMA_DOC = NumberStyle(commas=4, comma_example="'4,2' on line 3")
NO_EVIDENCE = NumberStyle()
MIXED_DOC = NumberStyle(points=1, commas=1, point_example="'4.2' on line 3",
                        comma_example="'0,84' on line 9")


def read(raw: str, numbers: NumberStyle = NO_EVIDENCE) -> Quantity:
    parsed = parse_value(raw, numbers)
    assert parsed is not None and parsed.quantity is not None, (raw, parsed)
    return parsed.quantity


@pytest.mark.parametrize(
    ("raw", "value", "unit", "note"),
    [
        ("318k tok/s", 318_000, "tok/s", ""),
        ("1.2M rows", 1_200_000, "", "rows"),
        ("5 M rows", 5_000_000, "", "rows"),
        ("12K", 12_000, "", ""),
        ("2bn", 2e9, "", ""),
        ("USD 12k", 12_000, "USD", ""),
        ("12k€", 12_000, "EUR", ""),
        ("4.2MB", 4.2, "MB", ""),  # M then B is megabytes, not a million bytes
        ("4.2 MB", 4.2, "MB", ""),
        ("12kB", 12, "KB", ""),
        ("5ms", 5, "ms", ""),
        ("41 min", 41, "min", ""),
        ("48m", 48, "min", ""),  # m is minutes, M a million
        ("3 Mbps", 3, "", "Mbps"),  # a word after a space is a note unless it is a known unit
        ("3Mbps", 3, "Mbps", ""),
    ],
)
def test_magnitude_suffixes(raw: str, value: float, unit: str, note: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None and parsed.quantity is not None
    assert parsed.quantity.value == pytest.approx(value)
    assert (parsed.quantity.unit, parsed.note) == (unit, note)


def test_approximate_magnitude() -> None:
    q = read("≈ 61k rows/s")
    assert (q.value, q.unit, q.approximate) == (61_000, "rows/s", True)


@pytest.mark.parametrize(
    ("raw", "numbers", "value", "unit"),
    [
        # A document that writes decimal commas
        ("4,2 s", COMMA_DOC, 4.2, "s"),
        ("0,84 €", COMMA_DOC, 0.84, "EUR"),
        ("1.234,5", COMMA_DOC, 1234.5, ""),
        ("18.450 rows/s", COMMA_DOC, 18_450, "rows/s"),
        ("50.000 rows/s", COMMA_DOC, 50_000, "rows/s"),
        ("~9.800/min", COMMA_DOC, 9_800, "/min"),
        ("1,310 msg/s", COMMA_DOC, 1.31, "msg/s"),
        ("1.234.567", COMMA_DOC, 1_234_567, ""),
        ("1,2M", COMMA_DOC, 1_200_000, ""),
        ("1,2 Mio. Zeilen", COMMA_DOC, 1_200_000, ""),
        ("0,125", COMMA_DOC, 0.125, ""),
        ("1234,567", COMMA_DOC, 1234.567, ""),
        # Forms with a single reading read the same in any document
        ("1,234.5", COMMA_DOC, 1234.5, ""),
        ("4.2 s", COMMA_DOC, 4.2, "s"),
        ("1,234,567", COMMA_DOC, 1_234_567, ""),
        # A document that writes decimal points
        ("1,310 msg/s", POINT_DOC, 1310, "msg/s"),
        ("4.2 s", POINT_DOC, 4.2, "s"),
        ("1,234.5", POINT_DOC, 1234.5, ""),
        ("0.84", POINT_DOC, 0.84, ""),
        ("1.234 s", POINT_DOC, 1.234, "s"),
        ("18.450 rows/s", POINT_DOC, 18.45, "rows/s"),
        ("1.234,5", POINT_DOC, 1234.5, ""),
        ("5,20", POINT_DOC, 5.2, ""),  # a comma that cannot group is a decimal comma
        # No evidence either way: commas group (the contract's 1,310 msg/s)
        ("1,310 msg/s", NO_EVIDENCE, 1310, "msg/s"),
        ("5,200ms", NO_EVIDENCE, 5200, "ms"),
        ("4.2GB", NO_EVIDENCE, 4.2, "GB"),
        ("0.125", NO_EVIDENCE, 0.125, ""),
        ("1.234.567", NO_EVIDENCE, 1_234_567, ""),
        ("1.234,5", NO_EVIDENCE, 1234.5, ""),
        # Both marks in the document: what has one reading still reads
        ("4,2 s", MIXED_DOC, 4.2, "s"),
        ("4.2 s", MIXED_DOC, 4.2, "s"),
        ("1,234.5", MIXED_DOC, 1234.5, ""),
    ],
)
def test_numbers_by_the_documents_convention(
    raw: str, numbers: NumberStyle, value: float, unit: str
) -> None:
    q = read(raw, numbers)
    assert q.value == pytest.approx(value, rel=1e-12)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("raw", "numbers", "as_decimal", "as_grouped"),
    [
        ("1.234", NO_EVIDENCE, 1.234, 1234),
        ("18.450 rows/s", NO_EVIDENCE, 18.45, 18_450),
        ("≥ 50.000 rows/s", NO_EVIDENCE, 50, 50_000),
        ("~9.800/min", NO_EVIDENCE, 9.8, 9800),
        ("1,310 msg/s", MIXED_DOC, 1.31, 1310),
        ("1.234", MIXED_DOC, 1.234, 1234),
        ("120–1.500 ms", NO_EVIDENCE, 1.5, 1500),  # either end of a range
    ],
)
def test_ambiguous_numbers_are_not_read(
    raw: str, numbers: NumberStyle, as_decimal: float, as_grouped: float
) -> None:
    parsed = parse_value(raw, numbers)
    assert parsed is not None
    assert parsed.quantity is None and not parsed.no_data
    assert parsed.ambiguous is not None
    assert parsed.ambiguous.as_decimal == pytest.approx(as_decimal)
    assert parsed.ambiguous.as_grouped == as_grouped


def test_ambiguity_message_says_why_and_how_to_fix() -> None:
    parsed = parse_value("18.450 rows/s")
    assert parsed is not None and parsed.ambiguous is not None
    assert ambiguity(parsed.ambiguous, NO_EVIDENCE) == (
        "'18.450' could be 18.45 or 18450, and no other number in the file shows which "
        "decimal mark it uses; write '18450' or '18.45' to say which")
    parsed = parse_value("1.234", MIXED_DOC)
    assert parsed is not None and parsed.ambiguous is not None
    assert ambiguity(parsed.ambiguous, MIXED_DOC) == (
        "'1.234' could be 1.234 or 1234, and the file writes decimal points ('4.2' on line 3) "
        "and decimal commas ('0,84' on line 9); write '1234' or '1.2340' to say which")


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("41 h 12 min", 2472, "min"),
        ("2h40m", 160, "min"),
        ("1 h 5 min", 65, "min"),
        ("1h 30m 15s", 5415, "s"),
        ("3 min 20 s", 200, "s"),
        ("2 d 4 h", 52, "h"),
        ("5 Std 30 Minuten", 330, "min"),
        ("48m", 48, "min"),
        ("1,5 h", 1.5, "h"),
    ],
)
def test_compound_durations(raw: str, value: float, unit: str) -> None:
    q = read(raw, COMMA_DOC if "," in raw else NO_EVIDENCE)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.raw) == (unit, raw)


@pytest.mark.parametrize(
    ("raw", "note"),
    [("5 s 3 runs", "3 runs"), ("12 min 30", "30"), ("5 s 10 s", "10 s")],
)
def test_a_duration_goes_on_only_in_smaller_units(raw: str, note: str) -> None:
    # "5 s 3 runs" is not "5 s and 3 of something"; a bare number after a duration is a guess.
    assert parse_value(raw) is None, note


@pytest.mark.parametrize(
    ("raw", "numbers", "value", "unit", "before"),
    [
        ("€0.84", NO_EVIDENCE, 0.84, "EUR", True),
        ("$1.20", NO_EVIDENCE, 1.2, "USD", True),
        ("0.84 €", NO_EVIDENCE, 0.84, "EUR", False),
        ("0,84 €", COMMA_DOC, 0.84, "EUR", False),
        ("USD 12k", NO_EVIDENCE, 12_000, "USD", True),
        ("12 EUR", NO_EVIDENCE, 12, "EUR", False),
        ("5 euros", NO_EVIDENCE, 5, "EUR", False),
        ("$18,400", NO_EVIDENCE, 18_400, "USD", True),
        ("US$ 3", NO_EVIDENCE, 3, "USD", True),
        ("£7.50", NO_EVIDENCE, 7.5, "GBP", True),
        ("CHF 40", NO_EVIDENCE, 40, "CHF", True),
        ("~$5k", NO_EVIDENCE, 5_000, "USD", True),
        ("-$3.20", NO_EVIDENCE, -3.2, "USD", True),
        # A currency first: the amount in its code, per what follows it.
        ("$1.20/GB", NO_EVIDENCE, 1.2, "USD/GB", True),
        ("€12/month", NO_EVIDENCE, 12, "EUR/month", True),
        ("$0.40/min", NO_EVIDENCE, 0.4, "USD/min", True),
        ("$18,400/month", NO_EVIDENCE, 18_400, "USD/month", True),
        ("USD 12.7k/month", NO_EVIDENCE, 12_700, "USD/month", True),
        # A rate after the number is kept as written, like every "word/word" unit.
        ("0,84 €/Tag", COMMA_DOC, 0.84, "€/Tag", False),
        ("3 USD/month", NO_EVIDENCE, 3, "USD/month", False),
    ],
)
def test_currency(raw: str, numbers: NumberStyle, value: float, unit: str, before: bool) -> None:
    q = read(raw, numbers)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.unit_before) == (unit, before)


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("140/min", "/min"),
        ("3/h", "/h"),
        ("12 req/s", "req/s"),
        ("61k rows/s", "rows/s"),
        ("1,310 msg/s", "msg/s"),
        ("80 rows/sec", "rows/sec"),  # kept as written; it converts to rows/s
        ("5 req/Minute", "req/Minute"),
        ("2 deploys/wk", "deploys/wk"),
    ],
)
def test_rates(raw: str, unit: str) -> None:
    assert read(raw).unit == unit


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("n/a (diverged at 18.6k)", "(diverged at 18.6k)"),
        ("—", ""),
        ("–", ""),
        ("— (not run)", "(not run)"),
        ("N/A: OOM at step 400", "OOM at step 400"),
        ("**n/a** (skipped)", "(skipped)"),
        ("diverged", ""),
        ("diverged at step 18.6k", "at step 18.6k"),
        ("OOM", ""),
        ("k. A.", ""),
        ("not measured", ""),
    ],
)
def test_no_value_keeps_its_note(raw: str, note: str) -> None:
    parsed = parse_value(raw)
    assert parsed is not None
    assert parsed.no_data and parsed.quantity is None
    assert parsed.note == note


@pytest.mark.parametrize("raw", ["-5ms", "- 5", "nan", "NaN ms", "none5"])
def test_no_value_words_need_a_boundary(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed is None or not parsed.no_data


@pytest.mark.parametrize(
    ("raw", "low", "high", "unit"),
    [
        ("120–180 ms", 120, 180, "ms"),
        ("120 – 180 ms", 120, 180, "ms"),
        ("120—180ms", 120, 180, "ms"),
        ("120-180 ms", 120, 180, "ms"),
        ("120 to 180 ms", 120, 180, "ms"),
        ("5 bis 10 s", 5, 10, "s"),
        ("1–2k rows/s", 1000, 2000, "rows/s"),
        ("$5–8k", 5000, 8000, "USD"),
    ],
)
def test_ranges(raw: str, low: float, high: float, unit: str) -> None:
    q = read(raw)
    assert (q.low, q.high, q.unit) == (low, high, unit)
    assert q.value == (low + high) / 2 and q.approximate


@pytest.mark.parametrize(
    ("raw", "numbers", "value"),
    [("1,5–2,5 s", COMMA_DOC, 2.0), ("1.000–2.000 ms", COMMA_DOC, 1500)],
)
def test_ranges_follow_the_convention(raw: str, numbers: NumberStyle, value: float) -> None:
    assert read(raw, numbers).value == pytest.approx(value)


# --- a document's convention ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("Latenz: 4,2 s", ","),
        ("Kosten 0,84 € pro Tag", ","),
        ("1.234,5 Zeilen", ","),
        ("1.234.567 Zeilen", ","),
        ("Latency: 4.2 s", "."),
        ("0.84 per call", "."),
        ("1,234.5 rows", "."),
        ("1,234,567 rows", "."),
        ("1,310 msg/s and 18.450 rows/s", ""),  # one mark, three digits: no evidence
        ("nothing numeric here", ""),
        ("4.2 s, then 0,84 €", "mixed"),
        ("4,2 s; 0,84 €; 1.234,5; but TLS 1.3", ","),  # three to one
        ("4,2 s; 0,84 €; but TLS 1.3", "mixed"),
    ],
)
def test_number_style(text: str, decimal: str) -> None:
    assert number_style(text).decimal == decimal


@pytest.mark.parametrize(
    "text",
    [
        "Deployed 26.01.2025",  # a date
        "am 13.01. deployed",  # a day and a month
        "um 12.30 Uhr",  # a time of day
        "upgraded to v1.2 and py3.11",  # glued to a word
        "HTTP/1.1 and lr=0.5 and 10.0.0.1",  # a path, an assignment, an address
        "## 2.1 Results",  # a section number
        "```python\nrange(1,10)\nx = f(0,5)\n```",  # code with a language
    ],
)
def test_number_style_ignores_what_is_not_a_measured_number(text: str) -> None:
    assert number_style(text).decimal == ""


def test_number_style_names_its_first_examples() -> None:
    style = number_style("# T\n\nLatenz 4,2 s\nKosten 0,84 €\nTLS 1.3\n", first_line=1)
    assert (style.points, style.commas) == (1, 2)
    assert style.comma_example == "'4,2' on line 3"
    assert style.point_example == "'1.3' on line 5"


def test_fenced_metrics_without_a_language_count() -> None:
    assert number_style("```\n- Latenz: 4,2 s\n```").decimal == ","


# --- units of money and rates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (60, "req/min", "req/s", 1),
        (2, "rows/s", "rows/min", 120),
        (3, "/h", "/min", 0.05),
        (1.2, "USD/GB", "$/MB", 0.0012),
        (24, "€/Tag", "EUR/h", 1),
        (80, "rows/sec", "rows/s", 80),
        (1, "rows/Stunde", "rows/min", 1 / 60),
        (1, "year", "month", 12),
        (2, "wk", "d", 14),
    ],
)
def test_convert_rates_and_money(value: float, src: str, dst: str, expected: float) -> None:
    assert convert(value, src, dst) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("src", "dst"),
    [("USD", "EUR"), ("USD/GB", "USD"), ("EUR/month", "€/d"), ("rows/s", "msg/s"),
     ("$/GB", "€/GB")],
)
def test_convert_never_mixes_currencies_or_rates(src: str, dst: str) -> None:
    assert convert(1.0, src, dst) is None


@pytest.mark.parametrize(
    ("value", "unit", "before", "text"),
    [
        (0.84, "EUR", True, "€0.84"),
        (0.84, "EUR", False, "0.84 €"),
        (1.2, "USD", True, "$1.20"),
        (18400, "USD", True, "$18,400"),
        (12000, "USD", False, "12,000 USD"),
        (40, "CHF", True, "CHF 40"),
        (7.5, "GBP", True, "£7.50"),
        (1.2, "USD/GB", True, "$1.20/GB"),
        (18400, "USD/month", True, "$18,400/month"),
        (186.48, "€/Tag", False, "186.48 €/Tag"),
        (-3.2, "USD", True, "-$3.20"),
        (0.004, "USD", True, "$0.004"),
        (140, "/min", False, "140/min"),
        (61000, "rows/s", False, "61,000 rows/s"),
        (2472, "min", True, "2,472 min"),  # only money goes first
    ],
)
def test_format_quantity_money_and_rates(value: float, unit: str, before: bool, text: str
                                         ) -> None:
    assert format_quantity(value, unit, before) == text


def test_is_currency() -> None:
    assert is_currency("EUR") and is_currency("USD/month") and is_currency("€/Tag")
    assert not is_currency("ms") and not is_currency("") and not is_currency("/min")


# --- the reader: each file's convention, and a diagnostic instead of a guess --------------------

COMMA_README = """# Nächtlicher Import

## Impact Analysis

### Before (Attempt 000 - Baseline)

- Durchsatz: 18.450 rows/s (target: ≥ 50.000 rows/s)
- Laufzeit: 41 h 12 min
- Kosten: 0,84 €/Tag

### After Attempt 001 (Partitionierung)

- Durchsatz: ≈ 61k rows/s
- Laufzeit: 2h40m
- Kosten: 0,31 €/Tag
"""


def folder(files: dict[str, str]) -> FolderInput:
    sources = tuple(SourceFile(name, len(text.encode()), text.encode())
                    for name, text in sorted(files.items()))
    listed = tuple(Entry(s.name, FILE, s.size) for s in sources)
    return FolderInput("case", sources, listed)


def values(issue: MetaIssue, name: str) -> dict[int, float]:
    found = next(m for m in issue.metrics if m.name == name)
    return {n: m.value for n, m in found.values.items()}


def test_readme_with_decimal_commas() -> None:
    issue = parse_folder(folder({"README.md": COMMA_README}))
    assert [d.format() for d in issue.diagnostics] == []
    assert values(issue, "Durchsatz") == {0: 18_450, 1: 61_000}
    assert values(issue, "Laufzeit") == {0: 2472, 1: 160}
    assert values(issue, "Kosten") == {0: 0.84, 1: 0.31}
    throughput = next(m for m in issue.metrics if m.name == "Durchsatz")
    assert throughput.target is not None
    assert (throughput.target.op, throughput.target.value) == (">=", 50_000)


def test_attempt_file_without_evidence_follows_its_readme() -> None:
    attempt = ('---\nmetrics:\n  Durchsatz: "20.500 rows/s"\n  Laufzeit: {value: 1.5, unit: h}\n'
               "  Kosten: {value: 0.25, unit: €/Tag}\n---\n# Attempt 002\n")
    issue = parse_folder(folder({"README.md": COMMA_README, "attempts/002-more.md": attempt}))
    assert [d.format() for d in issue.diagnostics] == []
    assert values(issue, "Durchsatz")[2] == 20_500
    # YAML's own numbers are YAML's: 1.5 is one and a half, whatever the README writes.
    assert values(issue, "Laufzeit")[2] == 90
    assert values(issue, "Kosten")[2] == 0.25


def test_attempt_file_with_its_own_evidence_follows_it() -> None:
    attempt = ('---\nmetrics:\n  Durchsatz: "20.500 rows/s"\n---\n# Attempt 002\n\n'
               "Latency went from 4.2 s to 0.9 s.\n")
    issue = parse_folder(folder({"README.md": COMMA_README, "attempts/002-more.md": attempt}))
    assert values(issue, "Durchsatz")[2] == 20.5


AMBIGUOUS_README = """# Nightly import

## Impact Analysis

### Before (Attempt 000 - Baseline)

- Throughput: 18.450 rows/s (target: >50.000 rows/s)
- Errors: 12

### After Attempt 001 (Partitioning)

- Throughput: 61,000 rows/s
- Errors: 3
"""


def test_ambiguous_value_is_a_diagnostic_not_a_number() -> None:
    issue = parse_folder(folder({"README.md": AMBIGUOUS_README}))
    problems = [d.format() for d in issue.diagnostics]
    assert problems == [
        "case/README.md:7: NUMBER_AMBIGUOUS: metric 'Throughput' has value '18.450 rows/s "
        "(target: >50.000 rows/s)': "
        "'18.450' could be 18.45 or 18450, and no other number in the file shows which decimal "
        "mark it uses; write '18450' or '18.45' to say which",
        "case/README.md:7: NUMBER_AMBIGUOUS: target 'target: >50.000 rows/s': '50.000' could "
        "be 50 or 50000, and no other number in the file shows which decimal mark it uses; "
        "write '50000' or '50.0' to say which",
    ]
    assert values(issue, "Throughput") == {1: 61_000}
    throughput = next(m for m in issue.metrics if m.name == "Throughput")
    assert throughput.target is None


def test_a_decimal_elsewhere_settles_the_ambiguity() -> None:
    text = AMBIGUOUS_README.replace("- Errors: 12", "- Errors: 12\n- Latency: 4,2 s")
    issue = parse_folder(folder({"README.md": text}))
    assert [d.code for d in issue.diagnostics] == []
    assert values(issue, "Throughput") == {0: 18_450, 1: 61}  # 61,000 in a decimal-comma file


def test_currency_metric_keeps_the_authors_placement() -> None:
    text = ("# Cost\n\n## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n"
            "- Cost per run: €0.84\n\n### After Attempt 001 (Spot)\n\n- Cost per run: €0.31\n")
    issue = parse_folder(folder({"README.md": text}))
    cost = issue.metrics[0]
    assert (cost.unit, cost.unit_before) == ("EUR", True)
    assert format_quantity(cost.values[1].value, cost.unit, cost.unit_before) == "€0.31"
