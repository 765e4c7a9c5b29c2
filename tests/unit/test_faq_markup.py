"""The computed answers' markup: their bold survives, the sheets' signs are escaped."""

from handlers.faq.ask import safe_markup


def test_bold_and_italic_survive_and_other_signs_are_escaped() -> None:
    text = "hạng <b>4 sao</b>, <i>vốn</i> <51% & > 60% <script>"
    assert safe_markup(text) == (
        "hạng <b>4 sao</b>, <i>vốn</i> &lt;51% &amp; &gt; 60% &lt;script&gt;")


def test_a_bold_tag_with_attributes_is_not_restored() -> None:
    assert safe_markup('<b onclick="x">') == '&lt;b onclick="x"&gt;'
