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

import pandas as pd
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
    yield from _serve(tmp_path_factory.mktemp("browser-data"), {})


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory, pg_cluster):
    """The same server with its store on PostGIS (PEM_DB_URL), the demo ingested into it."""
    from tests.conftest import new_pg_database

    env = {"PEM_DB_URL": new_pg_database(pg_cluster)}
    yield from _serve(tmp_path_factory.mktemp("browser-pg-data"), env)


def _serve(data: Path, extra_env: dict[str, str]):
    """Run streamlit on a free port for a data folder; yields (url, data) while it runs."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is required in CI (scripts/setup.sh --browser installs it)")
        pytest.skip(f"{CHROMIUM} not installed")
    if not (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "install_web_assets.sh")], check=True)
    port = _free_port()
    env = {**os.environ, "PEM_DATA_DIR": str(data), **extra_env}
    if "PEM_DB_URL" not in extra_env:
        env.pop("PEM_DB_URL", None)
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
    yield from _page(browser, server[0])


@pytest.fixture()
def pg_page(browser, pg_server):
    """A fresh page on the dashboard whose store is PostGIS."""
    yield from _page(browser, pg_server[0])


def _page(browser, url: str):
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
                _table_drawn(pg, deadline)
                return fr
        pg.wait_for_timeout(250)
    raise AssertionError("the map did not draw its polygons")


def _table_drawn(pg, deadline: float) -> None:
    """Wait out the run that draws a first page's table after its map (app.py defers it), so
    that a test's click does not land while that run is replacing the page."""
    note = pg.get_by_text("The table follows once the map is drawn")
    while time.time() < deadline + 15 and note.count():
        pg.wait_for_timeout(100)


def shown(pg) -> int:
    """The map's count metric ("Mentions counted")."""
    loc = pg.locator('[data-testid="stMetric"]', has_text="counted")
    loc.wait_for(timeout=30_000)
    value = loc.locator('[data-testid="stMetricValue"]').inner_text()
    return int(value.replace(",", ""))


def listed(pg) -> int:
    """The number of place mentions the table lists."""
    head = pg.locator("h4", has_text=re.compile(r"^[\d,]+ place mentions$")).first
    head.wait_for(timeout=30_000)
    return int(head.inner_text().split()[0].replace(",", ""))


def legend_total(fr) -> int:
    text = fr.locator(".pem-legend").inner_text()
    found = re.search(r"([\d,]+) (?:mentions?|documents?) at \w+ level", text)
    return int(found.group(1).replace(",", ""))


def view_of(fr) -> list[float]:
    return fr.evaluate("[map.getCenter().lat, map.getCenter().lng, map.getZoom()]")


def click_preset(pg, name: str) -> None:
    pg.locator('[data-testid="stButtonGroup"] button', has_text=name).click()


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


def test_histogram_draws_its_bars_with_tooltips(page):
    # Sent through st.html (whose sanitiser drops SVG) by a small script: the bars must arrive.
    map_frame(page)
    bars = page.locator(".pem-hist svg rect")
    bars.first.wait_for(timeout=30_000)
    assert bars.count() >= 10
    assert page.locator(".pem-hist svg title").count() >= 10  # one tooltip per bar
    assert page.get_by_text(re.compile(r"per (day|week|month) by event type")).count() == 1


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
    page.locator("h4", has_text=re.compile(r"^[\d,]+ place mentions$")).wait_for(timeout=30_000)
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
    page.wait_for_function("location.search.includes('to=')", timeout=30_000)  # shareable


def test_enter_applies_a_typed_date(page):
    fr = map_frame(page)
    before, legend_before = listed(page), legend_total(fr)
    field = page.locator('[data-testid="stDateInput"]', has_text="From – to")
    field.locator('[data-range-field="start"] [data-type="year"]').click()
    page.keyboard.type("20250401")  # year, month, day: the field moves from segment to segment
    page.keyboard.press("Enter")
    wait_url(page, "from=2025-04-01", timeout=20_000)
    deadline = time.time() + 30
    while listed(page) == before and time.time() < deadline:
        page.wait_for_timeout(250)
    assert 0 < listed(page) < before  # the table follows the typed window
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if legend_total(map_frame(page)) != legend_before:
                break
        except Exception:  # the map's iframe was being replaced
            pass
        page.wait_for_timeout(250)
    assert legend_total(map_frame(page)) < legend_before  # and so does the map
    slider = page.locator('[data-testid="stSlider"]', has_text="Date window")
    assert "2025-04-01" in slider.inner_text()  # the slider shows the typed start


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


