"""Which way a metric improves, from what the author wrote, in order of how plainly it says so:

1. the target's operator (``< 1 s``);
2. an explicit marker: ``(lower is better)`` by the name, or the README's front matter
   ``better: {Restarts: lower}``;
3. the author's own words beside the values (``(worse)``, ``(2% improvement)``, ``✅``),
   against the baseline;
4. the name: counts of bad things (restarts, errors, OOMs, affected accounts, paid requests,
   cost, latency, memory…) or of good ones (throughput, success rate, MFU, hit rate, NDCG…);
5. the unit: a duration, a size or money is lower-better, work per second higher-better.

Nothing of these: ``None``, and pages say "changed" rather than guess.
"""

from __future__ import annotations

import re

from ..model import Better, Metric
from ..units import is_currency, unit_dimension

# "(lower is better)", "(↓ better)", "(higher = better)", "(weniger ist besser)".
MARKER = re.compile(
    r"\(\s*(?P<word>lower|less|smaller|fewer|higher|more|larger|bigger|greater|↓|↑"
    r"|niedriger|weniger|höher|mehr)\s*(?:is|=|:|ist)?\s*(?:better|besser)\s*\)", re.I)
_LOWER_MARKS = ("lower", "less", "smaller", "fewer", "↓", "niedriger", "weniger")
# "All five numbers are lower-is-better": one marker for every metric of a section.
SECTION_MARKER = re.compile(
    r"\b(?:all|every|each|both|alle)\b[^.\n]{0,60}?\b(?P<word>lower|less|smaller|fewer|higher"
    r"|more|larger|niedriger|weniger|höher|mehr)[- ](?:is|ist)[- ](?:better|besser)\b", re.I)

LOWER_BETTER = re.compile(
    r"time|latency|duration|lag\b|delay|memory|\bram\b|heap|cpu|usage|\bload\b|error|fail"
    r"|timeout|drop|loss|cost|spend|bill|price|size|bytes|weight|\bp\d\d|churn|miss(?!ion)"
    r"|crash|retr(?:y|ies)|backlog|queue|wait|downtime|incident|bug|flak|regress|bounce"
    r"|abandon|footprint|overhead|restart|\boom|kill|affected|exposed|leak|secret|violation"
    r"|alert|\bpages\b|ticket|complaint|escalation|toil|rollback|warning|vulnerab|\bcves?\b"
    r"|dead[- ]letter|\bdlq\b|stale|skew|spill|pause|egress|lookup|\b(?:put|get|list|api)\s+"
    r"(?:requests?|calls?)|\bcalls\b|\bqueries\b|paid|\blcp\b|\bcls\b|\binp\b|\bttfb\b"
    r"|\bfid\b|\btbt\b|cold start|fehler|kosten|dauer|laufzeit|latenz|speicher|abbr[üu]che"
    r"|ausf[äa]lle|neustarts?",
    re.I,
)
HIGHER_BETTER = re.compile(
    r"throughput|success|\bhits?\b|hit rate|reuse|ndcg|\bmrr\b|map@|accuracy|precision"
    r"|recall|\bf1\b|score|coverage|uptime|availability|satisfaction|conversion|click|\bctr\b"
    r"|\brps\b|\bqps\b|per sec|speed ?up|apdex|yield|retention|pass rate|passing|\bmfu\b"
    r"|utili[sz]ation|goodput|tokens?/s|samples?/s|savings?|headroom|durchsatz|erfolg"
    r"|trefferquote|abdeckung",
    re.I,
)
_BAD_THING = re.compile(r"error|fail|drop|loss|miss|crash|retr|restart|\boom|fehler", re.I)
_WORK_UNIT = re.compile(
    r"^(?:rows?|tok(?:en)?s?|samples?|req(?:uest)?s?|msgs?|messages?|docs?|documents?|ops"
    r"|quer(?:y|ies)|images?|frames?|tx|events?|records?|items?|jobs?|files?|pages?)/", re.I)

# A note beside a value that judges it: improvement words and ✅, regression words.
_GOOD_NOTE = re.compile(r"improve|better|faster|✅|✔|saved|savings?|gain|win\b|besser|schneller"
                        r"|verbesser", re.I)
_BAD_NOTE = re.compile(r"\bworse|regress|slower|degrad|schlechter|langsamer", re.I)


def marked(name: str) -> tuple[str, Better | None]:
    """A name without its ``(lower is better)`` marker, and what the marker says."""
    match = MARKER.search(name)
    if match is None:
        return name, None
    word = match["word"].casefold()
    better: Better = "lower" if word in _LOWER_MARKS else "higher"
    return (name[: match.start()] + name[match.end():]).strip(), better


def section_marker(text: str) -> Better | None:
    """What a sentence such as "All five numbers are lower-is-better" says, if it says it."""
    match = SECTION_MARKER.search(text)
    if match is None:
        return None
    return "lower" if match["word"].casefold() in _LOWER_MARKS else "higher"


def direction(metric: Metric, declared: Better | None) -> Better | None:
    """Which way ``metric`` improves (see the module's order); ``declared`` is the explicit
    marker, if the author wrote one."""
    target = metric.target
    if target is not None and target.op in ("<", "<="):
        return "lower"
    if target is not None and target.op in (">", ">="):
        return "higher"
    return declared or _from_notes(metric) or _from_name(metric.name) or _from_unit(metric.unit)


def _from_notes(metric: Metric) -> Better | None:
    """What the author's judgements beside the values say, when they agree."""
    baseline = metric.values.get(0)
    if baseline is None:
        return None
    votes: set[Better] = set()
    for number, measurement in metric.values.items():
        moved = measurement.value - baseline.value
        if number == 0 or moved == 0:
            continue
        good = bool(_GOOD_NOTE.search(measurement.note))
        bad = bool(_BAD_NOTE.search(measurement.note))
        if good != bad:
            votes.add("lower" if (moved < 0) == good else "higher")
    return next(iter(votes)) if len(votes) == 1 else None


def _from_name(name: str) -> Better | None:
    lower = LOWER_BETTER.search(name)
    higher = HIGHER_BETTER.search(name)
    if higher and not _BAD_THING.search(name):
        return "higher"
    if lower:
        return "lower"
    return None


def _from_unit(unit: str) -> Better | None:
    """A duration, a size or money (also money per month) is lower-better; work done per
    unit of time (``rows/s``, ``tok/s``) higher-better; anything else unknown."""
    dimension, _ = unit_dimension(unit)
    if dimension in ("time", "size") or is_currency(unit):
        return "lower"
    if _WORK_UNIT.match(unit) or dimension.endswith("/time"):
        return "higher"
    return None
