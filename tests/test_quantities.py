"""The grammar of measured values (``meta_issues.source.quantities``), table-driven."""

from __future__ import annotations

import math

import pytest

from meta_issues.source.quantities import parse_value
from meta_issues.units import canonical_unit, convert, format_number, format_quantity


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
