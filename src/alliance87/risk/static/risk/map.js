/* The interactive map of a run's territories with Leaflet (vendor/leaflet-1.9.4): the
   boundaries alone, no tile server. Without JavaScript the page shows the server's SVG map. */
(function () {
  "use strict";
  var el = document.getElementById("risk-leaflet");
  if (!el || !window.L || !window.fetch) { return; }
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      el.hidden = false;
      var svg = document.querySelector("[data-svg-map]");
      if (svg) { svg.hidden = true; }
      var map = window.L.map(el, { attributionControl: false, zoomSnap: 0.25 });
      var layer = window.L.geoJSON(data, {
        style: function (feature) {
          return { className: "risk-" + (feature.properties.level || "none"), weight: 1 };
        },
        onEachFeature: function (feature, path) {
          var p = feature.properties;
          var tip = document.createElement("span");
          tip.textContent = (p.name || p.territory) + " — " + p.level_label + " (" + (p.risk_index * 100).toFixed(1) + " %)";
          path.bindTooltip(tip);
          path.on("click", function () { window.location.href = p.url; });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      el.setAttribute("data-ready", "true");
    });
})();
