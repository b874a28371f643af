"""What every workbench view shares: login, the role check, the admin look."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views import csrf, defaults

from claims.permissions import Capability, can, capabilities, role_name

LOGIN_URL = reverse_lazy("claims:login")


def page_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    # Not admin.site.each_context: it builds the app list (more queries) for a sidebar
    # these pages do not show.
    return {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "site_url": None,
        "has_permission": False,  # hides the admin's own user tools; ours are in base.html
        "is_nav_sidebar_enabled": False,
        "can": capabilities(request.user),
        "role": role_name(request.user),
        **extra,
    }


def workbench_view(
    capability: Capability = Capability.VIEW,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Login required; no role: a notice; a role without `capability`: 403."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required(login_url=LOGIN_URL)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not can(request.user, Capability.VIEW):
                return render(request, "claims/no_role.html", page_context(request), status=403)
            if not can(request.user, capability):
                return render(
                    request,
                    "claims/forbidden.html",
                    page_context(request, title="Not allowed"),
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# Parts of the site that keep Django's own 403: the admin's pages, and the API (DRF answers
# its own 403 in JSON; a 403 that reaches Django there stays plain, not an HTML page).
OWN_403_NAMESPACES = ("admin", "api")


def _own_403(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        match is not None and bool(match.namespaces) and match.namespaces[0] in OWN_403_NAMESPACES
    )


def _notice(request: HttpRequest, *, reason: str = "", notice: str = "") -> HttpResponse:
    # `reason` adds to the role notice (the PermissionDenied's message); `notice` replaces it.
    return render(
        request,
        "claims/forbidden.html",
        page_context(request, title="Not allowed", reason=reason, notice=notice),
        status=403,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler403 (factcheck/urls.py): a PermissionDenied raised in a workbench view (an
    editor's page opened by a reviewer) shows the workbench's notice, not a bare 403."""
    if _own_403(request):
        return defaults.permission_denied(request, exception)
    return _notice(request, reason=str(exception or ""))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its valid token (most often a page left open
    across a log-out, or cookies refused) gets the notice with what to do."""
    if _own_403(request):
        return csrf.csrf_failure(request, reason)
    return _notice(
        request,
        notice="This form has expired or its security token is missing, so nothing was saved. "
        "Go back, reload the page and send it again; your browser must accept cookies "
        "from this site.",
    )


class WorkbenchLoginView(LoginView):
    template_name = "admin/login.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context.update(page_context(self.request, title="Log in"))
        context["app_path"] = self.request.get_full_path()
        return context

    def get_default_redirect_url(self) -> str:
        return reverse("claims:dashboard")


class WorkbenchLogoutView(LogoutView):
    next_page = LOGIN_URL
