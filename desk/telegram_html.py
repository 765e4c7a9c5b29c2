"""Telegram's HTML (the bot's messages) shown in a web page as Telegram would show it: bold,
italic and links kept, every other tag left out, all text escaped again."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlparse

from markupsafe import Markup, escape

KEPT = {"b": "strong", "strong": "strong", "i": "em", "em": "em"}
LINK_SCHEMES = ("http", "https")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []  # the web tags opened, to close them all at the end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in KEPT:
            self._open(KEPT[tag], "")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if urlparse(href).scheme in LINK_SCHEMES:
                attributes = f' href="{escape(href)}" rel="noopener noreferrer" target="_blank"'
                self._open("a", attributes)
            else:
                self.open.append("")  # a link the browser should not follow: its text only

    def handle_endtag(self, tag: str) -> None:
        if (tag in KEPT or tag == "a") and self.open:
            closing = self.open.pop()
            if closing:
                self.out.append(f"</{closing}>")

    def handle_data(self, data: str) -> None:
        self.out.append(str(escape(data)))

    def _open(self, tag: str, attributes: str) -> None:
        self.out.append(f"<{tag}{attributes}>")
        self.open.append(tag)

    def result(self) -> Markup:
        self.close()
        closing = "".join(f"</{tag}>" for tag in reversed(self.open) if tag)
        return Markup("".join(self.out) + closing)  # built from escaped parts


def to_web(telegram_html: str) -> Markup:
    """Safe web HTML for a message in Telegram's HTML parse mode (line breaks kept as \\n:
    the page shows them with `white-space: pre-wrap`)."""
    converter = _Converter()
    converter.feed(telegram_html)
    return converter.result()
