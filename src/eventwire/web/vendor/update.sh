#!/usr/bin/env bash
# Copy the UI's npm packages (exact versions in package.json beside this file) into this folder.
# Run by `make web-assets`; needs npm. The result is committed: serving needs neither npm nor a CDN.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$work/"
(cd "$work" && npm install --no-audit --no-fund --ignore-scripts --silent)
m="$work/node_modules"
rm -rf "$here"/{leaflet,leaflet.markercluster,topojson-client,world-atlas,swagger-ui-dist}
mkdir -p "$here"/{leaflet,leaflet.markercluster,topojson-client,world-atlas,swagger-ui-dist}
cp -r "$m/leaflet/dist/leaflet.js" "$m/leaflet/dist/leaflet.css" "$m/leaflet/dist/images" "$m/leaflet/LICENSE" "$here/leaflet/"
cp "$m/leaflet.markercluster/dist/"{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
   "$m/leaflet.markercluster/MIT-LICENCE.txt" "$here/leaflet.markercluster/"
cp "$m/topojson-client/dist/topojson-client.min.js" "$m/topojson-client/LICENSE" "$here/topojson-client/"
cp "$m/world-atlas/countries-110m.json" "$m/world-atlas/LICENSE" "$here/world-atlas/"
cp "$m/swagger-ui-dist/"{swagger-ui-bundle.js,swagger-ui.css,LICENSE} "$here/swagger-ui-dist/"
echo "vendored into $here:"; du -sh "$here"/*/ | sed "s|$here/||"
