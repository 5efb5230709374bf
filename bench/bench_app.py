"""Dashboard benchmark: first map in chromium, server time of a slider move, payload, PNG export.

    python bench/bench_app.py [--sizes 10000 100000] [--no-browser]

For each size a synthetic store is built through geo.store (real gazetteer units, spread over
five years), then:
- first map: `streamlit run app.py` on that store, chromium opens the page, time until the
  Leaflet polygons are drawn (cold: first visit after start, includes loading the store; warm:
  a second visit);
- slider move: the code app.py runs when the window changes, timed in-process: in-memory window
  filter, per-unit aggregation, folium map build, and st_folium's own rendering of the map;
- payload: bytes of map HTML/JS the component sends to the browser on every rerun, and the
  static data files the map loads (polygons, base-map names: fetched once, then kept by the
  browser); the vendored Leaflet files are static too and not counted;
- slider move times are wall clock and CPU time (the machine may be shared: CPU time is what
  the work costs, wall time what a user waited);
- PNG export: geo.snapshot.render_png of the full window.
Targets (issue 4): first map < 3 s, slider move < 300 ms at 100,000 events, payload < 5 MB.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# st_folium's own preprocessing (imported up front so the import is not timed).
from streamlit_folium import _get_header, _get_html, _get_map_string  # noqa: E402

from geo import maps, snapshot, timeline  # noqa: E402
from geo.boundaries import load_boundaries  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.model import EventFilter  # noqa: E402
from geo.store import Store  # noqa: E402
from tests.dashboard_fakes import fill_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WARM_VISITS = 5


def build_store(data_dir: Path, n: int, gaz) -> Store:
    """A store with n synthetic events (100 per document) over 2021-2025."""
    store = Store.open(data_dir / "events.sqlite")
    if store.stats()["events"] < n:
        fill_store(store, gaz, n, n_docs=max(1, n // 100))
    return store


def st_folium_payload(m) -> tuple[int, float]:
    """What st_folium does to a map before sending it: bytes sent and seconds spent."""
    t = time.perf_counter()
    m.get_root().render()
    m.render()
    html = _get_html(m)
    header = _get_header(m)
    script = _get_map_string(m)
    return len((html + header + script).encode()), time.perf_counter() - t


def static_bytes(m) -> int:
    """Bytes of the static data files the map loads (static/generated/, cached by the browser)."""
    total = 0
    for url in maps.asset_urls(m):
        if f"/{maps.GENERATED}/" in url:
            total += (maps.STATIC_DIR / maps.GENERATED / url.rsplit("/", 1)[-1]).stat().st_size
    return total


def slider_moves(
    store: Store, gaz, data_dir: Path, level: str = "department", moves: int = 7
) -> dict:
    """Median server time of a slider move and the payload of the resulting map."""
    from geo.labels import district_capitals

    bounds = load_boundaries(level, data_dir)  # the shipped INEI polygons (data/)
    base = load_boundaries("department", data_dir)
    names = maps.name_label_rows(  # app.py caches these once per process (base_names)
        gaz, base, load_boundaries("province", data_dir), district_capitals()
    )
    t = time.perf_counter()
    full = store.events_frame(EventFilter())  # app.py caches this (base_frame) across moves
    t_base = time.perf_counter() - t
    span = store.date_span()
    width = (span[1] - span[0]) * 0.6
    times, cpu, sizes, shown, static = [], [], [], [], 0
    for i in range(moves):
        lo = span[0] + (span[1] - span[0] - width) * (i / max(1, moves - 1))
        hi = lo + width
        t, c = time.perf_counter(), time.process_time()
        frame = timeline.in_window(full, lo, hi)
        units = maps.unit_counts(frame, level, gaz, "mentions")
        view = maps.MapView(level=level, title=maps.layer_name(level), subtitle=f"{lo} to {hi}")
        m = maps.build_map(
            frame, view, gaz, bounds, base, units=units, names=names, static_dir=maps.STATIC_DIR
        )  # as app.py does
        size, _ = st_folium_payload(m)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        sizes.append(size)
        shown.append(len(frame))
        static = static_bytes(m)
    t = time.perf_counter()
    cap = snapshot.caption_for(full, "Events in Peru", f"{span[0]} to {span[1]}", "all")
    png = snapshot.render_png(full, level, cap, bounds, base, gaz)
    t_png = time.perf_counter() - t
    assert png.startswith(snapshot.PNG_MAGIC)
    return {
        "load_s": t_base,
        "move_ms": statistics.median(times) * 1000,
        "move_max_ms": max(times) * 1000,
        "move_cpu_ms": statistics.median(cpu) * 1000,
        "payload_mb": max(sizes) / 1e6,
        "static_mb": static / 1e6,
        "png_s": t_png,
        "events_in_window": int(statistics.median(shown)),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_map(data_dir: Path, query: str = "") -> tuple[float, float]:
    """Seconds from page load to drawn polygons in chromium: (first visit, median of the next)."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = {**os.environ, "PEM_DATA_DIR": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
         "true", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        out = []
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for _ in range(1 + WARM_VISITS):
                pg = b.new_page(viewport={"width": 1400, "height": 1000})
                t = time.perf_counter()
                pg.goto(url + query)
                out.append(_wait_polygons(pg, t))
                pg.close()
            b.close()
        return out[0], statistics.median(out[1:])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _wait_polygons(pg, t0: float, timeout: float = 120) -> float:
    while time.perf_counter() - t0 < timeout:
        for fr in pg.frames:
            if "st_folium" in fr.url:
                try:
                    n = fr.evaluate("document.querySelectorAll('.leaflet-container path').length")
                except Exception:
                    continue
                if n >= 25:
                    return time.perf_counter() - t0
        pg.wait_for_timeout(50)
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    ap.add_argument("--no-browser", action="store_true", help="skip the chromium measurement")
    ap.add_argument("--keep", help="build the stores under this folder and keep them")
    args = ap.parse_args()
    gaz = load_gazetteer()
    browser = not args.no_browser and Path(CHROMIUM).exists()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pem-bench-") as tmp:
        root = Path(args.keep or tmp)
        for n in args.sizes:
            d = root / f"store-{n}"
            d.mkdir(parents=True, exist_ok=True)
            store = build_store(d, n, gaz)
            for level, query in (("department", ""), ("district", "?level=district")):
                r = slider_moves(store, gaz, d, level)
                before = os.getloadavg()[0]
                cold, warm = first_map(d, query) if browser else (float("nan"), float("nan"))
                load = f"{before:.1f} → {os.getloadavg()[0]:.1f}" if browser else "–"
                rows.append((n, level, cold, warm, r, load))
            store.close()
            print(f"done {n:,} events", file=sys.stderr)

    print()
    print("| events | level | first map cold (s) | first map warm, median of 5 (s) "
          "| slider move median / max (ms) | slider move CPU, median (ms) "
          "| payload per rerun + static files once (MB) | PNG export (s) "
          "| store read, cached (s) | load average during first map |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for n, level, cold, warm, r, load in rows:
        first = f"{cold:.2f} | {warm:.2f}" if cold == cold else "– | –"
        print(
            f"| {n:,} | {level} | {first} | {r['move_ms']:.0f} / {r['move_max_ms']:.0f} "
            f"| {r['move_cpu_ms']:.0f} | {r['payload_mb']:.2f} + {r['static_mb']:.2f} "
            f"| {r['png_s']:.2f} | {r['load_s']:.2f} | {load} |"
        )
    print()
    in_window = ", ".join(str(r["events_in_window"]) for *_, r, _load in rows)
    print(f"Slider move: a 60% window sliding over the span (median events in it: {in_window});")
    print("district rows use the shipped INEI district polygons (data/districts.geojson, 1,826);")
    print("first map: chromium from goto to drawn polygons (district rows: ?level=district);")
    print("the PNG is of the whole span.")
    print("Payload: what every rerun sends to the map, plus the static polygon and name files")
    print("it loads once (static/generated/; the browser keeps them across reruns and visits).")
    print("Targets: first map < 3 s, slider move < 300 ms at 100,000 events, payload < 5 MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
