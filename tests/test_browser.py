"""The dashboard in Debian's chromium against `streamlit run app.py`, with no internet access.

Skipped outside CI when /usr/bin/chromium is missing; in CI (CI=true) these tests always run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo import maps

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL = re.compile(r"^(https?://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")
PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "${alert(2)}",
    "`tick`",
    "C:\\users\\x",
    "</script><b>bold</b>",
)
UPLOAD = """---
title: Payload report `${{alert(3)}}` C:\\users
date: {day}
url: https://example.org/payload
---
In Cusco, the first banner read <img src=x onerror=alert(1)> on {day}.

In Cusco, a second banner read ${{alert(2)}} and `tick` on {day}.

In Cusco, a third banner read C:\\users\\x and </script><b>bold</b> on {day}.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port with a fresh data directory (demo ingested)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is required in CI (scripts/setup.sh --browser installs it)")
        pytest.skip(f"{CHROMIUM} not installed")
    if not (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "install_web_assets.sh")], check=True)
    data = tmp_path_factory.mktemp("browser-data")
    port = _free_port()
    env = {**os.environ, "PEM_DATA_DIR": str(data)}
    log = open(data / "streamlit.log", "wb")  # noqa: SIM115 (kept open for the server's life)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("streamlit did not become healthy:\n" + (data / "streamlit.log").read_text())
    yield url, data
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page that records requests and fails the test on any JavaScript dialog."""
    url, _ = server
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.goto(url)
    yield pg
    assert pg.dialogs == [], f"a script ran: dialogs {pg.dialogs}"
    outside = [u for u in pg.requests if not LOCAL.match(u)]
    assert outside == [], f"requests left the machine: {outside[:5]}"
    ctx.close()


def map_frame(pg, min_paths: int = 20, timeout: float = 45):
    """The st_folium iframe once Leaflet has drawn polygons in it (the newest one)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for fr in reversed(pg.frames):
            if "st_folium" not in fr.url:
                continue
            try:
                n = fr.evaluate("document.querySelectorAll('.leaflet-container path').length")
            except Exception:
                continue
            if n >= min_paths:
                return fr
        pg.wait_for_timeout(250)
    raise AssertionError("the map did not draw its polygons")


def shown(pg) -> int:
    """The "Events shown" metric."""
    loc = pg.locator('[data-testid="stMetric"]', has_text="Events shown")
    loc.wait_for(timeout=30_000)
    value = loc.locator('[data-testid="stMetricValue"]').inner_text()
    return int(value.replace(",", ""))


def legend_total(fr) -> int:
    text = fr.locator(".pem-legend").inner_text()
    return int(re.search(r"([\d,]+) events at \w+ level", text).group(1).replace(",", ""))


def open_popup(pg, ubigeo: str, tries: int = 4):
    """Open a unit's popup through Leaflet and return (frame, the text the browser shows).

    Retried because a rerun can replace the map's iframe while we read it.
    """
    js = """(code) => { for (const k in window.map._layers) { const l = window.map._layers[k];
        if (l.feature && l.feature.properties && l.feature.properties.ubigeo === code
            && l.getPopup && l.getPopup()) {  // the choropleth polygon, not the base map's
          l.fire("click", {latlng: l.getBounds().getCenter()}, true); return true; } }
        return false; }"""
    last: Exception | None = None
    for _ in range(tries):
        pg.wait_for_timeout(1000)
        fr = map_frame(pg)
        try:
            assert fr.evaluate(js, ubigeo)
            popup = fr.locator(".leaflet-popup-content")
            popup.wait_for(timeout=5_000)
            return fr, popup.inner_text()
        except Exception as exc:  # detached frame: the map was redrawn, try the new one
            last = exc
    raise AssertionError(f"could not open the popup of {ubigeo}: {last}")


def test_map_draws_offline_with_polygons(page):
    fr = map_frame(page)
    fills = fr.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-container path'))"
        ".map(p => (p.getAttribute('fill') || '').toLowerCase())"
    )
    assert fills.count(maps.LAND_COLOR) >= 25  # the offline base map: every department
    choropleth = [f for f in fills if f in (*maps.PALETTE, maps.NO_DATA_COLOR)]
    assert len(choropleth) >= 25  # the count classes of every department
    assert fr.locator(".pem-legend").count() == 1
    assert fr.locator(".leaflet-control-layers").count() == 1
    assert shown(page) > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


