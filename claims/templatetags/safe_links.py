"""`safe_href`: the one way a template turns stored data into a link.

    {% load safe_links %}
    {% with href=article.url|safe_href %}{% if href %}<a href="{{ href }}">…</a>{% endif %}{% endwith %}

Article, source and evidence urls come from imports and from people; only absolute
http(s) URLs become links (claims.weblinks.is_web_url), so a stored
`javascript:`, `data:` or `vbscript:` value can never be clicked, only read.
"""

from __future__ import annotations

from django import template

from claims.weblinks import web_url

register = template.Library()


@register.filter(is_safe=False)
def safe_href(value: object) -> str:
    """``value`` when it is an http(s) URL with a host, otherwise ""."""
    return web_url(value)
