"""Benchmark of the map in a real browser (headless Chromium, Playwright): the time to the first
map render with the demo data and with a 20 000-proposal campaign, and how smooth the map stays
while panning, zooming and filtering (the longest main-thread task, which is what a person feels
as a stutter). Also prints what each page costs to download (scripts/bundle-report.mjs).

The baseline measured in the same run is the page's own DOMContentLoaded (the HTML and the
shell's script parsed): the ratio says how much of the wait is the map itself. The server is
Django's development server on the development database with the demo data; the 20 000
proposals are made for the run and deleted after it.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SLUG = "bench-map-browser"
TARGET_FIRST_RENDER_MS = 2000

# Installed before any script of the page: when the first marker or cluster appears, and every
# long task (> 50 ms) on the main thread.
PROBE = """
window.__bench = { firstMarker: null, longTasks: [] };
new MutationObserver((_, observer) => {
  if (document.querySelector('.proposal-marker, .proposal-cluster')) {
    window.__bench.firstMarker = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
} catch (e) {}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 (our own http://127.0.0.1 server)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The server did not answer at {url}")


def _first_render(browser, url: str, rounds: int) -> dict[str, float]:
    dcl, first = [], []
    for _ in range(rounds):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(url)
        page.wait_for_function(
            "window.__bench && window.__bench.firstMarker !== null", timeout=30000
        )
        nav = page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
        )
        dcl.append(nav)
        first.append(page.evaluate("window.__bench.firstMarker"))
        context.close()
    return {"dcl_ms": statistics.median(dcl), "first_ms": statistics.median(first)}


def _smoothness(browser, url: str) -> dict[str, float]:
    """Zooms in and out, pans and filters; returns the longest main-thread task meanwhile."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.add_init_script(PROBE)
    page.goto(url)
    page.wait_for_function("window.__bench && window.__bench.firstMarker !== null", timeout=30000)
    page.wait_for_timeout(500)
    page.evaluate("window.__bench.longTasks = []")
    start = time.perf_counter()
    page.locator("#map").focus()
    for key in ["+", "+", "ArrowRight", "ArrowDown", "ArrowLeft", "-", "-"]:
        page.keyboard.press(key)
        page.wait_for_timeout(400)
    pan_zoom = page.evaluate("window.__bench.longTasks")
    page.evaluate("window.__bench.longTasks = []")
    themes = page.locator("#filter-theme option").all_inner_texts()
    filter_ms = 0.0
    if len(themes) > 1:
        t0 = time.perf_counter()
        page.select_option("#filter-theme", index=1)
        page.wait_for_function(
            "!/Chargement|Loading/.test(document.querySelector('#proposal-count').textContent)"
        )
        filter_ms = (time.perf_counter() - t0) * 1000
        page.wait_for_timeout(500)
    elapsed = time.perf_counter() - start
    filtering = page.evaluate("window.__bench.longTasks")
    context.close()
    return {
        "pan_zoom_longest_task_ms": max(pan_zoom, default=0.0),
        "pan_zoom_long_tasks": float(len(pan_zoom)),
        "filter_longest_task_ms": max(filtering, default=0.0),
        "filter_ms": filter_ms,
        "scripted_s": elapsed,
    }


def _forget(slug: str) -> None:
    """Deletes the benchmark's campaign and its proposals (left by an interrupted run too)."""
    from campaigns.models import Campaign
    from proposals.models import Proposal

    Proposal.objects.filter(campaign__slug=slug).delete()
    Campaign.objects.filter(slug=slug).delete()


def main(rounds: int = 5, count: int = 20_000) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from geocoder import _setup_django

    _setup_django()
    import map_geojson
    from django.core.management import call_command
    from playwright.sync_api import sync_playwright

    if str(REPO) not in sys.path:
        sys.path.append(str(REPO))
    from tests.e2e.chromium import launch_args

    dist = REPO / "frontend" / "dist"
    if not (dist / ".vite" / "manifest.json").is_file():
        subprocess.run(
            ["npm", "run", "--silent", "build"],  # noqa: S607 (the developer's npm)
            cwd=REPO / "frontend",
            check=True,
        )
    print(
        subprocess.run(
            ["node", "scripts/bundle-report.mjs", "dist"],  # noqa: S607 (the developer's node)
            cwd=REPO / "frontend",
            capture_output=True,
            text=True,
        ).stdout.rstrip()
    )

    call_command("load_reference_data", verbosity=0)
    call_command("load_addresses", verbosity=0)
    call_command("load_demo", verbosity=0)
    _forget(SLUG)
    map_geojson.SLUG = SLUG
    _, shown = map_geojson._seed(count)
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own manage.py)
        [
            sys.executable,
            str(REPO / "backend" / "manage.py"),
            "runserver",
            "--noreload",
            f"127.0.0.1:{port}",
        ],
        env={**os.environ, "FRONTEND_DIST": str(dist)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    figures: dict[str, float] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/api/v1/themes/")
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args())
            from proposals.demo import DEMO_SLUG

            demo = _first_render(browser, f"{base}/?campaign={DEMO_SLUG}", rounds)
            big = _first_render(browser, f"{base}/?campaign={SLUG}", rounds)
            smooth = _smoothness(browser, f"{base}/?campaign={SLUG}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        _forget(SLUG)

    for name, f in (("demo campaign", demo), (f"{shown} proposals", big)):
        ratio = f["first_ms"] / f["dcl_ms"]
        verdict = "ok" if f["first_ms"] <= TARGET_FIRST_RENDER_MS else "ABOVE TARGET"
        print(
            f"First map render, {name} ({rounds} loads, median): {f['first_ms']:.0f} ms "
            f"(DOMContentLoaded {f['dcl_ms']:.0f} ms, ratio {ratio:.1f}x; "
            f"target <= {TARGET_FIRST_RENDER_MS} ms: {verdict})"
        )
    print(
        f"With {shown} proposals: 7 pans and zooms, longest main-thread task "
        f"{smooth['pan_zoom_longest_task_ms']:.0f} ms ({smooth['pan_zoom_long_tasks']:.0f} over "
        f"50 ms); a theme filter answered and drawn in {smooth['filter_ms']:.0f} ms, longest task "
        f"{smooth['filter_longest_task_ms']:.0f} ms"
    )
    figures.update({f"demo_{k}": v for k, v in demo.items()})
    figures.update({f"big_{k}": v for k, v in big.items()})
    figures.update(smooth)
    return figures


if __name__ == "__main__":
    main()