def wait_url(pg, needle: str, timeout: float = 10_000) -> None:
    pg.wait_for_function(f"location.search.includes({needle!r})", timeout=timeout)


def test_view_survives_a_preset_and_round_trips_the_url(page):
    fr = map_frame(page)
    page.wait_for_timeout(800)
    fr.evaluate("map.setView([-13.5, -72.0], 7)")
    wait_url(page, "zoom=7")
    counts = []
    for preset in ("365 days", "30 days", "All"):  # three reruns, three redrawn maps
        click_preset(page, preset)
        page.wait_for_timeout(2500)
        counts.append(listed(page))
    assert counts[1] < counts[2]  # the presets did change what is shown
    fr = map_frame(page)
    lat, lon, zoom = view_of(fr)
    assert abs(lat + 13.5) < 0.05 and abs(lon + 72.0) < 0.05 and zoom == 7
    page.wait_for_timeout(1000)
    q = dict(re.findall(r"[?&](lat|lon|zoom)=([-\d.]+)", page.url))
    assert abs(float(q["lat"]) + 13.5) < 0.05 and abs(float(q["lon"]) + 72) < 0.05  # still in
    assert q["zoom"] == "7"  # the link
    # The link opens on the same view in a fresh tab.
    other = page.context.new_page()
    other.goto(page.url)
    # On a loaded machine the first map drawn can be replaced by a rerun's: read the newest
    # map until it settles on the link's view (or 20 s pass and the assert shows what it has).
    deadline = time.time() + 20
    while True:
        try:
            lat2, lon2, zoom2 = view_of(map_frame(other))
        except Exception:  # the frame was replaced while we read it
            lat2 = lon2 = zoom2 = None
        if lat2 is not None and abs(lat2 - lat) < 0.05 and abs(lon2 - lon) < 0.05:
            break
        if time.time() > deadline:
            break
        other.wait_for_timeout(500)
    assert lat2 is not None and abs(lat2 - lat) < 0.05 and abs(lon2 - lon) < 0.05
    assert zoom2 == 7
    other.close()


def test_frame_selection_moves_the_map(page):
    fr = map_frame(page)
    page.wait_for_timeout(800)
    fr.evaluate("map.setView([-5.0, -80.0], 9)")
    wait_url(page, "zoom=9")
    page.get_by_role("button", name=re.compile("Frame selection")).click()
    deadline = time.time() + 20
    while time.time() < deadline:
        page.wait_for_timeout(500)
        try:
            if view_of(map_frame(page))[2] < 7:
                break
        except Exception:
            pass
    assert view_of(map_frame(page))[2] < 7  # all of Peru again


def test_district_polygons_draw_with_no_added_file(page):
    map_frame(page)
    page.locator('[data-testid="stRadio"]', has_text="Map level").get_by_text("District").click()
    fr = map_frame(page, min_paths=1500)
    n = fr.evaluate("document.querySelectorAll('path.leaflet-interactive').length")
    assert n >= 1800  # every shipped INEI district polygon, clickable
    assert "Mentions per district" in fr.locator(".pem-legend").inner_text()
    assert "(points)" not in fr.locator(".pem-legend").inner_text()


def label_boxes(fr, cls: str) -> list[dict]:
    return fr.evaluate(
        f"Array.from(document.querySelectorAll('.{cls}')).map(e => {{"
        "const r = e.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, "
        "y1: r.bottom, t: e.textContent}; })"
    )


def test_labels_appear_at_zoom_7_without_collisions(page):
    fr = map_frame(page)
    page.wait_for_timeout(800)
    assert label_boxes(fr, "pem-lbl-d")  # department names at the national view
    assert label_boxes(fr, "pem-lbl-p") == []  # provinces only from zoom 7
    fr.evaluate("map.setView([-13.4, -72.5], 7)")
    page.wait_for_timeout(800)
    provinces = label_boxes(fr, "pem-lbl-p")
    assert len(provinces) >= 5
    assert label_boxes(fr, "pem-lbl-c") == []  # district capitals only from zoom 9
    fr.evaluate("map.setView([-13.4, -72.5], 9)")
    page.wait_for_timeout(800)
    assert label_boxes(fr, "pem-lbl-c")
    boxes = label_boxes(fr, "pem-lbl")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a["x0"] < b["x1"] - 1 and b["x0"] < a["x1"] - 1
            overlap = overlap and a["y0"] < b["y1"] - 1 and b["y0"] < a["y1"] - 1
            assert not overlap, (a, b)


