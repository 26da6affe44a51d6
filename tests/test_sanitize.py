import pytest

from articles.sanitize import sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a</p><script>alert(1)</script>", "<p>a</p>"),
        ('<img src="a.png" onerror="alert(1)">', '<img src="a.png">'),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
        ('<iframe src="https://evil.example"></iframe><p>b</p>', "<p>b</p>"),
        ('<p style="color:red">c</p><style>p{}</style>', "<p>c</p>"),
        ('<svg onload="alert(1)"><circle/></svg>', ""),
        ("<p><!-- hidden --></p>", "<p></p>"),
        ('<form action="/x"><input name="q"></form>', ""),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_only_footnote_ids_survive():
    html = (
        '<p id="top"><a href="#fn1" id="fnref1">[1]</a><a id="fnref1:2" href="#fn1">[1]</a></p>'
        '<ol><li id="fn1">각주 <a href="#fnref1">↩</a></li><li id="main">x</li></ol>'
        '<a id="fn1 evil">a</a><a id="fn99999">b</a><div id="fn2">c</div>'
    )
    assert sanitize_html(html) == (
        '<p><a href="#fn1" id="fnref1">[1]</a><a id="fnref1:2" href="#fn1">[1]</a></p>'
        '<ol><li id="fn1">각주 <a href="#fnref1">↩</a></li><li>x</li></ol>'
        "<a>a</a><a>b</a><div>c</div>"
    )


def test_editorial_markup_survives():
    html = (
        '<h2 data-ke-size="size26">제목</h2>'
        '<p data-ke-size="size16"><b>굵게</b> <em>기울임</em> '
        '<a href="https://opensis.kr" rel="dofollow" title="t">링크</a></p>'
        "<table><thead><tr><th>단계</th></tr></thead><tbody><tr><td>7월</td></tr></tbody></table>"
        '<figure><img src="https://x.example/a.png" alt="평면도" width="640" height="360">'
        "<figcaption>캡션</figcaption></figure>"
        "<ul><li>하나</li></ul><ol><li>둘</li></ol><blockquote>인용</blockquote>"
    )
    assert sanitize_html(html) == html


def test_table_cell_styles_are_dropped_but_the_table_stays():
    html = (
        '<table><tbody><tr><td style="text-align: center;"><b>내용</b></td></tr></tbody></table>'
    )
    assert sanitize_html(html) == "<table><tbody><tr><td><b>내용</b></td></tr></tbody></table>"


def test_bare_text_outside_tags_is_kept():
    assert sanitize_html('<p>a</p>\n생생한 뉴스, <a href="https://opensis.kr">x</a>') == (
        '<p>a</p>\n생생한 뉴스, <a href="https://opensis.kr">x</a>'
    )


def test_cleaning_is_idempotent():
    html = '<p data-ke-size="size16">a<br/>b<img src="a.png" alt="x" /></p><script>x</script>'
    once = sanitize_html(html)
    assert sanitize_html(once) == once


def test_empty_body_stays_empty():
    assert sanitize_html("") == ""


def test_control_characters_that_xml_cannot_carry_are_dropped():
    assert sanitize_html("<p>a\x0bb\x1fc\x00d\te</p>") == "<p>abcd\te</p>"
