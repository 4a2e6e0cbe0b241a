"""Letters benchmark: two-page decision letters (PDF/A-2u) rendered per second, sequentially and with a
process pool of 2 workers, and the PDF size. Target on 2 cores: >= 8 letters/s with the pool.

Baseline measured in the same run: WeasyPrint rendering a one-line page with the same fonts and
stylesheet (the fixed cost of the PDF engine); the ratio shows what the letter itself adds.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import io
import multiprocessing
import os
import time

from pypdf import PdfReader

from engine.letter_issuing import LetterRequest
from letters.pdf import html_to_pdf
from letters.render import render_letter

SEQUENTIAL, PARALLEL, WORKERS = 30, 60, 2
SENT = dt.datetime(2026, 3, 16, 9, tzinfo=dt.timezone.utc)
CASE = {
    "person": {
        "name": "Fictief Voorbeeld",
        "date_of_birth": "1990-05-17",
        "v_number": "9000000099",
        "address": ["Lindelaan 12", "9999 AB Voorbeeldstad"],
    },
    "lawyer": {"name": "mr. R. de Boer", "organisation": "De Boer Advocaten", "address": ["Postbus 9960"]},
}
PARAGRAPH = (
    "Het panel heeft de verklaringen van de betrokkene, het rapport van de hulpverlening en de "
    "bevindingen van de arbeidsinspectie in samenhang gewogen. De verklaringen zijn gedetailleerd en "
    "consistent en worden op belangrijke punten ondersteund door documenten."
)
PAYLOAD = {
    "letter_type": "identification_final_positive",
    "decided_on": "2026-03-13",
    "exploitation": "labour",
    "reasons": "\n\n".join([PARAGRAPH] * 4),
    "facts": [
        "De betrokkene werkte zes dagen per week veertien uur per dag.",
        "Het paspoort van de betrokkene werd door de werkgever bewaard.",
        "Van het loon werd een schuld voor reis en huisvesting ingehouden.",
    ],
    "indicators": [
        {"code": c, "status": "documented", "source": "inspector"}
        for c in (
            "retention_of_documents",
            "withholding_wages",
            "debt_bondage",
            "excessive_overtime",
            "abusive_conditions",
            "isolation",
        )
    ],
}


def render_one(_: int = 0) -> int:
    return len(render_letter(LetterRequest(1, "ERK-2026-000099", CASE, PAYLOAD, SENT)).pdf)


def _baseline_one(_: int = 0) -> int:
    return len(html_to_pdf("<p>Kenmerk ERK-2026-000099</p>"))


def _rate(count: int, fn: object) -> tuple[float, float]:
    """(per second of wall time, CPU milliseconds per item): the CPU figure does not depend on what
    else the machine is doing."""
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        fn(i)  # type: ignore[operator]
    return count / (time.perf_counter() - start), (time.process_time() - cpu) * 1000 / count


def _timed_one(i: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one letter inside a worker."""
    cpu, wall = time.process_time(), time.perf_counter()
    render_one(i)
    return time.process_time() - cpu, time.perf_counter() - wall


def _parallel_rate(count: int) -> tuple[float, float]:
    """(letters per second of wall time, share of the workers' wall time they actually got a CPU).

    A share well below 1 means other work on the machine took the cores: Linux shares CPU time per
    session (autogroup), so a pool cannot outgrow its session's share."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(WORKERS, mp_context=context, initializer=render_one) as pool:
        list(pool.map(render_one, range(WORKERS * 2)))  # workers started and warm
        start = time.perf_counter()
        timings = list(pool.map(_timed_one, range(count)))
        elapsed = time.perf_counter() - start
    return count / elapsed, sum(c for c, _ in timings) / sum(w for _, w in timings)


def run() -> dict[str, float | int]:
    # warm-up, and the sample
    pdf = render_letter(LetterRequest(1, "ERK-2026-000099", CASE, PAYLOAD, SENT)).pdf
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    _baseline_one()
    baseline, _ = _rate(SEQUENTIAL, _baseline_one)
    sequential, cpu_ms = _rate(SEQUENTIAL, render_one)
    parallel, cpu_share = _parallel_rate(PARALLEL)
    load = os.getloadavg()[0]
    figures: dict[str, float | int] = {
        "letters_per_s_sequential": round(sequential, 2),
        "letters_per_s_parallel": round(parallel, 2),
        "pdf_bytes": len(pdf),
        "pages": pages,
        "baseline_pages_per_s": round(baseline, 2),
        "letter_vs_baseline_time_ratio": round(baseline / sequential, 2),
        "parallel_speedup": round(parallel / sequential, 2),
        "cpu_ms_per_letter": round(cpu_ms, 1),
        "parallel_workers_cpu_share": round(cpu_share, 2),
        "workers": WORKERS,
        "cpus": os.cpu_count() or 0,
        "load_average_1m": round(load, 2),
    }
    print(f"  two-page letter ({pages} pages, {len(pdf)} bytes)")
    print(f"  sequential:           {sequential:6.2f} letters/s")
    print(
        f"  pool of {WORKERS} processes:  {parallel:6.2f} letters/s "
        f"(x{parallel / sequential:.2f}; target >= 8)"
    )
    print(
        f"  baseline (1-line PDF): {baseline:6.2f} pages/s; a letter costs x{baseline / sequential:.2f} of it"
    )
    print(
        f"  CPU per letter: {cpu_ms:.0f} ms (one core: {1000 / cpu_ms:.1f} letters/s); "
        f"load average during the run: {load:.2f} on {os.cpu_count()} CPUs"
    )
    note = "" if cpu_share > 0.85 else " (other work on the machine limited the pool's figure)"
    print(f"  pool workers were on a CPU {cpu_share:.0%} of their wall time{note}")
    return figures
