"""Figures about the same event and unit: agree or differ, qualifiers and parts considered."""

from __future__ import annotations

from claims.matching import compare_figures, figures_differ


def q(value, event="arrest", unit="workers", qualifier=None, kind="count", **extra):
    return {"value": value, "event": event, "unit": unit, "qualifier": qualifier, "kind": kind,
            "text": str(value), **extra}  # fmt: skip


def agree(a, b):
    found = compare_figures([a], [b])
    assert len(found) == 1, found
    return found[0].agree


def test_it_agrees_about_300_with_300():
    assert agree(q(300, "release", qualifier="about"), q(300, "release"))


def test_it_agrees_nearly_700_with_680():
    assert agree(q(700, qualifier="nearly"), q(680))


def test_it_flags_600_against_680():
    assert not agree(q(600), q(680))


def test_it_flags_600_against_nearly_700():
    assert not agree(q(600), q(700, qualifier="nearly"))


def test_it_flags_about_300_against_270_released():
    assert not agree(q(300, "release", qualifier="about"), q(270, "release"))


def test_it_flags_more_than_680_against_680():
    assert not agree(q(680, qualifier="more than"), q(680))


def test_it_agrees_at_least_680_with_680():
    assert agree(q(680, qualifier="at least"), q(680))


def test_it_flags_nearly_600_against_more_than_600_agents():
    assert not agree(q(600, "raid", "agents", "nearly"), q(600, "raid", "agents", "more than"))


def test_it_agrees_about_300_with_30_plus_270_in_the_match():
    found = compare_figures(
        [q(300, "release", qualifier="about")],
        [q(30, "release", qualifier="roughly"), q(270, "release")],
    )
    assert [(c.agree, c.match.value, c.parts) for c in found] == [(True, 300.0, (30.0, 270.0))]


def test_it_agrees_30_plus_270_in_the_query_with_about_300():
    found = compare_figures(
        [q(30, "release", qualifier="roughly"), q(270, "release")],
        [q(300, "release", qualifier="about")],
    )
    assert not figures_differ(found)
    assert any(c.agree and c.query.value == 300 for c in found)


def test_it_does_not_compare_different_events():
    assert compare_figures([q(680, "arrest")], [q(300, "release")]) == []


def test_it_does_not_compare_people_with_plants():
    assert compare_figures([q(7, "raid", "plants")], [q(600, "raid", "agents")]) == []


def test_it_treats_workers_and_aliens_as_the_same_unit():
    assert agree(q(680, unit="aliens"), q(680, unit="workers"))


def test_it_reads_680_arrests_as_an_arrest_count():
    found = compare_figures([q(680)], [q(680, event=None, unit="arrests")])
    assert [c.agree for c in found] == [True]


def test_it_ignores_figures_without_an_event_or_a_value():
    assert compare_figures([q(680, event=None)], [q(680)]) == []
    assert compare_figures([q(None, kind="vague", vague=True)], [q(680)]) == []


def test_it_does_not_compare_money_with_counts():
    assert compare_figures([q(300, "pay", None, kind="money")], [q(300, "pay", None)]) == []


def test_a_part_is_not_set_against_a_figure_another_part_already_agrees_with():
    # "about 30 released ... and 270 released" against "270 released": the 270s are the
    # same fact; the 30 has no counterpart, so nothing differs.
    found = compare_figures(
        [q(30, "release", qualifier="about"), q(270, "release")], [q(270, "release")]
    )
    assert [(c.query.value, c.match.value, c.agree) for c in found] == [(270, 270, True)]
    assert not figures_differ(found)


def test_a_figure_still_differs_from_an_unclaimed_counterpart():
    found = compare_figures([q(600), q(30, "release")], [q(680), q(270, "release")])
    assert [(c.query.value, c.match.value, c.agree) for c in found] == [
        (600, 680, False),
        (30, 270, False),
    ]
