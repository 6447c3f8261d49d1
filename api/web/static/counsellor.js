// The counsellor page: address suggestions, filters, results, the sheet and the SMS text.
import { failureText, getJSON } from "./api.js";
import { AddressCombobox } from "./combobox.js";
import { el } from "./dom.js";
import { ResultsMap } from "./map.js";
import { renderResults } from "./results.js";
import { fillSheet, wireNote } from "./sheet.js";
import { workshopsBlock } from "./workshops.js";

const $ = (id) => document.getElementById(id);
const MULTI_VALUED = ["service", "national_programme", "support_mode", "audience", "fees", "access_mode"];
const labels = JSON.parse($("panda-labels").textContent);
const form = $("search-form");
const address = $("address");
const message = $("message");
const summary = $("summary");
const results = $("results");
const resultsSection = results.closest("section");
const resultsColumn = resultsSection.parentElement;
const sheet = $("sheet");
const mapBlock = $("map-block");
const resultsMap = new ResultsMap($("map"), JSON.parse($("panda-map").textContent), focusCard);
let last = null;
let opener = null;
let controller = null;

function showMessage(...parts) {
  message.replaceChildren(...parts);
  message.className = parts.length ? "message shown" : "message";
}

function query() {
  const params = new URLSearchParams({ address: address.value.trim(), limit: "10" });
  const day = $("open-day").value;
  const time = $("open-time").value;
  if (day && !time) return { error: "Indiquez aussi l'heure d'ouverture souhaitée (ou videz la date)." };
  if (time) {
    const date = day || new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
    params.set("open_at", `${date}T${time}:00`);
  }
  const equipment = [...form.querySelectorAll('input[name="equipment"]:checked')].map((c) => c.value);
  if (equipment.length) params.set("equipment", equipment.join(","));
  if ($("wheelchair").checked) params.set("wheelchair_accessible", "yes");
  // Several values of one filter are sent repeated (service=A&service=B): any of them, or all
  // with service_match=all.
  for (const name of MULTI_VALUED) {
    for (const box of form.querySelectorAll(`input[name="${name}"]:checked`)) params.append(name, box.value);
  }
  if ($("service-all").checked && params.has("service")) params.set("service_match", "all");
  if ($("open-weekend").checked) params.set("open_weekend", "true");
  if ($("appointment-online").checked) params.set("appointment_online", "true");
  return { params };
}

async function search() {
  closeSheet(false);
  if (!address.value.trim()) {
    showMessage("Indiquez l'adresse de la personne.");
    address.focus();
    return;
  }
  const { params, error } = query();
  if (error) {
    showMessage(error);
    return;
  }
  controller?.abort();
  controller = new AbortController();
  const from = document.activeElement;
  showMessage();
  summary.textContent = "Recherche en cours…";
  resultsSection.setAttribute("aria-busy", "true");
  const result = await getJSON(`/v1/access-points/search?${params}`, controller.signal);
  if (result.aborted) return;
  resultsSection.removeAttribute("aria-busy");
  if (!result.ok) failed(result);
  else shown(result.body);
  bringResults(from);
}

function shown(answer) {
  last = answer;
  const sessions = last.next_sessions || {};
  const onMap = resultsMap.available && last.items.length ? (index) => resultsMap.reveal(index) : null;
  renderResults(results, last.items, labels, openSheet, (place) => workshopsBlock(place, sessions[place.id]), onMap);
  mapBlock.hidden = !onMap;
  if (onMap) resultsMap.show(last.location, last.items);
  summary.textContent = describe(last);
  if (last.street_not_found) streetNotFound(last.location.label, last.alternatives);
  else alternatives(last.alternatives);
}

