"""The claim index: most similar claims, scored, growing by segments."""

from __future__ import annotations

from claims.matching import ClaimIndex, normalise, tokens

RAID = "ICE agents arrested 680 workers at seven Mississippi food processing plants."
LIBRARY = [
    (1, RAID),
    (2, "About 300 of the workers arrested in the Mississippi raids were released."),
    (3, "Police arrested 680 fans after the football final in Madrid."),
    (4, "The city council approved a new budget for harbor bridge repairs."),
]


def built(items=LIBRARY, **kw) -> ClaimIndex:
    index = ClaimIndex(**kw)
    index.add(items)
    return index


def test_it_ranks_the_same_event_first():
    hits = built().search("Immigration agents arrest 680 workers at Mississippi plants", k=3)
    assert hits[0].id == 1
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_identical_text_scores_one():
    assert built().search(RAID, k=1)[0].score == 1.0


def test_scores_lie_between_zero_and_one():
    for hit in built().search("Mississippi workers arrested released raids", k=4):
        assert 0 < hit.score <= 1


def test_it_returns_at_most_k():
    assert len(built().search("arrested workers Mississippi 680", k=2)) == 2


def test_a_text_sharing_no_word_finds_nothing():
    assert built().search("Quantum chromodynamics lattice", k=5) == []


def test_it_finds_nothing_in_an_empty_index():
    assert ClaimIndex().search(RAID) == []


def test_keep_filters_ids_and_still_fills_k():
    hits = built().search(RAID, k=2, keep=lambda i: i != 1)
    assert 1 not in [h.id for h in hits]
    assert len(hits) == 2


def test_it_grows_by_segments_without_a_rebuild():
    index = built()
    before = index.search(RAID, k=1)
    index.add([(5, "Seven Mississippi plants were raided by ICE; 680 workers were arrested.")])
    assert index.segments == 2
    assert len(index) == 5
    assert before[0].id == 1
    assert 5 in [h.id for h in index.search("680 workers arrested Mississippi plants raided", k=2)]


def test_merged_segments_rank_as_one_segment_does():
    one = built()
    many = ClaimIndex(max_segments=2)
    for item in LIBRARY:
        many.add([item])
    assert many.segments <= 2
    query = "workers arrested in Mississippi"
    assert [h.id for h in many.search(query, k=4)] == [h.id for h in one.search(query, k=4)]


def test_tweets_lose_urls_and_split_hashtags():
    text = "Raid news #IranProtests @RealOlaudah https://t.co/x pic.twitter.com/abc"
    assert "t.co" not in normalise(text)
    assert tokens(text) == ["raid", "new", "iran", "protest", "real", "olaudah"]


def _grown() -> ClaimIndex:
    """Three segments of generated-looking sentences, many sharing most of their words."""
    towns = ["Ashford", "Brookvale", "Dunmore", "Elmwood", "Harlow", "Ivydale"]
    nouns = ["workers", "residents", "homes", "patients"]
    items = [
        (i, f"In all, {100 + 37 * i} {nouns[i % 4]} were counted near {towns[i % 6]} this month.")
        for i in range(300)
    ]
    index = ClaimIndex()
    for start in (0, 120, 240):
        index.add(items[start : start + 120] if start < 240 else items[start:])
    return index


QUERIES = [
    "In all, 137 workers were counted near Ashford this month.",
    "Residents near Harlow were counted again.",
    "Nearly 700 workers were arrested in Mississippi.",
    "homes",
    "",
]


def test_searching_many_at_once_gives_the_same_scores_as_one_by_one():
    index = _grown()
    for min_score in (0.0, 0.3, 0.6):
        together = index.search_many(QUERIES, 15, min_score=min_score, chunk=2)
        for query, hits in zip(QUERIES, together, strict=True):
            alone = index.search(query, 15, min_score=min_score)
            assert [h.score for h in hits] == [h.score for h in alone], query
            assert all(type(h.score) is float for h in hits)


def test_a_minimum_score_keeps_exactly_the_hits_at_or_above_it():
    index = _grown()
    for query in QUERIES[:3]:
        everything = index.search(query, 300)
        kept = index.search(query, 300, min_score=0.5)
        assert [h.score for h in kept] == [h.score for h in everything if h.score >= 0.5]


def test_search_many_takes_term_counts_it_was_given():
    from claims.matching.text import term_counts

    index = _grown()
    text = QUERIES[0]
    assert index.search_many([term_counts(text)], 5) == index.search_many([text], 5)


def test_a_query_with_no_words_in_one_segment_is_searched_with_the_others():
    """A chunk whose last query shares no word with a segment (the segment's postings
    for it are empty) is scored like the rest: no query is lost and none fails."""
    index = ClaimIndex()
    index.add(
        [(1, "The harbour bridge will cost two billion to repair."), (2, "Bridge tolls rise.")]
    )
    index.add([(3, "Agents arrested 680 workers at seven plants."), (4, "Raids at plants.")])
    queries = ["Agents arrested workers at plants.", "The bridge repair cost."]

    together = index.search_many(queries, 5)

    assert [h.id for h in together[0]] == [h.id for h in index.search(queries[0], 5)]
    assert [h.id for h in together[1]] == [h.id for h in index.search(queries[1], 5)]
    assert together[1] and {h.id for h in together[1]} <= {1, 2}
