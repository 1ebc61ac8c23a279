""""Have we tried this before?": the few investigations most similar to each one.

Pure and deterministic (no MkDocs, no randomness, ties broken by id). Each investigation becomes
a sparse vector of features with TF-IDF-like weights:

- ``metric:<name>`` for every metric (names compared case- and space-insensitively),
- ``tag:<tag>`` for every tag,
- ``term:<stem>`` for the words of its title, theories, learnings, root causes, current
  understanding and insights (stop words dropped, plurals folded).

Similarity is the cosine of two vectors. Candidates come from an inverted index (feature ->
investigations): each investigation walks the postings of its heaviest features, skipping
features held by more than ``max_postings`` investigations, so the work grows with N, not N²
(docs/performance.md has the figures). The best candidates are
then scored exactly over all their features, common ones included.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import MetaIssue

METRIC_WEIGHT = 2.0  # a shared metric says more than a shared word
TAG_WEIGHT = 1.5
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'][^\W_]+)*")  # letters first, any script
_STOP_TEXT = """
a about above after again against all almost also although always am among an and any are
aren't around as at away back be became because become been before being below between both
but by can cannot could did didn't do does doesn't doing don't done down during each either
else enough even ever every few for from further get gets getting got had has have having he
her here hers him his how however i if in into is isn't it it's its itself just least less
like made make makes many may me might more most much must my near need needed needs never
new no nor not now of off often on once one only onto or other our ours out over own per
rather really same see seen seem seemed seems she should since so some still such than that
the their theirs them then there these they this those though through thus to too toward
under until up upon us use used uses using very via was wasn't way we well were what when
where whether which while who whom whose why will with within without would yet you your
two three four five six seven eight nine ten first second third last next previous
attempt attempts version versions theory theories learning learnings result results
insight insights lesson lessons issue issues investigation investigations problem problems
root cause causes caused validated understanding current baseline evidence test tests tested
target targets metric metrics measured measure measurement actually thing things something
went going time times day days week weeks lot lots instead real whole part partly only
came come comes
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Profile:
    """What similarity looks at, reduced to plain strings."""

    id: str
    title: str
    metrics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """Another investigation similar to one, with the reason in words."""

    id: str
    title: str
    score: float
    metrics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """``shares metrics: p99 latency; tags: database; terms: connection, pool``."""
        parts = []
        if self.metrics:
            parts.append("metrics: " + ", ".join(self.metrics))
        if self.tags:
            parts.append("tags: " + ", ".join(self.tags))
        if self.terms:
            parts.append("terms: " + ", ".join(self.terms))
        return "shares " + "; ".join(parts) if parts else ""


@dataclass
class _Vector:
    weights: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # feature -> text shown to readers
    norm: float = 0.0


def profile(issue: MetaIssue) -> Profile:
    """The parts of a meta-issue that say what it was about."""
    texts: list[str] = [issue.title]
    for version in issue.versions:
        texts.extend((version.title, version.theory, version.learning))
    if issue.current is not None:
        texts.append(issue.current.summary)
        texts.extend(issue.current.root_causes)
    for insight in issue.insights:
        texts.extend((insight.title, insight.lesson))
    return Profile(
        id=issue.id,
        title=issue.title,
        metrics=tuple(m.name for m in issue.metrics),
        tags=tuple(issue.tags),
        texts=tuple(t for t in texts if t),
    )


def stem(word: str) -> str:
    """Fold simple English plurals: ``connections`` -> ``connection``, ``queries`` -> ``query``."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Content words of ``text``, lowercased and stemmed, in order (repeats kept)."""
    found = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        if len(word) < 3 or word in _STOP_WORDS or word[0].isdigit():
            continue
        stemmed = stem(word)
        if stemmed not in _STOP_WORDS:
            found.append(stemmed)
    return found


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _features(item: Profile) -> tuple[Counter[str], dict[str, str]]:
    return _features_of(item.metrics, item.tags, item.texts)


# `mkdocs serve` scores every investigation again after each edit; the texts of all the others
# are the same string objects (from the parse cache), so this memo makes that cheap.
@functools.lru_cache(maxsize=1 << 13)
def _features_of(metrics: tuple[str, ...], tags: tuple[str, ...], texts: tuple[str, ...]
                 ) -> tuple[Counter[str], dict[str, str]]:
    """Feature counts and display labels; callers must not modify them (they are shared)."""
    item = Profile("", "", metrics, tags, texts)
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for name in item.metrics:
        feature = "metric:" + _key(name)
        counts[feature] = 1
        labels.setdefault(feature, name)
    for tag in item.tags:
        feature = "tag:" + _key(tag)
        counts[feature] = 1
        labels.setdefault(feature, tag)
    for text in item.texts:
        for term in terms(text):
            feature = "term:" + term
            counts[feature] += 1
            labels.setdefault(feature, term)
    return counts, labels


