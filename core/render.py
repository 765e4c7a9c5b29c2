"""The one Jinja2 environment for longer messages: autoescaped, strict, translated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from core.i18n import Translator

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


class Renderer:
    """Renders `templates/*.j2` as Telegram HTML in a given locale."""

    def __init__(self, templates_dir: Path = TEMPLATES_DIR) -> None:
        self.env = Environment(
            loader=FileSystemLoader(templates_dir),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["number"] = lambda value, t: t.number(value)

    def render(self, template: str, t: Translator, /, **context: Any) -> str:
        """Render `template` with `t`'s language; `t` is also available to the template."""
        # Installing the callables and rendering happen without an await in between,
        # so concurrent updates in other languages cannot interleave here.
        self.env.install_gettext_translations(t.translations, newstyle=True)  # type: ignore[attr-defined]
        return self.env.get_template(template).render(t=t, **context).strip()

    def template_names(self) -> list[str]:
        """List every template, for the catalogue tests."""
        return sorted(self.env.list_templates(extensions=["j2"]))
