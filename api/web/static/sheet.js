// The sheet a counsellor prints and hands over: one A4 page about one place.
import { getJSON } from "./api.js";
import { addressLine, clear, distanceLabel, el, equipmentWords, phoneLabel } from "./dom.js";
import { reportAddress, reportedLabel, sourceLine } from "./freshness.js";
import { transitNote, transitPhrase } from "./transit.js";

const $ = (id) => document.getElementById(id);
const WHEELCHAIR = {
  yes: "Accessible en fauteuil roulant",
  no: "Non accessible en fauteuil roulant",
  unknown: "Accès en fauteuil roulant : non renseigné",
};

/**
 * Fill the sheet for a place found near `searched` (at `point`, {latitude, longitude}, when
 * known); the week starts on `day` if given.
 */
export async function fillSheet(place, searched, labels, attribution, day, point = null) {
  $("sheet-name").textContent = place.name;
  $("sheet-address").textContent = addressLine(place);
  const reported = reportedLabel(place);
  $("sheet-reported").hidden = !reported;
  $("sheet-reported").textContent = reported || "";
  // A short address to type: the sheet is printed, a link could not be followed.
  $("sheet-report").textContent = `Une erreur sur ce lieu ? Signalez-la : ${reportAddress(place)}`;
  $("sheet-phone").textContent = place.phone
    ? `${phoneLabel(place.phone)} — appelez avant de vous déplacer.`
    : "Non renseigné.";
  $("sheet-route").textContent =
    `${addressLine(place)}, ${distanceLabel(place.distance_m, place.location_precision)} de l'adresse indiquée (${searched}).`;
  fillTransit(place);
  const offers = $("sheet-offers");
  clear(offers);
  const words = equipmentWords(place, labels.equipment);
  const lines = [
    ...place.services,
    words === null ? "Équipement non renseigné" : `Équipement : ${words.join(", ") || "aucun"}`,
    ...place.support_modes,
    ...place.fees,
    WHEELCHAIR[place.wheelchair_accessible] || WHEELCHAIR.unknown,
  ];
  for (const line of lines) offers.append(el("li", { textContent: line }));
  fillMap(place, searched, point);
  // The place's own source and the date its facts were stated, never the day of printing.
  $("sheet-footer").textContent = sourceLine(place, attribution);
  await fillWeek(place, day);
}

/**
 * The plan drawn by the server (SVG in an image: no script runs in it), with the person's
 * point when known; its caption says in words what it shows.
 */
function fillMap(place, searched, point) {
  const map = $("sheet-map");
  const params = point ? `?${new URLSearchParams({ lat: point.latitude, lon: point.longitude })}` : "";
  map.src = `/v1/access-points/${place.id}/sheet-map.svg${params}`;
  map.alt = point
    ? `Plan : ${place.name} et l'adresse indiquée (${searched}), reliés à vol d'oiseau.`
    : `Plan : ${place.name}.`;
  map.hidden = false;
  $("sheet-map-caption").textContent =
    "Plan à vol d'oiseau, sans les rues ; fond : contours des communes (Licence Ouverte).";
}

/** The nearest stop and the walk to it (an estimate, said so); hidden when there is none. */
function fillTransit(place) {
  const line = $("sheet-transit");
  const phrase = transitPhrase(place);
  line.hidden = !phrase;
  line.textContent = phrase ? `${phrase}. ${transitNote(place)}` : "";
}

let latest = 0;

async function fillWeek(place, firstDay) {
  const mine = ++latest;
  const body = $("sheet-week");
  const note = $("sheet-week-note");
  clear(body);
  note.textContent = "Chargement des horaires…";
  const start = firstDay ? `?${new URLSearchParams({ start: firstDay })}` : "";
  const result = await getJSON(`/v1/access-points/${place.id}/week${start}`);
  if (mine !== latest) return;
  if (!result.ok) {
    note.textContent = "Service momentanément indisponible : horaires non chargés.";
    return;
  }
  for (const [index, entry] of result.body.days.entries()) {
    const [, month, date] = entry.day.split("-");
    const holiday = entry.holiday
      ? [el("span", { className: "holiday", textContent: entry.holiday }), el("br")]
      : [];
    const row = el("tr", { className: index === 0 && !firstDay ? "today" : "" },
      el("th", { scope: "row", textContent: `${entry.weekday} ${date}/${month}` }),
      el("td", {}, holiday, entry.label));
    body.append(row);
  }
  const closure = place.status === "open" ? "" : `Attention : ${place.opening_status.label}. `;
  note.textContent = closure + weekNote(result.body);
}

/** What the week tells of the hours, public holidays included only when the source states them. */
function weekNote(week) {
  if (!week.known) return "Horaires non renseignés : appelez avant de vous déplacer.";
  if (week.holidays_stated) return "Horaires habituels ; les jours fériés sont pris en compte.";
  return "Horaires habituels ; la source ne précise pas les jours fériés : "
    + "appelez avant de vous déplacer un jour férié.";
}

/** Mirror the note into a paragraph that prints whole (a textarea prints clipped). */
export function wireNote() {
  const note = $("sheet-note");
  const mirror = $("sheet-note-print");
  note.addEventListener("input", () => {
    mirror.textContent = note.value;
  });
}
