"""Regression tests for issue 11 on real 2016 news (PolNeAR) and the acceptance sample.

Each test reads its article from ../shared/data (or ../shared/samples) by name at run time;
no article text is copied here.  The tests skip with a message when ../shared is absent.
Sentences are located by a few words of the article, so the assertions name the spans and
values a fact-checker expects there.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pytest

from claims.extraction import Extraction, extract
from claims.extraction.attribution import find_attributions
from claims.extraction.segment import split_sentences
from claims.extraction.types import Attribution
from tests.conftest import SAMPLE, SHARED, shared_path
from tests.extraction.conftest import ConstantScorer

POLNEAR = SHARED / "data" / "polnear"


def _article(name: str) -> str:
    """The text of a PolNeAR article, e.g. ``dev/nyt_2016-09-19_obama-sees-...``."""
    split, stem = name.split("/", 1)
    return shared_path(POLNEAR / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")


def _sample_text() -> str:
    """The sample article without its ``date`` header line."""
    text = shared_path(SAMPLE).read_text(encoding="utf-8")
    return re.sub(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+", "", text)


@cache
def _extraction(name: str) -> Extraction:
    return extract(_article(name), scorer=ConstantScorer())


def _sentence_attributions(text: str, contains: str) -> list[Attribution]:
    sentences = split_sentences(text)
    for (s, e), atts in zip(sentences, find_attributions(text, sentences), strict=True):
        if contains in text[s:e]:
            return atts
    raise AssertionError(f"no sentence contains {contains!r}")


def _content(text: str, a: Attribution) -> str:
    assert a.content_start is not None and a.content_end is not None
    return text[a.content_start : a.content_end]


# Attributions ---------------------------------------------------------------------------

WASH_POST_TRUMP = "dev/wash-post_2016-09-21_mixed-messages-on-trump-leave-pl"
NYT_CLIMATE = "dev/nyt_2016-10-02_a-curious-plan-to-fight-climate-"
WEST_JOURNAL = "dev/west-journal_2016-09-26_popular-website-shows-bias-when-"
NYT_SHARPTON = "dev/nyt_2016-09-19_obama-sees-personal-insult-if-bl"
BB_CLINTON = "train/breitbart_2016-02-20_the-latest-hillary-clinton-tells"
BB_SARANDON = "train/breitbart_2016-03-29_liberal-oscar-winner-sarandon-no"
WASH_POST_CHARLOTTE = "dev/wash-post_2016-09-26_charlotte-struggles-to-return-to"


def test_a_role_after_the_name_is_the_speakers_role() -> None:
    text = _article(WASH_POST_TRUMP)
    (a,) = _sentence_attributions(text, "Michael Tanner, an analyst")
    assert a.speaker == "Michael Tanner"
    assert a.role == "analyst at the libertarian Cato Institute"
    text = _article(NYT_CLIMATE)
    (a,) = _sentence_attributions(text, "Phil Smith, a spokesman")
    assert (a.speaker, a.role) == ("Phil Smith", "spokesman for the United Mine Workers of America")


def test_a_name_with_a_long_appositive_before_says_is_the_speaker() -> None:
    text = _article(BB_CLINTON)
    (a,) = _sentence_attributions(text, "Dean Johnson, a 55-year-old salesman")
    assert a.speaker == "Dean Johnson"
    assert a.role == "55-year-old salesman from Sumter, South Carolina"


def test_a_quote_split_by_its_cue_gets_two_content_spans() -> None:
    text = _article(WEST_JOURNAL)
    first, second = _sentence_attributions(text, "Zero Hedge said, \u201ctrue white youth")
    assert first.speaker == second.speaker == "Zero Hedge"
    assert _content(text, first) == "On this basis"
    assert _content(text, second).startswith("true white youth unemployment is in the mid-30s")
    assert "Zero Hedge said" not in _content(text, second)


def test_an_honorific_does_not_cut_the_name_nor_a_comma_the_quote() -> None:
    text = _article(_named_article(WASH_POST_CHARLOTTE))
    (a,) = _sentence_attributions(text, "said the Rev. Peter Wherry")
    assert a.speaker == "the Rev. Peter Wherry"
    assert _content(text, a).startswith("To be frank, the city will never go back to normal")
    assert _content(text, a).endswith("and this is a good thing")


def test_a_title_before_the_name_is_the_role() -> None:
    text = _article(BB_CLINTON)
    (a,) = _sentence_attributions(text, "Dan Patrick says Sen. Ted Cruz")
    assert (a.speaker, a.role) == ("Dan Patrick", "Texas Lt. Gov.")


def test_a_quote_running_on_carries_its_speaker_to_the_next_sentence() -> None:
    text = _article(BB_CLINTON)
    sentences = split_sentences(text)
    per = find_attributions(text, sentences)
    carried = [
        (k, a)
        for k, atts in enumerate(per)
        for a in atts
        if a.cue_start is not None and not sentences[k][0] <= a.cue_start < sentences[k][1]
    ]
    assert carried
    for k, a in carried:
        s, e = sentences[k]
        assert a.content_start is not None and a.content_end is not None
        assert a.content_start < e and s < a.content_end  # the sentence is part of the quote
        assert a in per[next(j for j, (s2, e2) in enumerate(sentences) if s2 <= a.cue_start < e2)]


def test_a_relative_clause_gives_no_speaker_named_who() -> None:
    text = _article(NYT_SHARPTON)
    atts = _sentence_attributions(text, "the Rev. Al Sharpton began taking calls")
    assert all(not (a.speaker or "").lower().endswith("who") for a in atts), atts


def test_nominal_cues_make_no_attribution() -> None:
    text = _article(BB_CLINTON)
    assert _sentence_attributions(text, "Bush pinned his hopes on South Carolina") == []


def test_vote_for_is_not_a_cue() -> None:
    text = _article(BB_SARANDON)
    atts = _sentence_attributions(text, "is not sure she can vote for Hillary Clinton")
    assert all(a.cue != "vote_for" for a in atts)
    atts = [a for per in find_attributions(text, split_sentences(text)) for a in per]
    assert not any(text[a.cue_start or 0 : a.cue_end or 0].startswith("vote") for a in atts)


def test_speakers_are_noun_phrases_across_real_articles() -> None:
    """No speaker is a bare conjunction, a relative pronoun or a prepositional phrase."""
    bad = re.compile(
        r"^(?:and|or|but|who|which|that)$|^(?:of|in|on|at|for|with|by)\s|\s(?:and|or)$"
    )
    names = [WASH_POST_TRUMP, NYT_CLIMATE, WEST_JOURNAL, NYT_SHARPTON, BB_CLINTON, BB_SARANDON]
    for name in names:
        text = _article(name)
        for per in find_attributions(text, split_sentences(text)):
            for a in per:
                assert not bad.search(a.speaker or "x"), (name, a.speaker)
                assert "(" not in (a.speaker or ""), (name, a.speaker)


def test_he_or_she_resolves_to_the_one_named_person_in_reach() -> None:
    text = _article(BB_CLINTON)
    sentences = split_sentences(text)
    resolved = [
        a for per in find_attributions(text, sentences) for a in per if a.mention_start is not None
    ]
    assert resolved
    for a in resolved:
        assert text[a.mention_start : a.mention_end].lower() in ("he", "she")  # type: ignore[index]
        assert text[a.speaker_start : a.speaker_end] == a.speaker  # type: ignore[index]
        assert (a.speaker_start or 0) < (a.mention_start or 0)
    melania = [a for a in resolved if a.speaker == "Melania Trump"]
    assert melania, [a.speaker for a in resolved]


def test_the_sample_deportation_orders_claim_keeps_its_speaker_and_content() -> None:
    text = _sample_text()
    (a,) = _sentence_attributions(text, "Federal officials said some of the hundreds")
    assert a.speaker == "Federal officials"
    content = _content(text, a)
    assert content.startswith("some of the hundreds of illegal aliens arrested")
    assert content.endswith("refused to self-deport")


# Consistency checks ---------------------------------------------------------------------

NYT_OBAMA_CLIMATE = "dev/nyt_2016-09-08_obama-on-climate-change-the-tren"
USA_TODAY_DEBATES = "dev/usa-today_2016-09-23_ready-for-trump-vs-clinton-hi"
BB_COULTER = "train/breitbart_2016-05-04_ann-coulter-and-then-there-wa"


def _named_article(prefix: str) -> str:
    split, stem = prefix.split("/", 1)
    found = sorted(shared_path(POLNEAR / split / "text").glob(f"{stem}*.txt"))
    assert found, f"no PolNeAR article {prefix}* in ../shared"
    return f"{split}/{found[0].stem}"


def test_a_duration_is_not_compared_with_a_list() -> None:
    result = _extraction(_named_article(BB_COULTER))
    assert [c for c in result.checks if c.check == "stated_count_vs_listed_items"] == []


def test_a_count_and_a_list_many_sentences_apart_are_not_compared() -> None:
    result = _extraction(_named_article(USA_TODAY_DEBATES))
    for check in result.checks:
        if check.check == "stated_count_vs_listed_items":
            assert max(check.claims) - min(check.claims) <= 15, check
    assert not any("Lester Holt" in c.detail for c in result.checks)


def test_a_past_tense_is_not_a_counted_noun() -> None:
    result = _extraction(_named_article(NYT_OBAMA_CLIMATE))
    assert not any("learned" in c.detail for c in result.checks)


def test_check_numbers_match_their_detail_on_real_articles() -> None:
    for prefix in (NYT_OBAMA_CLIMATE, USA_TODAY_DEBATES, BB_COULTER):
        result = _extraction(_named_article(prefix))
        for check in result.checks:
            named = re.findall(r"\(claims? ([\d, ]+)\)\.$", check.detail)
            assert named, check.detail
            assert tuple(int(n) for n in named[0].split(", ")) == check.claims


@pytest.fixture(scope="module")
def sample() -> tuple[str, Extraction]:
    text = _sample_text()
    return text, extract(text, published=dt.date(2019, 8, 8), scorer=ConstantScorer())


def test_the_sample_whole_and_parts_framing_needs_review(sample: tuple[str, Extraction]) -> None:
    _, result = sample
    (check,) = [c for c in result.checks if c.check == "whole_and_parts_disagree_on_reason"]
    assert check.result == "needs_review"
    whole, parts = (result.claims[n - 1] for n in check.claims)
    assert "humanitarian grounds" in whole.text and "300" in whole.text
    assert "roughly 30" in parts.text and "270" in parts.text
    assert "'humanitarian'" in check.detail


def test_the_sample_check_numbers_are_the_readers(sample: tuple[str, Extraction]) -> None:
    _, result = sample
    (check,) = [c for c in result.checks if c.check == "parts_sum_to_total"]
    assert check.detail.endswith(f"(claims {check.claims[0]}, {check.claims[1]}).")
    assert "about 300" in result.claims[check.claims[0] - 1].text
    assert "270" in result.claims[check.claims[1] - 1].text


# Boilerplate and metadata ---------------------------------------------------------------

HUFF_WARREN = "dev/huff-post_2016-09-20_elizabeth-warren-hammers-wells-f"
NYT_UN = "dev/nyt_2016-09-20_examining-the-u-n-s-record-on-ur"
WASH_POST_SCOTT = "dev/wash-post_2016-09-08_virginian-could-make-history-aga"


def test_tweet_embeds_are_not_claims() -> None:
    for prefix in (HUFF_WARREN, "train/breitbart_2015-12-04_san-bernardino-terror-suspect-na"):
        name = _named_article(prefix)
        text = _article(name)
        assert "<tweet" in text
        result = _extraction(name)
        assert not any("<tweet" in c.text or "</tweet>" in c.text for c in result.claims)


def test_a_clarification_notice_is_not_a_claim() -> None:
    name = _named_article("dev/politico_2016-09-12_former-dnc-chairman-calls-for-cl")
    assert "CLARIFICATION:" in _article(name)
    assert not any("CLARIFICATION" in c.text for c in _extraction(name).claims)


def test_a_contributor_line_is_not_a_claim() -> None:
    name = _named_article(NYT_UN)
    assert "contributed reporting" in _article(name)
    assert not any("contributed reporting" in c.text for c in _extraction(name).claims)


def test_a_dateline_is_cut_from_the_claim_span() -> None:
    name = _named_article(WASH_POST_SCOTT)
    text = _article(name)
    result = _extraction(name)
    (claim,) = [c for c in result.claims if "In a tradition he has kept" in c.text]
    assert claim.text.startswith("In a tradition he has kept for 40 years")
    assert text[claim.start : claim.end] == claim.text
    assert text[: claim.start].rstrip().endswith("NEWPORT NEWS, Va. -")
    name = _named_article(BB_SARANDON)
    text = _article(name)
    (claim,) = [c for c in _extraction(name).claims if "Susan Sarandon" in c.text][:1]
    assert claim.text.startswith("Oscar-winning actress Susan Sarandon")
    assert "(AFP)" in text[max(0, claim.start - 20) : claim.start]
