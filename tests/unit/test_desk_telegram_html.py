"""Telegram's HTML shown in the desk's pages: bold, italic and links kept, the rest escaped."""

from desk.telegram_html import to_web


def test_bold_italic_and_web_links_are_kept() -> None:
    shown = to_web('📢 <b>Thông báo</b>\n\n<i>nhớ</i> <a href="https://ocop.vn/a?b=1&amp;c=2">đây</a>')
    assert shown == ('📢 <strong>Thông báo</strong>\n\n<em>nhớ</em> <a href="https://ocop.vn/a?b=1'
                     '&amp;c=2" rel="noopener noreferrer" target="_blank">đây</a>')


def test_escaped_user_text_stays_escaped_and_other_tags_are_left_out() -> None:
    escaped = "&lt;script&gt;x&lt;/script&gt; &amp; y"
    assert to_web(escaped) == escaped
    assert to_web('<u>a</u><script>b</script><a href="javascript:alert(1)">c</a>') == "abc"
    assert to_web("<b><i>unclosed") == "<strong><em>unclosed</em></strong>"
    assert to_web('<a href="tg://user?id=1">d</a></b>') == "d"
