"""HTML -> PDF with WeasyPrint, able to read only the packaged assets of this package.

The URL fetcher serves `file:` URLs that resolve inside letters/assets/ and refuses everything else
(other files, http(s), data: ...), so a template or a value in a letter can neither pull data into the
letter nor make the renderer call out. Fonts are packaged (DejaVu Sans, licence alongside) so a letter
looks the same on every machine.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS = (Path(__file__).parent / "assets").resolve()
# PDF/A-2u: an archival format (fonts embedded, no external references) whose text maps to Unicode, so
# the kept letter stays readable and searchable. The tagged variant (PDF/A-2a) costs about 35 % more time.
PDF_VARIANT = "pdf/a-2u"
STYLESHEET = ASSETS / "letter.css"


class RefusedURL(ValueError):
    pass


class AssetsOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
    """Serves files under `root` and nothing else."""

    def __init__(self, root: Path = ASSETS) -> None:
        super().__init__(allowed_protocols={"file"})
        self.root = root.resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused: only packaged letter assets may be loaded, not {parts.scheme}: URLs")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL("refused: only packaged letter assets may be loaded")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            mime = "font/ttf"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})


_local = threading.local()


def _resources() -> tuple[AssetsOnlyFetcher, FontConfiguration, CSS]:
    """Per thread: the fetcher, the font configuration and the parsed stylesheet are built once."""
    if not hasattr(_local, "css"):
        _local.fetcher = AssetsOnlyFetcher()
        _local.fonts = FontConfiguration()
        _local.css = CSS(filename=str(STYLESHEET), url_fetcher=_local.fetcher, font_config=_local.fonts)
    return _local.fetcher, _local.fonts, _local.css


def html_to_pdf(html: str) -> bytes:
    fetcher, fonts, css = _resources()
    document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT)
    return pdf