def test_number_labels_and_legend_agree(page):
    fr = map_frame(page)
    page.wait_for_timeout(800)
    numbers = [int(b["t"].replace(",", "")) for b in label_boxes(fr, "pem-lbl-n")]
    assert numbers
    legend = fr.locator(".pem-legend").inner_text()
    tops = [int(x.replace(",", "")) for x in re.findall(r"(?:–|^)([\d,]+)$", legend, re.M)]
    assert max(numbers) == max(tops)  # the darkest class ends at the biggest number on the map
    assert fr.locator(".marker-cluster").count() == 0  # no second count on the map


def test_play_keeps_its_classes(page):
    map_frame(page)
    page.locator('[data-testid="stCheckbox"]', has_text="Play").click()
    page.get_by_text("Playing").first.wait_for(timeout=15_000)
    seen = []
    deadline = time.time() + 60  # a frame is a rerun: under load (CI's 2 cores) a few seconds
    while len(seen) < 3 and time.time() < deadline:
        try:
            fr = map_frame(page, timeout=5)
            text = fr.locator(".pem-legend").inner_text(timeout=2000)
        except Exception:
            continue
        if "fixed over the play" in text:
            classes = fr.evaluate(
                "Array.from(document.querySelectorAll('.pem-legend div'))"
                ".filter(d => d.querySelector('i')).map(d => d.textContent).join('|')"
            )
            subtitle = fr.locator(".pem-title").inner_text(timeout=2000)
            if not seen or subtitle != seen[-1][1]:
                seen.append((classes, subtitle))
        page.wait_for_timeout(300)
    page.locator('[data-testid="stCheckbox"]', has_text="Play").click()
    assert len(seen) >= 2, seen  # at least two different frames were read
    assert len({c for c, _ in seen}) == 1, seen  # with the same classes


@pytest.mark.parametrize("viewport", [(1400, 1000), (390, 844)])
def test_popup_close_button_is_clickable(browser, server, viewport):
    url, _ = server
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    pg = ctx.new_page()
    pg.goto(url)
    try:
        fr, _text = open_popup(pg, "15")
        sentences = fr.evaluate(
            "Array.from(document.querySelectorAll('.leaflet-popup-content .pem-s'))"
            ".map(p => p.firstChild.textContent)"
        )
        assert len(sentences) == len(set(sentences))  # no sentence listed twice
        pg.wait_for_timeout(700)  # autoPan
        btn = fr.locator(".leaflet-popup-close-button")
        box = fr.evaluate(
            "(() => { const r = document.querySelector('.leaflet-popup-close-button')"
            ".getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;"
            "const top = document.elementFromPoint(x, y);"
            "return {x, y, w: innerWidth, h: innerHeight,"
            " hit: !!top && !!top.closest('.leaflet-popup-close-button')}; })()"
        )
        assert 0 < box["x"] < box["w"] and 0 < box["y"] < box["h"], box
        assert box["hit"], box  # nothing (layer control, legend, title) covers it
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"popup-{viewport[0]}.png"))
        btn.click()
        fr.locator(".leaflet-popup").wait_for(state="detached", timeout=5_000)
    finally:
        ctx.close()


def test_click_on_region_filters_the_table(page):
    map_frame(page)
    total = listed(page)
    open_popup(page, "08")
    page.get_by_text(re.compile("clicked on the map")).wait_for(timeout=20_000)
    deadline = time.time() + 20
    while listed(page) == total and time.time() < deadline:
        page.wait_for_timeout(250)
    assert 0 < listed(page) < total
    assert "Cusco" in page.get_by_text(re.compile("clicked on the map")).first.inner_text()
    page.get_by_role("button", name="Show all").click()
    deadline = time.time() + 20
    while listed(page) != total and time.time() < deadline:
        page.wait_for_timeout(250)
    assert listed(page) == total


def test_phone_shows_the_map_first_with_a_folded_legend(browser, server):
    url, _ = server
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    pg = ctx.new_page()
    pg.goto(url)
    try:
        fr = map_frame(pg)
        map_top = pg.locator("iframe[title*='st_folium']").first.bounding_box()["y"]
        slider_top = pg.locator('[data-testid="stSlider"]', has_text="Date window").bounding_box()
        title_top = pg.locator("h2", has_text="Peru Event Map").bounding_box()["y"]
        assert title_top < map_top < slider_top["y"]
        assert fr.evaluate("document.querySelector('.pem-legend details').open") is False
        pg.screenshot(path=str(ARTIFACTS / "phone.png"))
    finally:
        ctx.close()


