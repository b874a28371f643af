"""The product's URLs plus a plain ModelAdmin for Claim at /plain-admin/ (bench only)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from claims.models import Claim
from factcheck.urls import urlpatterns as product_urlpatterns

plain_site = admin.AdminSite(name="plain_admin")
plain_site.register(Claim)

urlpatterns = [path("plain-admin/", plain_site.urls), *product_urlpatterns]