def test_slider_changes_map_and_table(page):
    fr = map_frame(page)
    before, legend_before = shown(page), legend_total(fr)
    track = page.locator('[data-testid="stSlider"]', has_text="Date window")
    end_thumb = track.locator('input[type="range"]').nth(1)
    # Drag the right handle to 40% of the track: the window ends earlier.
    thumb = end_thumb.locator("xpath=../..").bounding_box()
    rail = track.locator('[role="group"]').bounding_box()
    y = thumb["y"] + thumb["height"] / 2
    page.mouse.move(thumb["x"] + thumb["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(rail["x"] + rail["width"] * 0.4, y, steps=10)
    page.mouse.up()
    deadline = time.time() + 30
    while shown(page) == before and time.time() < deadline:
        page.wait_for_timeout(250)
    after = shown(page)
    assert after < before
    # The table's heading follows once the run completes.
    page.locator("h4", has_text=re.compile(rf"^{after:,} events$")).wait_for(timeout=30_000)
    deadline = time.time() + 30
    while time.time() < deadline:
        fr = map_frame(page)
        try:
            if legend_total(fr) != legend_before:
                break
        except Exception:
            pass
        page.wait_for_timeout(250)
    assert legend_total(fr) < legend_before
    assert "to=" in page.url  # the window is in the shareable URL


def test_upload_adds_events_and_payloads_stay_text(page, tmp_path):
    map_frame(page)
    before = shown(page)
    page.get_by_text("Add your documents").click()
    doc = tmp_path / "payload.md"
    doc.write_text(UPLOAD.format(day="2025-04-30"), encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(doc))
    page.get_by_text(re.compile(r"payload\.md")).first.wait_for(timeout=15_000)
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text(re.compile(r"Added 1 document")).wait_for(timeout=60_000)
    assert shown(page) > before
    fr, text = open_popup(page, "08")
    for p in PAYLOADS:
        assert p in text, (p, text)
    popup = fr.locator(".leaflet-popup-content")
    assert popup.locator("img").count() == 0 and popup.locator("b", has_text="bold").count() == 0
    assert fr.locator("path.leaflet-interactive").count() >= 25  # the map still draws
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "payload-popup.png"))
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_bad_upload_shows_clear_error(page, tmp_path):
    map_frame(page)
    page.get_by_text("Add your documents").click()
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.get_by_text(re.compile(r"empty\.txt")).first.wait_for(timeout=15_000)
    page.get_by_role("button", name="Add to the map").click()
    err = page.locator('[data-testid="stAlertContentError"]').first
    err.wait_for(timeout=30_000)
    assert "empty.txt" in err.inner_text()


def test_png_and_html_downloads(page, tmp_path):
    map_frame(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=re.compile("PNG snapshot")).click()
    png = tmp_path / "map.png"
    dl.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=re.compile("Interactive HTML map")).click()
    html_file = tmp_path / "map.html"
    dl.value.save_as(html_file)
    page_html = html_file.read_text(encoding="utf-8")
    assert "L.map(" in page_html and "leaflet/leaflet.js (inlined)" in page_html
    assert not re.findall(r'<script[^>]+src="https?://', page_html)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "snapshot.png").write_bytes(png.read_bytes())


def test_map_view_from_url_and_back(page, server):
    url, _ = server
    page.goto(url + "/?lat=-12.05&lon=-77.04&zoom=8&level=department")
    fr = map_frame(page, min_paths=1)
    page.wait_for_timeout(500)
    lat, lon, zoom = fr.evaluate("[map.getCenter().lat, map.getCenter().lng, map.getZoom()]")
    assert abs(lat + 12.05) < 0.01 and abs(lon + 77.04) < 0.01 and zoom == 8
    # Panning writes the view into the page URL (without rerunning the app).
    fr.evaluate("map.setView([-13.5, -72.0], 7)")
    page.wait_for_function("location.search.includes('zoom=7')", timeout=10_000)
    assert "lat=-13.500" in page.url and "lon=-72.000" in page.url


def test_play_moves_the_window_and_pauses(page):
    map_frame(page)
    slider = page.locator('[data-testid="stSlider"]', has_text="Date window")
    start = slider.inner_text()
    toggle = page.locator('[data-testid="stCheckbox"]', has_text="Play")
    toggle.click()
    page.get_by_text("Playing").first.wait_for(timeout=15_000)
    deadline = time.time() + 20
    while slider.inner_text() == start and time.time() < deadline:
        page.wait_for_timeout(200)
    assert slider.inner_text() != start  # the window moved, driven by the server
    toggle.click()
    page.get_by_text("Paused").first.wait_for(timeout=15_000)
    map_frame(page)  # the map is still drawn