/**
 * After a search, on a phone, scroll the results (and the message above them) into view and
 * focus their heading.
 *
 * Why only then: when the layout stacks (a phone, a narrow window, a strong zoom) the results
 * come below the form, out of sight, so they are brought to the counsellor; on a wide screen they sit beside the form, in view, and focus
 * stays in the form to refine the search. Either way the live region #summary announces the
 * count. Only a search the counsellor asked for (Rechercher, a chosen suggestion, a proposed
 * alternative) moves focus: filters rerun nothing until the next search, closing the sheet
 * gives focus back to the card's button, and a counsellor who moved focus while the search
 * ran (on to the filters, say) keeps it where they put it.
 */
function bringResults(from) {
  const stacked = resultsSection.getBoundingClientRect().top >= form.getBoundingClientRect().bottom;
  const moved = document.activeElement !== from && document.activeElement !== document.body;
  if (!stacked || moved) return;
  const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
  resultsColumn.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
  $("results-title").focus({ preventScroll: true });
}

function describe(answer) {
  const count = answer.count;
  const where = `près de « ${answer.location.label} »`;
  const when = answer.query.open_at
    ? `, ouverts le ${new Date(answer.at).toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" })}`
    : "";
  const outside = answer.outside_service_area ? " Attention : cette adresse est hors de Dijon Métropole." : "";
  if (!count) return `Aucun lieu ne correspond à ces filtres ${where}${when}.${outside}`;
  return `${count} lieu${count > 1 ? "x" : ""} ${where}${when}, du plus proche au plus éloigné.${outside}`;
}

function retryWith(text) {
  const button = el("button", { type: "button", className: "link", textContent: text });
  button.addEventListener("click", () => {
    address.value = text;
    search();
  });
  return button;
}

function alternatives(items) {
  if (!items || !items.length) return;
  showMessage(el("p", {}, "Autres lectures possibles de l'adresse : ",
    ...items.map((c) => retryWith(c.label))));
  message.classList.add("info");
}

/** The street is unknown in the commune: say so, and offer its streets of nearest names. */
function streetNotFound(commune, items) {
  const offers = (items || []).map((c) => el("li", {}, retryWith(c.label)));
  showMessage(
    el("p", { textContent: `Rue non trouvée à ${commune} : résultats autour du centre de ${commune}.` }),
    offers.length ? el("p", { textContent: "Rues connues aux noms proches :" }) : "",
    offers.length ? el("ul", { className: "street-alternatives" }, ...offers) : "",
  );
}

/** A marker was chosen: highlight its card and give it focus (the list stays the main view). */
function focusCard(index) {
  const cards = [...results.children];
  cards.forEach((card, i) => card.classList.toggle("card-selected", i === index));
  const card = cards[index];
  if (!card) return;
  const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
  card.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "nearest" });
  card.querySelector("article").focus({ preventScroll: true });
}

function failed(result) {
  last = null;
  mapBlock.hidden = true;
  results.replaceChildren();
  summary.textContent = "Pas de résultat.";
  if (result.status === 404 && result.body && result.body.error === "address_not_found") {
    const typed = address.value.trim();
    const hints = (result.body.suggestions || []).map((commune) => retryWith(`${typed} ${commune}`));
    showMessage(el("p", { textContent: `Adresse introuvable : ${result.body.detail}` }),
      hints.length ? el("p", {}, "Essayez : ", ...hints) : "");
    return;
  }
  showMessage(el("p", { textContent: failureText(result) }));
}

async function openSheet(place, button) {
  opener = button;
  resultsSection.hidden = true;
  sheet.hidden = false;
  $("sheet-note").value = "";
  $("sheet-note-print").textContent = "";
  $("sheet-title").focus();
  const day = last.query.open_at ? last.query.open_at.slice(0, 10) : null;
  await fillSheet(place, last.location.label, labels, last.attribution, day, last.location);
}

function closeSheet(refocus = true) {
  if (sheet.hidden) return;
  sheet.hidden = true;
  resultsSection.hidden = false;
  if (refocus && opener && opener.isConnected) opener.focus();
}

new AddressCombobox(address, $("address-options"), $("address-note"), () => search());
form.addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
$("print-sheet").addEventListener("click", () => window.print());
$("close-sheet").addEventListener("click", () => closeSheet());
wireNote();
