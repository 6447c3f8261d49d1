// The results on a map (Leaflet, installed from our lock file and served by us): the person's
// address and the numbered places, numbers matching the list. The list stays the primary view;
// the map is an addition: each numbered marker is a button (Tab, then Entrée) that brings its
// card, and each card's « Voir sur la carte » brings its marker.
//
// With no tile server configured the map draws its own base: the commune outlines
// (/v1/map/outlines) and, when a GTFS feed is imported, the transit lines and stops
// (/v1/transit/lines, /v1/transit/stops). Nothing is loaded from another host.
import { getJSON } from "./api.js";

const OUTLINE_STYLE = {
  color: "#7b8794", weight: 1.2, fillColor: "#f4f4ef", fillOpacity: 1, interactive: false,
};
const STOP_STYLE = {
  radius: 3.5, color: "#333333", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1, interactive: false,
};

/** Text for Leaflet's attribution control, which takes HTML. */
function asHTML(text) {
  const holder = document.createElement("span");
  holder.textContent = text;
  return holder.innerHTML;
}

let network = null;
/** The transit network once per page: { lines, stops } GeoJSON, or null when none is imported. */
function transitNetwork() {
  network ??= Promise.all([getJSON("/v1/transit/lines"), getJSON("/v1/transit/stops")]).then(
    ([lines, stops]) => (lines.ok && stops.ok ? { lines: lines.body, stops: stops.body } : null),
  );
  return network;
}

export class ResultsMap {
  /**
   * `container` receives the map; `config` is the page's map settings (tiles or none);
   * `onSelect(index)` is called when the marker of the place at `index` is chosen.
   */
  constructor(container, config, onSelect) {
    this.container = container;
    this.config = config;
    this.onSelect = onSelect;
    this.map = null;
    this.markers = [];
    this.outlinesAsked = "";
  }

  /** False when Leaflet did not load: the page then works with the list alone. */
  get available() {
    return typeof window.L !== "undefined";
  }

  create() {
    const L = window.L;
    const map = L.map(this.container, { zoomControl: false, zoomSnap: 0.5, minZoom: 7, maxZoom: 18 });
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    if (this.config.tiles_url) {
      L.tileLayer(this.config.tiles_url, {
        attribution: asHTML(this.config.tiles_attribution || ""), maxZoom: 19,
      }).addTo(map);
    } else {
      map.attributionControl.addAttribution(asHTML(this.config.base_credit));
      this.outlines = L.geoJSON(null, { style: OUTLINE_STYLE }).addTo(map);
    }
    this.network = L.layerGroup().addTo(map);
    this.places = L.layerGroup().addTo(map);
    this.map = map;
    // For the browser tests, which check each marker's position against the answer's.
    this.container.resultsMap = this;
    this.drawNetwork();
  }

  async drawNetwork() {
    const found = await transitNetwork();
    if (!found) return;
    const L = window.L;
    L.geoJSON(found.lines, {
      style: (f) => ({ color: f.properties.color || "#4a5568", weight: 4, opacity: 0.85, interactive: false }),
    }).addTo(this.network);
    L.geoJSON(found.stops, { pointToLayer: (_f, at) => L.circleMarker(at, STOP_STYLE) }).addTo(this.network);
  }

  /** Show the person's `location` and the `items` (places in list order). */
  show(location, items) {
    if (!this.available) return;
    if (!this.map) this.create();
    this.map.invalidateSize();
    const L = window.L;
    this.places.clearLayers();
    // The view first: Leaflet draws no layer on a map that has none yet. Room on the right
    // for markers fanned out (see below) and at the bottom for the credits.
    const points = [[location.latitude, location.longitude],
      ...items.map((p) => [p.latitude, p.longitude])];
    const counts = new Map();
    for (const place of items) counts.set(this.key(place), (counts.get(this.key(place)) || 0) + 1);
    const fanned = Math.max(0, ...[...counts.values()].map((n) => n - 1));
    this.map.fitBounds(L.latLngBounds(points), {
      paddingTopLeft: [30, 30], paddingBottomRight: [30 + 24 * fanned, 56], maxZoom: 16, animate: false,
    });
    const home = L.marker([location.latitude, location.longitude], {
      icon: L.divIcon({ className: "map-home", iconSize: [18, 18], iconAnchor: [9, 9] }),
      keyboard: false, interactive: false, zIndexOffset: -100,
    }).addTo(this.places);
    const homeIcon = home.getElement();
    homeIcon.setAttribute("role", "img");
    homeIcon.setAttribute("aria-label", `Adresse indiquée : ${location.label}`);
    // Places at the same point (one building) fan out sideways, the first on top.
    const seen = new Map();
    this.markers = items.map((place, index) => {
      const key = this.key(place);
      const shift = seen.get(key) || 0;
      seen.set(key, shift + 1);
      return this.marker(place, index, shift, items.length);
    });
    this.drawOutlines();
  }

  key(place) {
    return `${place.latitude.toFixed(5)},${place.longitude.toFixed(5)}`;
  }

  marker(place, index, shift, count) {
    const L = window.L;
    const number = String(index + 1);
    const marker = L.marker([place.latitude, place.longitude], {
      icon: L.divIcon({
        className: "map-pin", html: `<span>${number}</span>`, iconSize: [30, 30], iconAnchor: [15 - 24 * shift, 15],
      }),
      keyboard: true, riseOnHover: true, zIndexOffset: (count - index) * 10,
    }).addTo(this.places);
    const icon = marker.getElement();
    icon.setAttribute("aria-label", `${number}. ${place.name} : voir dans la liste`);
    icon.dataset.number = number;
    marker.on("click", () => this.chosen(index));
    icon.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation();
      this.chosen(index);
    });
    return marker;
  }

  chosen(index) {
    this.highlight(index);
    this.onSelect(index);
  }

  /** Mark the place at `index` as the one chosen (or none with -1). */
  highlight(index) {
    this.markers.forEach((marker, i) => {
      const icon = marker.getElement();
      if (!icon) return;
      icon.classList.toggle("selected", i === index);
      marker.setZIndexOffset(i === index ? 1000 : (this.markers.length - i) * 10);
    });
  }

  /** Bring the marker of the place at `index` into view and give it focus. */
  reveal(index) {
    const marker = this.markers[index];
    if (!marker) return;
    this.highlight(index);
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.container.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "nearest" });
    if (!this.map.getBounds().pad(-0.1).contains(marker.getLatLng())) {
      this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 14), { animate: !still });
    }
    marker.getElement().focus({ preventScroll: true });
  }

  /** The commune outlines around what is shown (the base without tiles). */
  async drawOutlines() {
    if (!this.outlines) return;
    const box = this.map.getBounds().pad(1);
    const params = new URLSearchParams({
      west: box.getWest().toFixed(3), south: box.getSouth().toFixed(3),
      east: box.getEast().toFixed(3), north: box.getNorth().toFixed(3),
    });
    if (String(params) === this.outlinesAsked) return;
    this.outlinesAsked = String(params);
    const result = await getJSON(`/v1/map/outlines?${params}`);
    if (!result.ok || String(params) !== this.outlinesAsked) return;
    this.outlines.clearLayers();
    this.outlines.addData(result.body);
  }
}