def _kind_weight(feature: str) -> float:
    if feature.startswith("metric:"):
        return METRIC_WEIGHT
    if feature.startswith("tag:"):
        return TAG_WEIGHT
    return 1.0


def similar(
    items: Iterable[Profile],
    *,
    limit: int = 3,
    min_score: float = 0.05,
    max_postings: int = 64,
    probes: int = 24,
    candidates: int = 12,
    max_terms: int = 4,
) -> dict[str, list[Match]]:
    """For each profile id, up to ``limit`` others with cosine similarity >= ``min_score``.

    Candidates are found through each investigation's ``probes`` heaviest features held by at
    most ``max_postings`` investigations; the best ``candidates`` of them are then scored
    exactly over all features. The work is O(N · probes · max_postings), linear in N.
    """
    profiles = sorted(items, key=lambda p: p.id)
    index = _Index.build([_features(p) for p in profiles], max_postings)
    found: dict[str, list[Match]] = {}
    for mine, vector in enumerate(index.vectors):
        shortlist = index.candidates(mine, probes, candidates)
        scored = []
        for other in shortlist:
            score = _cosine(vector, index.vectors[other])
            if score >= min_score:
                scored.append((-score, profiles[other].id, other))
        scored.sort()
        found[profiles[mine].id] = [
            _match(vector, index.vectors[other], profiles[other], -negative, max_terms)
            for negative, _, other in scored[:limit]
        ]
    return found


@dataclass
class _Index:
    """Every profile's weighted vector, and the inverted index of its uncommon features."""

    vectors: list[_Vector]
    postings: dict[str, list[int]]  # feature -> positions of the vectors holding it
    max_postings: int
    frequency: Counter[str]  # feature -> how many profiles hold it

    @classmethod
    def build(cls, extracted: list[tuple[Counter[str], dict[str, str]]],
              max_postings: int) -> _Index:
        total = len(extracted)
        frequency: Counter[str] = Counter()
        for counts, _ in extracted:
            frequency.update(counts.keys())
        vectors: list[_Vector] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for index, (counts, labels) in enumerate(extracted):
            vector = _Vector(labels=labels)
            for feature in sorted(counts):
                idf = math.log(1 + total / frequency[feature])
                weight = (1 + math.log(counts[feature])) * idf * _kind_weight(feature)
                vector.weights[feature] = weight
                if frequency[feature] <= max_postings:
                    postings[feature].append(index)
            vector.norm = math.sqrt(sum(w * w for w in vector.weights.values()))
            vectors.append(vector)
        return cls(vectors, postings, max_postings, frequency)

    def candidates(self, index: int, probes: int, limit: int) -> list[int]:
        """The ``limit`` others sharing the most weight with this vector through its ``probes``
        heaviest uncommon features: only these are then scored over all features."""
        vector = self.vectors[index]
        indexed = [(w, f) for f, w in vector.weights.items()
                   if self.frequency[f] <= self.max_postings]
        partial: dict[int, float] = defaultdict(float)
        for weight, feature in heapq.nlargest(probes, indexed):
            for other in self.postings[feature]:
                if other != index:
                    partial[other] += weight * self.vectors[other].weights[feature]
        shortlist = heapq.nlargest(limit, partial.items(),
                                   key=lambda item: (item[1], -item[0]))
        return [other for other, _ in shortlist]


def related_issues(
    issues: Sequence[MetaIssue], *, limit: int = 3, min_score: float = 0.05
) -> dict[str, list[Match]]:
    """``similar`` over the profiles of parsed meta-issues."""
    return similar([profile(i) for i in issues], limit=limit, min_score=min_score)


def _cosine(mine: _Vector, theirs: _Vector) -> float:
    if not mine.norm or not theirs.norm:
        return 0.0
    small, large = sorted((mine.weights, theirs.weights), key=len)
    dot = sum(weight * large[f] for f, weight in small.items() if f in large)
    return dot / (mine.norm * theirs.norm)


def _match(mine: _Vector, theirs: _Vector, other: Profile, score: float,
           max_terms: int) -> Match:
    shared = sorted(
        ((-weight * theirs.weights[f], f) for f, weight in mine.weights.items()
         if f in theirs.weights),
    )

    def labels(prefix: str, limit: int | None = None) -> tuple[str, ...]:
        chosen = [theirs.labels[f] for _, f in shared if f.startswith(prefix)]
        return tuple(chosen[:limit] if limit is not None else chosen)

    return Match(
        id=other.id,
        title=other.title,
        score=round(score, 6),
        metrics=labels("metric:"),
        tags=labels("tag:"),
        terms=labels("term:", max_terms),
    )
