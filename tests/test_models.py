from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from claims.models import Article, Claim, RatingScale

pytestmark = pytest.mark.django_db


def test_the_default_rating_scale_is_active_with_seven_ratings():
    scale = RatingScale.objects.get(is_active=True)

    names = list(scale.ratings.values_list("name", flat=True))
    assert names == [
        "True",
        "Mostly true",
        "Half true",
        "Mostly false",
        "False",
        "Misleading",
        "Unverifiable",
    ]
    assert (scale.best_value, scale.worst_value) == (5, 1)
    assert scale.ratings.get(name="Unverifiable").value is None


def test_only_one_rating_scale_can_be_active():
    with pytest.raises(IntegrityError):
        RatingScale.objects.create(name="Other", is_active=True, best_value=3, worst_value=1)


def test_editors_can_do_everything_reviewers_can_and_more():
    reviewer = set(
        Group.objects.get(name="Reviewer").permissions.values_list("codename", flat=True)
    )
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))

    assert reviewer < editor
    assert "add_exportjob" in editor and "add_exportjob" not in reviewer


def test_the_same_article_text_cannot_be_stored_twice():
    Article.objects.create(text="x", content_hash="a" * 64)
    with pytest.raises(IntegrityError):
        Article.objects.create(text="x", content_hash="a" * 64)


def test_a_claim_cannot_have_an_empty_span():
    article = Article.objects.create(text="Some text.", content_hash="b" * 64)
    with pytest.raises(IntegrityError):
        Claim.objects.create(article=article, position=0, start=3, end=3, text="")
