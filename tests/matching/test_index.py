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
