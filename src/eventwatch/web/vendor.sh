#!/usr/bin/env bash
# Refresh the dashboard's vendored libraries from the npm registry (built files only, no build step).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent leaflet@1.9.4 uplot@1.6.32 topojson-client@3.1.0 world-atlas@2.0.2 swagger-ui-dist@5.17.14 \
  leaflet.markercluster@1.5.3 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
cp leaflet-1.9.4/package/dist/leaflet.js leaflet-1.9.4/package/dist/leaflet.css "$here/leaflet/"
cp -r leaflet-1.9.4/package/dist/images "$here/leaflet/"
cp uplot-1.6.32/package/dist/uPlot.iife.min.js uplot-1.6.32/package/dist/uPlot.min.css "$here/uplot/"
cp topojson-client-3.1.0/package/dist/topojson-client.min.js "$here/topojson/"
cp world-atlas-2.0.2/package/countries-110m.json "$here/world-atlas/"
cluster=leaflet.markercluster-1.5.3/package
mkdir -p "$here/leaflet.markercluster"
cp "$cluster/dist/leaflet.markercluster.js" "$cluster/dist/MarkerCluster.css" \
  "$cluster/MIT-LICENCE.txt" "$here/leaflet.markercluster/"
ui=swagger-ui-dist-5.17.14/package
cp "$ui/swagger-ui-bundle.js" "$ui/swagger-ui.css" "$ui/favicon-32x32.png" "$ui/LICENSE" "$here/swagger-ui/"
echo "vendored into $here"
