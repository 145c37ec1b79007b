"""An initiative's details, written in Python: the same HTML the template's loop wrote, escaped
alike, for any text and address."""

from __future__ import annotations

import jinja2
import pytest

from practicegraph.web.render.pages import inline_list
from practicegraph.web.render.view import Value

LOOP = (
    '{% for v in values %}{% if v.href %}<a href="{{ v.href }}"{% if v.external %} '
    'rel="external"{% endif %}>{{ v.text|replace("mailto:", "") }}</a>{% else %}{{ v.text }}'
    "{% endif %}{% if not loop.last %}, {% endif %}{% endfor %}"
)
"""The template's loop before, as it stood in practice.html."""

VALUES = [
    Value("Burger en Overheid", "https://example.org/Thema/Burger", external=True),
    Value("mailto:info@a.be", "mailto:info@a.be", external=True),
    Value("Tienen", "/id/gemeente/24107"),
    Value('<b>"Tom" & Jerry\'s</b>', 'https://example.org/?a=1&b="2"<x>', external=True),
    Value("plain <text> & 'quotes'"),
    Value("", ""),
    Value("mailto: in plain text"),
]


@pytest.mark.parametrize("values", [VALUES, VALUES[:1], [], VALUES[::-1], VALUES * 2])
def test_details_are_written_as_the_template_wrote_them(values: list[Value]) -> None:
    environment = jinja2.Environment(autoescape=True)
    expected = environment.from_string(LOOP).render(values=values)
    assert str(inline_list(values)) == expected
    assert str(inline_list(values)) == expected  # and again, from what the process kept
