// One card per place: what a counsellor reads out, with the sheet and SMS actions.
import { getJSON } from "./api.js";
import { addressLine, clear, distanceLabel, el, equipmentWords, phoneLabel } from "./dom.js";
import { freshnessLabel, reportedLabel } from "./freshness.js";
import { transitPhrase } from "./transit.js";

const hidden = (text) => el("span", { className: "visually-hidden", textContent: text });

/**
 * Fill the list with one card per place; `onSheet(place, button)` opens its sheet,
 * `extra(place)`, when given, adds a block to the card (its workshops) or null, and
 * `onMap(index)`, when given, shows the place's marker on the map.
 */
export function renderResults(list, items, labels, onSheet, extra = null, onMap = null) {
  clear(list);
  items.forEach((place, index) => list.append(card(place, labels, onSheet, extra, onMap, index)));
}

function card(place, labels, onSheet, extra, onMap, index) {
  const id = `place-${place.id}`;
  const words = equipmentWords(place, labels.equipment);
  const state = place.opening_status.state;
  const sheetButton = el("button", { type: "button", className: "primary" }, "Fiche à imprimer",
    hidden(` : ${place.name}`));
  sheetButton.addEventListener("click", () => onSheet(place, sheetButton));
  const sms = smsPanel(place);
  let mapButton = null;
  if (onMap) {
    mapButton = el("button", { type: "button", className: "map-show" }, "Voir sur la carte",
      hidden(` : ${place.name}, repère ${index + 1}`));
    mapButton.addEventListener("click", () => onMap(index));
  }
  return el("li", { className: "card", "data-place-id": place.id },
    el("article", { "aria-labelledby": id, tabIndex: -1 },
      el("div", { className: "card-head" },
        el("div", { className: "card-title" },
          onMap ? el("span", { className: "card-number", "aria-hidden": "true" }, String(index + 1)) : null,
          el("h3", { id, className: "card-name", textContent: place.name })),
        el("span", { className: "distance", textContent: distanceLabel(place.distance_m, place.location_precision) })),
      el("p", { className: `status status-${state}`, textContent: place.opening_status.label }),
      freshnessLabel(place)
        ? el("p", { className: "card-stale", textContent: freshnessLabel(place) })
        : null,
      reportedLabel(place)
        ? el("p", { className: "card-reported", textContent: reportedLabel(place) })
        : null,
      el("p", { className: "card-address", textContent: addressLine(place) }),
      transitPhrase(place)
        ? el("p", { className: "card-transit", textContent: transitPhrase(place) })
        : null,
      el("p", { className: "card-phone" }, place.phone
        ? el("a", { href: `tel:${place.phone}`, textContent: `Tél. ${phoneLabel(place.phone)}` })
        : "Téléphone non renseigné"),
      el("p", { className: "card-equipment" }, el("span", { className: "key" }, "Équipement : "),
        words === null ? "équipement non renseigné" : words.join(", ") || "aucun"),
      place.wheelchair_accessible === "yes"
        ? el("p", { className: "card-access", textContent: "Accessible en fauteuil roulant" })
        : null,
      extra ? extra(place) : null,
      el("div", { className: "card-actions" }, sheetButton, sms.toggle, mapButton,
        el("a", { className: "report-link", href: `/signaler/${place.id}` }, "Signaler une erreur",
          hidden(` : ${place.name}`))),
      sms.panel));
}

function smsPanel(place) {
  const panelId = `sms-${place.id}`;
  const textId = `sms-text-${place.id}`;
  const toggle = el("button", { type: "button", "aria-expanded": "false", "aria-controls": panelId },
    "Texte SMS", hidden(` : ${place.name}`));
  const text = el("textarea", { id: textId, className: "sms-text", readOnly: true, rows: 4 });
  const count = el("p", { className: "sms-count" });
  const copy = el("button", { type: "button", className: "copy" }, "Copier le texte");
  const status = el("p", { className: "copy-status", role: "status" });
  const panel = el("div", { id: panelId, className: "sms", hidden: true },
    el("label", { for: textId, textContent: "Texte à envoyer par SMS" }), text, count, copy, status);
  toggle.addEventListener("click", async () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
    if (!open || text.value) return;
    text.value = "Chargement…";
    const result = await getJSON(`/v1/access-points/${place.id}/sms`);
    if (!result.ok) {
      text.value = "";
      status.textContent = "Service momentanément indisponible : texte SMS non chargé.";
      return;
    }
    text.value = result.body.text;
    count.textContent = `${result.body.length} caractères, ${result.body.segments} SMS (2 au plus).`;
  });
  copy.addEventListener("click", () => copyText(text, status));
  return { toggle, panel };
}

/** Copy a read-only text; else select it and say how to copy it by hand. */
export async function copyText(textarea, status) {
  try {
    await navigator.clipboard.writeText(textarea.value);
    status.textContent = "Texte copié. Collez-le dans votre message.";
  } catch {
    textarea.focus();
    textarea.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    status.textContent = copied
      ? "Texte copié. Collez-le dans votre message."
      : "Le texte est sélectionné : appuyez sur Ctrl+C pour le copier.";
  }
}
