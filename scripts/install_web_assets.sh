#!/usr/bin/env bash
# Install the map's third-party JavaScript/CSS from the npm registry into static/vendor/, which
# Streamlit serves at /app/static/vendor/ so the map draws with no internet (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned versions; geo/maps.py maps folium's CDN URLs onto these files.
PACKAGES=(leaflet@1.9.4 leaflet.markercluster@1.5.3)
DEST=static/vendor
STAMP="$DEST/.installed"
WANT="${PACKAGES[*]}"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -f "$DEST/leaflet/leaflet.js" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install_web_assets: npm is missing; install Node.js (npm) to serve the map offline" >&2
  exit 1
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm install --prefix "$WORK" --no-save --no-audit --no-fund --loglevel=error "${PACKAGES[@]}" >/dev/null

NM="$WORK/node_modules"
rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp/leaflet" "$DEST.tmp/leaflet.markercluster"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$DEST.tmp/leaflet/"
cp -r "$NM/leaflet/dist/images" "$DEST.tmp/leaflet/images"
cp "$NM/leaflet/LICENSE" "$DEST.tmp/leaflet/LICENSE"
cp "$NM/leaflet.markercluster/dist/"{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
   "$NM/leaflet.markercluster/MIT-LICENCE.txt" "$DEST.tmp/leaflet.markercluster/"
echo "$WANT" > "$DEST.tmp/.installed"

rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "install_web_assets: installed ${PACKAGES[*]} into $DEST"
