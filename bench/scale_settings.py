"""Settings for bench/bench_scale.py: the product's, plus a plain ModelAdmin (bench only).

The plain ModelAdmin for Claim (what `admin.site.register(Claim)` would give a desk) is
registered on a second AdminSite at /plain-admin/ (bench/scale_urls.py), so the bench
compares the project's ClaimAdmin with it on the same data in the same run. It is never
part of the product.
"""

from __future__ import annotations

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.scale_urls"
