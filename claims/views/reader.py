from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from claims import keyset, selectors_api, selectors_review
from claims.display import CHECK_WORTHY_SCORE
from claims.models import Article
from claims.views.base import page_context, workbench_view


@workbench_view()
def article_reader(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        reader = selectors_review.article_reader(article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    return render(
        request,
        "claims/reader.html",
        page_context(
            request,
            title=reader.article.display_name,
            reader=reader,
            check_worthy=CHECK_WORTHY_SCORE,
        ),
    )


@workbench_view()
def article_list(request: HttpRequest) -> HttpResponse:
    """Newest import first, in keyset pages; each row counts its own claims only."""
    page = keyset.page(
        selectors_api.articles_for_list(Article.objects.all()),
        ("-id",),
        request.GET,
        size=50,
    )
    for problem in page.problems:
        messages.warning(request, problem)
    return render(
        request, "claims/articles.html", page_context(request, title="Articles", page=page)
    )
