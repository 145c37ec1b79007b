"""The pages' templates are read once per process, not looked at again on each render."""

from __future__ import annotations

from practicegraph.web.app import TEMPLATES
from practicegraph.web.render.templating import templates


def test_templates_are_not_looked_at_again_on_each_render() -> None:
    assert templates(TEMPLATES).env.auto_reload is False