def test_dateline_and_headline_are_not_counted(page, tmp_path):
    map_frame(page)
    counted_before, listed_before = shown(page), listed(page)
    page.get_by_text("Add your documents").click()
    doc = tmp_path / "dateline.md"
    doc.write_text(
        "Paro minero en Moquegua\n\nMOQUEGUA, 2 de marzo de 2025.- Los mineros marcharon en Ilo "
        "el lunes.\n",
        encoding="utf-8",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(doc))
    page.get_by_text(re.compile(r"dateline\.md")).first.wait_for(timeout=15_000)
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text(re.compile(r"Added 1 document")).wait_for(timeout=60_000)
    deadline = time.time() + 20
    while listed(page) == listed_before and time.time() < deadline:
        page.wait_for_timeout(250)
    assert listed(page) == listed_before + 3  # headline, dateline and body are all listed
    assert shown(page) == counted_before + 1  # only the body mention (Ilo) is counted


def test_deleted_document_is_gone_from_map_table_and_exports(page, tmp_path):
    _added_then_deleted(page, tmp_path)


def test_postgis_store_document_added_then_deleted_everywhere(pg_page, tmp_path):
    """The same round trip with the dashboard on a PostGIS store (PEM_DB_URL)."""
    _added_then_deleted(pg_page, tmp_path)


def _added_then_deleted(page, tmp_path) -> None:
    """Upload a document, see its events counted, delete it, and find it gone from exports."""
    map_frame(page)
    counted_before, listed_before = shown(page), listed(page)
    page.get_by_text("Add your documents").click()
    doc = tmp_path / "delete-me.md"
    doc.write_text(
        "---\ntitle: Delete me report\ndate: 2025-04-20\n---\n"
        "Pescadores marcharon en Zorritos el domingo.\n\nOtra marcha hubo en Zarumilla.\n",
        encoding="utf-8",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(doc))
    page.get_by_text(re.compile(r"delete-me\.md")).first.wait_for(timeout=15_000)
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text(re.compile(r"Added 1 document")).wait_for(timeout=60_000)
    deadline = time.time() + 20  # the count and the table redraw one after the other
    while (shown(page), listed(page)) != (counted_before + 2, listed_before + 2):
        if time.time() > deadline:
            break
        page.wait_for_timeout(250)
    assert shown(page) == counted_before + 2 and listed(page) == listed_before + 2
    page.get_by_text(re.compile(r"^Your documents")).click()
    row = page.locator("[class*='st-key-doc_']", has_text="Delete me report").first
    row.get_by_role("button").first.click()
    page.get_by_text("cannot be undone").wait_for(timeout=15_000)
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_text(re.compile("Deleted “Delete me report”")).wait_for(timeout=30_000)
    deadline = time.time() + 20
    while shown(page) != counted_before and time.time() < deadline:
        page.wait_for_timeout(250)
    assert shown(page) == counted_before and listed(page) == listed_before
    fr = map_frame(page)
    assert legend_total(fr) == counted_before  # the map's own count
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=re.compile("CSV events")).click()
    csv_file = tmp_path / "after.csv"
    dl.value.save_as(csv_file)
    assert "Delete me report" not in csv_file.read_text(encoding="utf-8-sig")


def test_search_bloqueo_finds_a_sentence_with_bloquearon(page, tmp_path):
    map_frame(page)
    page.get_by_text("Add your documents").click()
    doc = tmp_path / "bloqueo.md"
    doc.write_text(
        "---\ntitle: Comuneros en La Convención\ndate: 2025-04-22\n---\n"
        "Los comuneros bloquearon la vía de acceso en Quillabamba el martes.\n",
        encoding="utf-8",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(doc))
    page.get_by_text(re.compile(r"bloqueo\.md")).first.wait_for(timeout=15_000)
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text(re.compile(r"Added 1 document")).wait_for(timeout=60_000)
    total = listed(page)
    box = page.get_by_role("textbox", name="Search the documents")
    box.fill("bloqueo")
    box.press("Enter")
    deadline = time.time() + 30
    while listed(page) == total and time.time() < deadline:
        page.wait_for_timeout(250)
    assert 0 < listed(page) < total
    _fr, text = open_popup(page, "08")
    assert "bloquearon" in text


