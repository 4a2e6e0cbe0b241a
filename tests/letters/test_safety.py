"""A letter can neither run what is typed into a case nor reach outside its own assets: templates are
autoescaped and sandboxed, and the PDF renderer's URL fetcher serves only letters/assets."""

from __future__ import annotations

import base64
import datetime as dt
import http.server
import io
import threading
from pathlib import Path
from typing import Iterator

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from engine.letter_issuing import LetterRequest
from letters.context import build_context
from letters.pdf import ASSETS, AssetsOnlyFetcher, RefusedURL, html_to_pdf
from letters.render import environment, render_html, render_letter
from tests.letters.conftest import case_data, pdf_text

SENT = dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)
# A 1x1 PNG: lets a test see whether an image was fetched and embedded.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_template_syntax_and_markup_in_a_name_come_out_literally() -> None:
    data = case_data()
    data["person"]["name"] = "Eva {{ 7*7 }} <script>alert(1)</script> {% if true %}x{% endif %}"
    payload = {
        "letter_type": "identification_final_negative",
        "reasons": "Zie <b>bijlage</b> en {{ config }} <img src='file:///etc/passwd'>",
    }
    context = build_context("ERK-2026-000001", data, payload, SENT)
    html = render_html(context)
    assert "&lt;script&gt;" in html and "<script>" not in html and "&lt;img src=" in html
    text = pdf_text(render_letter(LetterRequest(1, "ERK-2026-000001", data, payload, SENT)).pdf)
    assert "Eva {{ 7*7 }} <script>alert(1)</script> {% if true %}x{% endif %}" in text
    assert "Eva 49" not in text
    assert "Zie <b>bijlage</b> en {{ config }} <img src='file:///etc/passwd'>" in text


def test_templates_run_in_a_sandbox() -> None:
    from jinja2.exceptions import SecurityError

    with pytest.raises(SecurityError):
        environment().from_string("{{ c.__class__.__mro__ }}{{ ''.__class__.__subclasses__() }}").render(
            c=object()
        )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{ASSETS}/../render.py",  # a path that climbs out of the assets directory
        "http://127.0.0.1:9/letter.css",
        "https://example.org/font.ttf",
        "data:text/plain;base64,aGVsbG8=",
        "ftp://example.org/x",
        "file://remote-host/etc/passwd",
    ],
)
def test_fetcher_refuses_everything_outside_the_packaged_assets(url: str) -> None:
    with pytest.raises(RefusedURL):
        AssetsOnlyFetcher().fetch(url)


def test_fetcher_serves_the_packaged_fonts() -> None:
    response = AssetsOnlyFetcher().fetch((ASSETS / "fonts" / "DejaVuSans.ttf").as_uri())
    assert response.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType font


def test_a_template_asking_for_local_files_gets_nothing() -> None:
    """A template that links /etc/passwd as stylesheet, image and object renders without any of it."""
    html = (
        environment()
        .from_string(
            '<link rel="stylesheet" href="file:///etc/passwd"><style>@import url("file:///etc/passwd");</style>'
            '<p>Brief</p><img src="file:///etc/passwd"><object data="file:///etc/passwd"></object>'
            '<p style="background: url(file:///etc/passwd)">x</p>'
        )
        .render()
    )
    text = pdf_text(html_to_pdf(html))
    assert "Brief" in text and "root:" not in text


def test_images_load_only_from_inside_the_assets_root(tmp_path: Path) -> None:
    """Control: the same image is embedded from inside the root and refused from outside it."""
    root, outside = tmp_path / "assets", tmp_path / "elsewhere"
    root.mkdir(), outside.mkdir()
    (root / "dot.png").write_bytes(PNG)
    (outside / "dot.png").write_bytes(PNG)
    fetcher = AssetsOnlyFetcher(root)

    def render(src: str) -> bytes:
        return HTML(
            string=f'<img src="{src}" style="width:10mm">', base_url=root.as_uri() + "/", url_fetcher=fetcher
        ).write_pdf()

    assert image_count(render("dot.png")) == 1
    assert image_count(render((outside / "dot.png").as_uri())) == 0
    assert image_count(render("../elsewhere/dot.png")) == 0


@pytest.fixture
def listening_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request: the renderer must never call it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_a_template_asking_for_an_http_url_makes_no_request(listening_server: tuple[str, list[str]]) -> None:
    base, hits = listening_server
    html = (
        f'<link rel="stylesheet" href="{base}/style.css"><style>@import url("{base}/import.css");</style>'
        f'<p>Brief</p><img src="{base}/pixel.png"><p style="background: url({base}/bg.png)">x</p>'
    )
    pdf = html_to_pdf(html)
    assert hits == []
    assert image_count(pdf) == 0


def test_letters_are_archival_pdf_a_with_embedded_fonts() -> None:
    pdf = render_letter(
        LetterRequest(
            1, "ERK-2026-000001", case_data(), {"letter_type": "residence_refused", "reasons": "x" * 20}, SENT
        )
    ).pdf
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="U"' in xmp
    fonts = {
        font.get_object()["/BaseFont"]: font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # only the packaged fonts (their @font-face family), never a system font picked as fallback
    assert fonts and all("Letter-Sans" in str(name) for name in fonts)
    assert all(
        "/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts.values()
    )
