"""Speaker sameness: spelling variants, with and without a role."""

from __future__ import annotations

from claims.matching import compare_speakers, same_person


def test_bryan_and_brian_cox_are_the_same_person():
    assert same_person("Bryan Cox", "Brian Cox") is True


def test_a_role_before_the_name_does_not_matter():
    assert same_person("ICE spokesman Bryan Cox", "Brian Cox") is True


def test_a_surname_alone_is_the_same_person():
    assert same_person("Cox", "Bryan Cox") is True


def test_an_initial_matches_its_given_name():
    assert same_person("B. Cox", "Bryan Cox") is True


def test_different_given_names_are_different_people():
    assert same_person("Bryan Cox", "Laura Cox") is False


def test_different_surnames_are_different_people():
    assert same_person("Bryan Cox", "Bryan Smith") is False


def test_groups_and_outlets_are_not_people():
    assert same_person("ICE officials", "ICE officials") is None
    assert same_person("Breitbart News", "Breitbart News") is None


def test_it_pairs_speakers_that_share_a_surname():
    found = compare_speakers(
        [{"speaker": "Bryan Cox", "role": "ICE spokesman"}, {"speaker": "officials"}],
        [{"speaker": "Brian Cox", "role": None}, {"speaker": "Mike Hurst"}],
    )
    assert [s.to_dict() for s in found] == [
        {"query": "Bryan Cox", "match": "Brian Cox", "same": True}
    ]


def test_it_reports_a_namesake_as_not_the_same():
    found = compare_speakers([{"speaker": "Bryan Cox"}], [{"speaker": "Laura Cox"}])
    assert [s.same for s in found] == [False]
