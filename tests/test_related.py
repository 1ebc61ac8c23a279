"""Related investigations ("Have we tried this before?"): scoring, reasons, scale, rendering."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from meta_issues.site import Layout, SiteSettings, build_site
from meta_issues.site.related import Match, Profile, profile, related_issues, similar, stem, terms
from meta_issues.source import read_knowledge_base

SAMPLES = Path(__file__).resolve().parents[1] / "meta-issues"


def test_terms_drop_stop_words_and_fold_plurals() -> None:
    assert terms("The pool ran out of Connections; queries waited in the pools") == [
        "pool", "ran", "connection", "query", "waited", "pool"]
    assert stem("process") == "process"
    assert stem("analysis") == "analysis"
    assert stem("queries") == "query"
    assert terms("Attempt 003 of version 2: 100% CPU") == ["cpu"]


def test_shared_metrics_tags_and_terms_make_the_reason() -> None:
    items = [
        Profile("a", "API latency", ("P99 latency", "Memory"), ("db",),
                ("connection pool exhausted", "pool too small")),
        Profile("b", "Checkout errors", ("p99  LATENCY", "Error rate"), ("db",),
                ("connection pool leaked on the error path",)),
        Profile("c", "Search ranking", ("NDCG@10",), ("search",), ("title boost lost",)),
    ]
    found = similar(items)
    assert [m.id for m in found["a"]] == ["b"]
    match = found["a"][0]
    assert match.metrics == ("p99  LATENCY",)
    assert match.tags == ("db",)
    assert set(match.terms) == {"connection", "pool"}
    assert match.reason.startswith("shares metrics: p99  LATENCY; tags: db; terms: ")
    assert found["c"] == []  # nothing in common: no match rather than a random one


def test_scores_are_symmetric_deterministic_and_exclude_self() -> None:
    items = _synthetic(60, seed=3)
    first = similar(items, limit=5)
    shuffled = list(items)
    random.Random(1).shuffle(shuffled)  # noqa: S311 - test data
    assert similar(shuffled, limit=5) == first
    scores = {(a, m.id): m.score for a, matches in first.items() for m in matches}
    for (a, b), score in scores.items():
        assert a != b
        if (b, a) in scores:
            assert scores[(b, a)] == pytest.approx(score)
    assert all(len(matches) <= 5 for matches in first.values())
    assert all(
        [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
        for matches in first.values()
    )


def test_features_too_common_for_the_index_still_count_in_the_score() -> None:
    common = tuple(f"common{i}" for i in range(5))
    items = [Profile("a", "a", texts=("rareword", *common)),
             Profile("b", "b", texts=("rareword", *common)),
             Profile("c", "c", texts=(*common, "other"))]
    exact = similar(items, max_postings=100)
    bounded = similar(items, max_postings=2)  # only "rareword" is walked in the index
    assert exact["a"][0].id == bounded["a"][0].id == "b"
    assert bounded["a"][0].score == pytest.approx(exact["a"][0].score)


def test_empty_and_single_knowledge_bases() -> None:
    assert similar([]) == {}
    assert similar([Profile("only", "Only one", ("x",), texts=("words here",))]) == {"only": []}


def test_sample_knowledge_base_links_the_connection_investigations() -> None:
    kb = read_knowledge_base(SAMPLES)
    found = related_issues(kb.issues)
    api = found["api-latency-connection-pool"]
    assert api and api[0].id == "checkout-db-connection-leak"
    assert "P95 response time" in api[0].metrics
    assert "connection" in api[0].terms
    assert [m.id for m in found["checkout-db-connection-leak"]][:1] == [
        "api-latency-connection-pool"]
    # Search ranking shares only generic words with the others: below the threshold.
    assert all(m.score < found["checkout-db-connection-leak"][0].score
               for m in found["search-relevance-regression"])


def test_profile_reads_theories_root_causes_learnings_and_insights() -> None:
    kb = read_knowledge_base(SAMPLES)
    issue = next(i for i in kb.issues if i.id == "api-latency-connection-pool")
    text = " ".join(profile(issue).texts)
    assert "Per-request connection setup" in text  # a theory
    assert "No pool existed" in text  # a root cause
    assert "caching hid nothing" in text  # a learning
    assert "Profile under the real load" in text  # an insight's lesson


def test_overview_shows_similar_investigations_with_the_reason() -> None:
    kb = read_knowledge_base(SAMPLES)
    site = build_site(kb, SiteSettings(Layout()))
    pages = {p.src_uri: p.markdown for p in site.pages}
    overview = pages["meta-issues/api-latency-connection-pool/index.md"]
    assert "## Similar investigations" in overview
    section = overview.split("## Similar investigations", 1)[1].split("\n## ", 1)[0]
    assert "[Checkout Database Connection Leak](../checkout-db-connection-leak/index.md)" in (
        section)
    assert "shares metrics: " in section and "P95 response time" in section
    assert "terms: connection" in section


def test_home_rows_carry_status_and_tags_for_the_filter() -> None:
    kb = read_knowledge_base(SAMPLES)
    site = build_site(kb, SiteSettings(Layout()))
    home = next(p.markdown for p in site.pages if p.src_uri == "meta-issues/index.md")
    assert ("(search-relevance-regression/index.md){ data-mi-status=\"open\" "
            "data-mi-tags='[\"search\", \"relevance\", \"ranking\"]' }") in home


def _synthetic(count: int, seed: int = 0) -> list[Profile]:
    """Investigations with Zipf-distributed words, shared metric names and tags."""
    rng = random.Random(seed)  # noqa: S311 - test data
    vocabulary = [f"w{n:04d}" for n in range(3000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    metric_names = [f"metric {n}" for n in range(60)]
    tag_names = [f"tag{n}" for n in range(40)]
    items = []
    for number in range(count):
        texts = tuple(" ".join(rng.choices(vocabulary, weights, k=15)) for _ in range(10))
        items.append(Profile(
            id=f"issue-{number:04d}",
            title=" ".join(rng.choices(vocabulary, weights, k=4)),
            metrics=tuple(rng.sample(metric_names, rng.randint(2, 6))),
            tags=tuple(rng.sample(tag_names, rng.randint(0, 3))),
            texts=texts,
        ))
    return items


def test_a_thousand_investigations_each_get_their_matches() -> None:
    """Scale is measured by benchmarks/bench_hostile.py; here, what 1,000 give back."""
    items = _synthetic(1000)
    found = similar(items)
    assert len(found) == 1000
    assert all(isinstance(m, Match) for matches in found.values() for m in matches)
    assert sum(1 for matches in found.values() if matches) > 900
