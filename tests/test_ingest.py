"""Loading articles: text, Markdown, HTML, URLs and stdin, with links, metadata and bad input."""

from __future__ import annotations

import codecs
import io
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.errors import FetchError, InputError
from factcheck.ingest import (
    LoadedArticle,
    NoArticleError,
    clean_text,
    find_bare_urls,
    load_article,
    load_text,
)
from factcheck.model import Link
from tests.httpserver import TestServer

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any name lookup other than the loopback fails the test: nothing here needs the internet."""
    real = socket.getaddrinfo

    def local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in ("localhost", "::1") and not name.startswith("127."):
            raise AssertionError(f"test tried to reach {name}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


def test_the_internet_is_out_of_reach() -> None:
    with pytest.raises(AssertionError, match=r"tried to reach example\.com"):
        socket.getaddrinfo("example.com", 443)


def link_at(article: LoadedArticle, anchor: str) -> Link:
    """The link whose anchor is ``anchor``, checking that its offsets point at that anchor."""
    found = [link for link in article.links if link.text == anchor]
    assert len(found) == 1, (anchor, article.links)
    link = found[0]
    assert article.text[link.start : link.end] == anchor
    return link


def assert_offsets(article: LoadedArticle) -> None:
    for link in article.links:
        assert article.text[link.start : link.end] == link.text
        assert link.text.strip() == link.text and link.text


# --------------------------------------------------------------------------- plain text


def test_plain_text_bare_urls_with_exact_offsets() -> None:
    article = load_article(FIXTURES / "article.txt")
    assert article.kind == "text"
    assert article.text.startswith("City opens tram line\n\nThe city says")
    assert [(link.href, link.start, link.end) for link in article.links] == [
        ("https://council.example/reports/tram-2025", 100, 141),
        ("https://www.traders.example.net/survey", 153, 183),
        ("https://en.wikipedia.org/wiki/Tram_(disambiguation)", 189, 240),
    ]
    assert_offsets(article)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("See https://a.example/x.", "https://a.example/x"),
        ("(https://a.example/x)", "https://a.example/x"),
        ("at https://a.example/wiki/A_(b), right", "https://a.example/wiki/A_(b)"),
        ("“https://a.example/q?x=1&y=2”", "https://a.example/q?x=1&y=2"),
        ("go to www.example.org!", "www.example.org"),
        ("HTTP://A.EXAMPLE/Path; then", "HTTP://A.EXAMPLE/Path"),
    ],
)
def test_bare_url_trailing_punctuation(text: str, url: str) -> None:
    links = find_bare_urls(text)
    assert [link.text for link in links] == [url]
    assert text[links[0].start : links[0].end] == url


def test_bare_url_rejects_non_urls() -> None:
    assert find_bare_urls("mail me at bob@www.example.com or see https:// later") == []
    assert find_bare_urls("www.example.org")[0].href == "https://www.example.org"


# --------------------------------------------------------------------------- Markdown


def test_markdown_syntax_removed_links_kept() -> None:
    article = load_article(FIXTURES / "article.md")
    assert article.kind == "markdown"
    assert article.title == "Tram line cut car traffic by a third"
    text = article.text
    for syntax in ("#", "**", "_Friday_", "](", "![", "```", "> ", "- Line", "[traders]", "<http"):
        assert syntax not in text, syntax
    assert "tram.jpg" not in text and "A tram at the central station" not in text
    assert text.startswith("The city says its new tram line cut car traffic by 34% in its")
    assert "\n\nWhat the shops say\n\n" in text
    assert '"We promised people a faster way into the centre," said Mayor Ines Calder.' in text
    assert "• Line 1 opened in March 2024.\n• Line 2 is due in 2027." in text
    assert "sensor_id,count\n7,1024" in text
    assert link_at(article, "council report").href == "https://council.example/reports/tram-2025"
    assert link_at(article, "Avelin Traders Association").href == "https://traders.example.net/"
    auto = link_at(article, "https://data.example.org/sales.csv")
    assert auto.href == "https://data.example.org/sales.csv"
    bare = link_at(article, "https://data.example.org/method")
    assert text[bare.end] == "."  # the full stop is not part of the URL
    assert len(article.links) == 4
    assert link_at(article, "council report").start == text.index("council report")


def test_markdown_front_matter_tables_and_html() -> None:
    source = (
        "---\ntitle: From the front matter\nauthor: Jane Roe\ndate: 2024-05-01T10:00:00Z\n---\n"
        "# A heading that is not the title\n\n"
        "Text with <b>inline html</b> and a [link](https://x.example/a)  \nafter a hard break.\n\n"
        "| city | share |\n|---|---|\n| [Avelin](https://avelin.example) | 34% |\n\n"
        "<div>\n<p>block <i>html</i></p>\n</div>\n\n"
        "1. first\n2. second\n"
    )
    article = load_text(source, kind="markdown")
    assert article.title == "From the front matter"
    assert article.author == "Jane Roe"
    assert article.published == "2024-05-01"
    text = article.text
    assert text.startswith("A heading that is not the title\n\nText with inline html and a link\n")
    assert "after a hard break." in text
    assert "city | share\nAvelin | 34%" in text
    assert "block html" in text and "<" not in text
    assert "1. first\n2. second" in text
    assert link_at(article, "Avelin").href == "https://avelin.example"
    assert link_at(article, "link").href == "https://x.example/a"


def test_markdown_unsafe_and_relative_links_are_not_sources() -> None:
    article = load_text(
        "Click [here](javascript:alert(1)), [mail](mailto:a@b.example), [top](#top) "
        "or [rel](docs/page.html) and [ok](https://ok.example).",
        kind="markdown",
    )
    assert [link.href for link in article.links] == ["https://ok.example"]
    assert "here" in article.text and "mail" in article.text


# --------------------------------------------------------------------------- HTML


def test_html_main_text_metadata_and_links() -> None:
    article = load_article(FIXTURES / "article.html")
    assert article.kind == "html"
    assert article.title == "Tram line cut car traffic by a third, city says"
    assert article.author == "Maria Okafor"
    assert article.published == "2025-03-14"
    assert article.site == "The Avelin Herald"
    assert article.canonical_url == "https://herald.example/news/2025/tram-traffic"
    text = article.text
    assert text.startswith("The city of Avelin says its new tram line cut car traffic")
    # navigation, related articles, comments and footer are gone
    for boilerplate in (
        "Subscribe now",
        "Weather",
        "Related articles",
        "Bus drivers strike",
        "Great news",
        "Nonsense",
        "Privacy policy",
        "All rights reserved",
    ):
        assert boilerplate not in text, boilerplate
    # paragraphs are separated by blank lines, headings stand on their own line
    assert 'delivered," said Mayor Ines Calder' in text
    assert "\n\nShops report mixed results\n\nAccording to the Avelin Traders" in text
    assert "• Line 1 opened in March 2024.\n• Line 2 is due in 2027." in text
    # links: relative resolved against the canonical URL; mailto, javascript, fragments dropped
    report = link_at(article, "council report")
    assert report.href == "https://herald.example/reports/tram-2025.pdf"
    assert report.start == text.index("council report")
    assert link_at(article, "regional transport authority").href == (
        "https://transport.example.org/sensors?id=7"
    )
    assert (
        link_at(article, "the association's website").href == "https://traders.example.net/survey"
    )
    assert len(article.links) == 3
    assert "the press office" in text and "the bike lanes" in text


def test_html_relative_links_resolve_against_the_page_url() -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace(
        '<link rel="canonical" href="https://herald.example/news/2025/tram-traffic">', ""
    )
    html = html.replace('href="/reports/tram-2025.pdf"', 'href="files/report.pdf"')
    article = load_text(html, kind="html", url="https://site.example/news/today/story.html")
    assert article.url == "https://site.example/news/today/story.html"
    assert link_at(article, "council report").href == (
        "https://site.example/news/today/files/report.pdf"
    )
    local = load_text(html, kind="html")
    assert all(link.text != "council report" for link in local.links)  # nothing to resolve to
    assert_offsets(local)


def test_html_links_inside_formatting_and_whitespace() -> None:
    paragraph = (
        "<p>Officials at the   <a href='https://a.example/1'>  <b>regional\n office</b> </a>"
        "said the figures, published by <a href='https://b.example/2'>the <i>statistics</i>"
        " agency</a>, were final.</p>"
    )
    body = "".join(
        f"<p>Paragraph {i} of a long enough article about tram traffic and the shops in the city "
        "centre, with enough words for the extractor to find the main text.</p>"
        for i in range(6)
    )
    article = load_text(
        f"<html><body><article>{paragraph}{body}</article></body></html>", kind="html"
    )
    assert "Officials at the regional office said the figures" in article.text
    assert link_at(article, "regional office").href == "https://a.example/1"
    assert link_at(article, "the statistics agency").href == "https://b.example/2"


def test_html_without_article_raises_and_as_text_reads_everything(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text(
        "<html><head><title>Menu</title><script>var x = 1;</script></head><body>"
        "<div style='display: none'>secret</div><span hidden>hidden</span><nav><ul>"
        "<li><a href='https://m.example/a'>Alpha</a></li><li><a href='https://m.example/b'>Beta"
        "</a></li></ul></nav></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(NoArticleError) as info:
        load_article(page)
    assert isinstance(info.value, InputError)
    assert "no article" in str(info.value) and "--as-text" in str(info.value)
    assert "\n" not in str(info.value)
    article = load_article(page, as_text=True)
    assert article.text == "• Alpha\n• Beta"
    assert article.title == "Menu"
    assert link_at(article, "Beta").href == "https://m.example/b"
    assert "var x" not in article.text


def test_html_sniffed_from_content_of_unknown_extension(tmp_path: Path) -> None:
    page = tmp_path / "saved.page"
    page.write_bytes((FIXTURES / "article.html").read_bytes())
    article = load_article(page)
    assert article.kind == "html"
    assert article.title == "Tram line cut car traffic by a third, city says"


# --------------------------------------------------------------------------- decoding

WESTERN = (
    "The mayor said: \u201cWe cut traffic by 34\u00a0% \u2014 a record.\u201d Caf\u00e9 owners "
    "weren\u2019t so sure; the Stra\u00dfenbahn critics in M\u00fcnchen agree.\n"
) * 3
LATIN1 = (
    "Der B\u00fcrgermeister sagte, die Stra\u00dfenbahn habe den Verkehr um ein Drittel "
    "verringert. Les h\u00f4teliers \u00e0 c\u00f4t\u00e9 de la gare sont d\u00e9\u00e7us.\n"
) * 3


def test_cp1252_file_is_detected_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(WESTERN.encode("cp1252"))
    article = load_article(path)
    assert article.text == WESTERN.strip()
    assert article.encoding == "windows-1252"
    assert article.notices == ["decoded as windows-1252 (detected)"]


def test_latin1_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(LATIN1.encode("latin-1"))
    article = load_article(path)
    assert article.text == LATIN1.strip()
    assert article.encoding != "utf-8"
    assert article.notices and article.notices[0].startswith("decoded as ")


@pytest.mark.parametrize("bom_codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, bom_codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if bom_codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "u16.md"
    path.write_bytes(bom + "# Titre\n\nCaf\u00e9 [lien](https://l.example).\n".encode(bom_codec))
    article = load_article(path)
    assert article.text == "Caf\u00e9 lien."
    assert article.title == "Titre"
    assert article.encoding == "utf-16"
    assert article.notices == ["decoded as utf-16 (byte order mark)"]
    assert link_at(article, "lien").start == 5


def test_utf8_with_bom_has_no_notice(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Caf\u00e9 au lait.".encode())
    article = load_article(path)
    assert article.text == "Caf\u00e9 au lait."
    assert (article.encoding, article.notices) == ("utf-8", [])


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    html = html.replace("Avelin says", "Avelin (pr\u00e8s de M\u00fcnchen) says")
    path = tmp_path / "latin.html"
    path.write_bytes(html.encode("cp1252"))
    article = load_article(path)
    assert "Avelin (pr\u00e8s de M\u00fcnchen) says" in article.text
    assert article.notices == ["decoded as windows-1252 (declared in the page)"]


def test_text_hygiene() -> None:
    raw = "Cafe\u0301 line one\r\nline\x1b[31m two\x00\x07\ttab\rthree \ud800 end\x85"
    assert clean_text(raw) == "Caf\u00e9 line one\nline[31m two\ttab\nthree \ufffd end"
    article = load_text(raw, kind="text")
    assert article.text == "Caf\u00e9 line one\nline[31m two\ttab\nthree \ufffd end"
    html = load_text(
        "<html><body><article>"
        + "".join(
            f"<p>Bad \x1b]8;;https://evil.example\x07chars\x0b here and {i} more words.</p>"
            for i in range(12)
        )
        + "</article></body></html>",
        kind="html",
    )
    assert "\x1b" not in html.text and "\x07" not in html.text and "\x0b" not in html.text


# --------------------------------------------------------------------------- stdin


def test_stdin_markdown() -> None:
    stream = io.BytesIO(b"# Title\n\nRead [the report](https://r.example/x) now.\n")
    article = load_article("-", stdin=stream)
    assert (article.source, article.kind, article.title) == ("-", "markdown", "Title")
    assert article.text == "Read the report now."
    assert link_at(article, "the report").start == 5


def test_stdin_html_and_text() -> None:
    html = (FIXTURES / "article.html").read_bytes()
    article = load_article("-", stdin=io.BytesIO(html))
    assert article.kind == "html" and article.title
    text = load_article("-", stdin=io.BytesIO(b"Just text, see www.example.org."))
    assert text.kind == "text"
    assert text.links[0].href == "https://www.example.org"


def test_stdin_too_big_and_empty() -> None:
    with pytest.raises(InputError, match="over the limit of 1 KB"):
        load_article("-", stdin=io.BytesIO(b"a" * 1025), max_bytes=1024)
    with pytest.raises(InputError, match="empty"):
        load_article("-", stdin=io.BytesIO(b"  \n\t \n"))


# --------------------------------------------------------------------------- bad input


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match=r"no such file$"):
        load_article("/nonexistent/article.txt")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"give the whole URL: https://www\.example\.org/a\)$"):
        load_article("www.example.org/a")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_article(tmp_path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is an image"),
        (os.urandom(4096).replace(b"\x00", b"\x01"), "binary"),
    ],
)
def test_binary_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        load_article(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode()])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    with pytest.raises(InputError, match="is empty"):
        load_article(path)


def test_markdown_with_only_markup_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "img.md"
    path.write_text("![only an image](https://img.example/a.png)\n\n<!-- a comment -->\n")
    with pytest.raises(InputError, match="has no text"):
        load_article(path)


def test_big_file_refused_from_its_size_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk

    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(InputError) as info:
        load_article(path)
    assert str(info.value) == f"{path} is 50 MB; the limit is 20 MB"
    with pytest.raises(InputError, match=r"is 50 MB; the limit is 10 MB"):
        load_article(path, max_bytes=10 * 1024 * 1024)


def test_other_schemes_refused() -> None:
    with pytest.raises(InputError, match="cannot read ftp: URLs"):
        load_article("ftp://files.example/a.txt")


# --------------------------------------------------------------------------- URLs


@pytest.fixture
def server() -> Iterator[TestServer]:
    with TestServer() as srv:
        yield srv


def test_url_html_page(server: TestServer) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    html = html.replace(
        '<link rel="canonical" href="https://herald.example/news/2025/tram-traffic">', ""
    )
    server.page("/news/story", html)
    server.redirect("/s", "/news/story")
    article = load_article(server.url("/s"), allow_private=True)
    assert article.kind == "url"
    assert article.source == server.url("/s")
    assert article.url == server.url("/news/story")
    assert article.title == "Tram line cut car traffic by a third, city says"
    assert link_at(article, "council report").href == server.url("/reports/tram-2025.pdf")
    assert_offsets(article)


def test_url_charset_from_the_server(server: TestServer) -> None:
    text = WESTERN + "More at https://more.example/x."
    server.page("/t", text.encode("cp1252"), content_type="text/plain; charset=windows-1252")
    article = load_article(server.url("/t"), allow_private=True)
    assert article.text == text.strip()
    assert article.notices == ["decoded as windows-1252 (declared by the server)"]
    assert link_at(article, "https://more.example/x").href == "https://more.example/x"


def test_url_markdown(server: TestServer) -> None:
    server.page("/draft.md", "# Draft\n\nSee [this](https://s.example).", content_type="text/plain")
    article = load_article(server.url("/draft.md"), allow_private=True)
    assert (article.title, article.text) == ("Draft", "See this.")


@pytest.mark.parametrize(
    ("ctype", "body", "message"),
    [
        ("application/pdf", b"%PDF-1.4 ...", r"is a PDF \(application/pdf\); factcheck reads HTML"),
        ("image/png", b"\x89PNG\r\n\x1a\n....", r"is an image \(image/png\)"),
        ("application/zip", b"PK\x03\x04....", r"is not a web page \(application/zip\)"),
    ],
)
def test_url_pdf_or_image(server: TestServer, ctype: str, body: bytes, message: str) -> None:
    server.page("/file", body, content_type=ctype)
    with pytest.raises(InputError, match=message):
        load_article(server.url("/file"), allow_private=True)


def test_url_without_article(server: TestServer) -> None:
    server.page(
        "/menu", "<html><body><nav><a href='/a'>Alpha</a> <a href='/b'>Beta</a></nav></body></html>"
    )
    with pytest.raises(NoArticleError, match="--as-text"):
        load_article(server.url("/menu"), allow_private=True)
    article = load_article(server.url("/menu"), allow_private=True, as_text=True)
    assert article.text == "Alpha Beta"
    assert link_at(article, "Beta").href == server.url("/b")


def test_url_errors_are_one_line(server: TestServer) -> None:
    server.page("/gone", "nothing", status=404)
    with pytest.raises(FetchError) as info:
        load_article(server.url("/gone"), allow_private=True)
    assert "404" in str(info.value) and "\n" not in str(info.value)
    # a private address without permission
    server.page("/ok", "<html><body><p>text</p></body></html>")
    with pytest.raises(FetchError):
        load_article(server.url("/ok"))
    assert server.paths_requested() == ["/gone"]  # never connected
    # an unreachable address: a port nobody listens on
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(FetchError):
        load_article(f"http://127.0.0.1:{port}/", allow_private=True)


def test_url_redirect_to_a_private_address(server: TestServer) -> None:
    from factcheck.fetch import FetchSettings

    # 127.0.0.1 is let through as if it were public; the redirect goes to another loopback address
    settings = FetchSettings(allowed_addresses=("127.0.0.1",))
    server.page("/a", "<html><body><p>fine</p></body></html>")
    server.redirect("/r", f"http://127.0.0.2:{server.port}/a")
    with pytest.raises(FetchError) as info:
        load_article(server.url("/r"), fetch_settings=settings)
    assert "\n" not in str(info.value)
    assert server.paths_requested() == ["/r"]


def test_url_too_big(server: TestServer) -> None:
    server.page("/big", "<html><body>" + "<p>word </p>" * 2000 + "</body></html>")
    with pytest.raises(InputError, match="is over the limit of 4 KB"):
        load_article(server.url("/big"), allow_private=True, max_bytes=4096)


def test_markdown_inline_and_block_html_links() -> None:
    article = load_text(
        'Text with <a href="https://in.example/x">inline <b>anchor</b></a> here.\n\n'
        "<div class=\"note\">\n<p>Block with <a href='https://blk.example/'>a link</a><br>"
        "and a break.</p>\n<script>alert(1)</script>\n</div>\n\nAfter.",
        kind="markdown",
    )
    assert article.text == (
        "Text with inline anchor here.\n\nBlock with a link\nand a break.\n\nAfter."
    )
    assert link_at(article, "inline anchor").href == "https://in.example/x"
    assert link_at(article, "a link").href == "https://blk.example/"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(codec: str) -> None:
    article = load_text("Caf\u00e9 society, said the mayor.".encode(codec), kind="text")
    assert article.text == "Caf\u00e9 society, said the mayor."
    assert article.notices == [f"decoded as {codec} (detected)"]


def _page(extra: str) -> str:
    body = "".join(
        f"<p>Paragraph {i} of a long enough article about tram traffic and the shops in the "
        "city centre, with enough words for the extractor to find the main text.</p>"
        for i in range(5)
    )
    return (
        '<html><head><link rel="canonical" href="https://news.example/2025/tram"></head>'
        f"<body><article>{body}{extra}</article></body></html>"
    )


def test_html_ordered_list_and_table() -> None:
    article = load_text(
        _page(
            "<ol><li>first</li><li>second <a href='https://x.example/'>thing</a></li></ol>"
            "<table><tr><th>city</th><th>share</th></tr><tr><td>Avelin</td><td>34%</td></tr>"
            "</table>"
        ),
        kind="html",
    )
    assert "\n\n1. first\n2. second thing\n\ncity | share\nAvelin | 34%" in article.text
    assert link_at(article, "thing").href == "https://x.example/"


def test_html_teasers_for_other_articles_of_the_site_are_dropped() -> None:
    article = load_text(
        _page(
            "<p><a href='/2025/bus-strike'>Also on news.example: Bus drivers strike over the new "
            "timetable</a></p>"
            "<p><a href='https://stats.example/report'>The statistics office published its full "
            "report on traffic</a></p>"
            "<p>Read <a href='/2025/earlier'>our earlier story</a> on the same topic.</p>"
        ),
        kind="html",
    )
    assert "Bus drivers strike" not in article.text
    # a linked paragraph to another site, and a link inside a sentence, stay
    assert link_at(article, "The statistics office published its full report on traffic")
    assert link_at(article, "our earlier story").href == "https://news.example/2025/earlier"
