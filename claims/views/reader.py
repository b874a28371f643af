from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from claims import selectors_review
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
        page_context(request, title=reader.article.title or "Article", reader=reader),
    )


@workbench_view()
def article_list(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator
    from django.db.models import Count

    articles = Article.objects.annotate(claim_total=Count("claims")).order_by("-created_at")
    page = Paginator(articles.defer("text"), 50).get_page(request.GET.get("page"))
    return render(
        request, "claims/articles.html", page_context(request, title="Articles", page=page)
    )
