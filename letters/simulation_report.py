"""The policy simulation's report as PDF bytes: the HTML that engine.simulation.report_html builds,
rendered by WeasyPrint with the letters' packaged fonts and the same fetcher, which serves the packaged
assets and refuses every other URL."""
from __future__ import annotations

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from engine.simulation.capacity import Answer
from engine.simulation.outputs import Results
from engine.simulation.report_html import html_report
from letters.pdf import ASSETS, AssetsOnlyFetcher

FONTS = "\n".join(
    f'@font-face {{ font-family: "Report Sans"; src: url("fonts/{file}"); font-weight: {weight}; '
    f"font-style: {style}; }}"
    for file, weight, style in (("DejaVuSans.ttf", "normal", "normal"), ("DejaVuSans-Bold.ttf", "bold", "normal"),
                                ("DejaVuSans-Oblique.ttf", "normal", "italic")))


def pdf_bytes(results: Results, answer: Answer | None = None, charts_svg: dict[str, str] | None = None) -> bytes:
    fetcher, fonts = AssetsOnlyFetcher(), FontConfiguration()
    base = ASSETS.as_uri() + "/"
    fonts_css = CSS(string=FONTS, base_url=base, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html_report(results, answer, charts_svg), base_url=base, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[fonts_css], font_config=fonts)
    return pdf