def test_choosing_road_block_shows_only_those_and_the_png_says_so(page, tmp_path):
    from io import BytesIO

    from PIL import Image

    map_frame(page)
    total = listed(page)
    page.locator('[data-testid="stMultiSelect"]', has_text="Event types").click()
    page.get_by_role("option", name="road block", exact=True).click()
    page.keyboard.press("Escape")
    deadline = time.time() + 30
    while listed(page) == total and time.time() < deadline:
        page.wait_for_timeout(250)
    n = listed(page)
    assert 0 < n < total
    # The choice is in the shareable link (written once the rerun that applied it ends).
    page.wait_for_function("location.search.includes('type=road_block')", timeout=30_000)
    fr = map_frame(page)
    legend = fr.locator(".pem-legend").inner_text()
    assert "road block" in legend
    # Every exported row is a road block, and there are as many as the table lists.
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=re.compile("CSV events")).click()
    csv_file = tmp_path / "events.csv"
    dl.value.save_as(csv_file)
    rows = pd.read_csv(csv_file, encoding="utf-8-sig")
    assert len(rows) == n
    assert rows["event_types"].str.split(",").map(lambda ts: "road_block" in ts).all()
    # The PNG's title names the type (read from its text chunk, the same string it draws).
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name=re.compile("PNG snapshot")).click()
    png = tmp_path / "map.png"
    dl.value.save_as(png)
    title = Image.open(BytesIO(png.read_bytes())).info.get("Title", "")
    assert "road block" in title, title
    assert "event types: road block" in Image.open(png).info.get("Description", "")


def test_popups_built_in_the_browser_show_document_text_as_text(browser, tmp_path, gazetteer):
    """The popups are built from plain data when opened (maps.POPUP_JS): texts stay text."""
    from geo import snapshot
    from geo.boundaries import load_boundaries
    from geo.model import EventFilter
    from geo.store import Store
    from tests.dashboard_fakes import PAYLOADS as DOC_PAYLOADS
    from tests.dashboard_fakes import payload_document

    store = Store.open(tmp_path / "events.sqlite")
    store.add_document(*payload_document(gazetteer))
    frame = store.events_frame(EventFilter())
    deps = load_boundaries("department")
    view = maps.MapView(level="department", title="t", sync_url=False)
    page_html = snapshot.export_html(frame, view, gazetteer, deps, deps).decode()
    store.close()
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        pg.set_content(page_html)
        pg.wait_for_function("document.querySelectorAll('.leaflet-container path').length >= 25")
        opened = pg.evaluate(
            """(code) => {
              const map = Object.keys(window).filter((k) => k.startsWith("map_"))
                .map((k) => window[k]).find((v) => v instanceof L.Map);
              const out = [];
              for (const kind of ["unit", "place"]) {
                for (const k in map._layers) {
                  const l = map._layers[k], p = l.feature && l.feature.properties;
                  if (!p || p.ubigeo.slice(0, 2) !== code || !l.getPopup || !l.getPopup()) continue;
                  if ((kind === "place") !== (p.kind === "places")) continue;
                  l.openPopup(l.getBounds ? l.getBounds().getCenter() : l.getLatLng());
                  const c = document.querySelector(".leaflet-popup-content");
                  out.push({text: c.innerText, imgs: c.querySelectorAll("img,script").length,
                            bold: c.querySelectorAll(".pem-s b, .pem-src b").length,
                            marks: Array.from(c.querySelectorAll("mark")).map((m) => m.textContent),
                            hrefs: Array.from(c.querySelectorAll(".pem-src a"), (a) => a.href)});
                  l.closePopup();
                  break;
                }
              }
              return out;
            }""",
            "08",
        )
        assert len(opened) == 2, opened  # the region's popup and a place dot's
        for pop in opened:
            shown_payloads = [p for p in DOC_PAYLOADS if p in pop["text"]]
            assert len(shown_payloads) >= maps.MAX_SENTENCES, pop  # literally, as text
            assert "Payload `${x}` C:\\users <b>bold</b>" in pop["text"]  # the title, as text
            assert pop["imgs"] == 0 and pop["bold"] == 0, pop  # nothing parsed as HTML
            assert set(pop["marks"]) == {"Cusco"}, pop
            assert all(h.startswith("https://example.org/payload") for h in pop["hrefs"]), pop
        assert "+ 2 more: all in the table below" in opened[0]["text"]
        assert dialogs == []
    finally:
        ctx.close()
