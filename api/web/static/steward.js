// The steward page: read the place, fill the form, check the hours, save on the version read.

import { el } from "./dom.js";
import { startWorkshops } from "./steward-workshops.js";

const config = JSON.parse(document.getElementById("steward-config").textContent);
const DAYS = Object.keys(config.days);
const form = document.getElementById("steward-form");
const message = document.getElementById("message");
const confirmedLine = document.getElementById("confirmed");
const hoursNote = document.getElementById("hours-note");
const $ = (id) => document.getElementById(id);
let etag = null;
// Whether the stored hours fit the grid; when they do not, the grid replaces them only once
// the steward touches it.
let hoursTouched = false;

/** Show a message (a line, or a line and a list), and move focus to it. */
function say(text, items = [], kind = "") {
  message.className = `message ${kind}`.trim();
  message.replaceChildren(el("p", { textContent: text }));
  if (items.length) message.append(el("ul", {}, items.map((item) => el("li", { textContent: item }))));
  message.focus();
}

function frenchDate(iso) {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

function showMode(day) {
  const count = Number($(`mode-${day}`).value);
  for (const n of [1, 2]) {
    form.querySelector(`.day[data-day="${day}"] .range[data-range="${n}"]`).hidden = n > count;
  }
}

/** Put the stored values into the form. */
function fill(view) {
  etag = view.etag;
  const place = view.place;
  confirmedLine.textContent = view.confirmed_on
    ? `Dernière confirmation : ${frenchDate(view.confirmed_on)}.`
    : "Jamais confirmé par une personne du lieu.";
  const grid = view.hours || { week: {}, public_holidays: "unknown" };
  hoursTouched = view.hours !== null;
  hoursNote.textContent = view.hours
    ? ""
    : `Horaires actuels (trop détaillés pour la grille) : ${place.opening_hours}. Les remplir ici les remplacera.`;
  for (const day of DAYS) {
    const ranges = grid.week[day] || [];
    $(`mode-${day}`).value = String(Math.min(ranges.length, 2));
    for (const n of [1, 2]) {
      const range = ranges[n - 1] || ["", ""];
      $(`open-${day}-${n}`).value = range[0];
      $(`close-${day}-${n}`).value = range[1];
    }
    showMode(day);
  }
  for (const radio of form.querySelectorAll('input[name="holidays"]')) {
    radio.checked = radio.value === grid.public_holidays;
  }
  const closing = place.status === "temporarily_closed";
  $("closed-from").value = closing && place.closed_from ? place.closed_from : "";
  $("closed-until").value = closing && place.closed_until ? place.closed_until : "";
  $("closure-reason").value = closing && place.closure_reason ? place.closure_reason : "";
  const equipment = place.equipment || {};
  for (const box of form.querySelectorAll(".has-equipment")) {
    box.checked = box.value in equipment;
    const count = equipment[box.value];
    $(`count-${box.value}`).value = count === null || count === undefined ? "" : String(count);
  }
  const services = new Set(place.services);
  for (const box of form.querySelectorAll(".service")) box.checked = services.has(box.value);
  for (const radio of form.querySelectorAll('input[name="wheelchair"]')) {
    radio.checked = radio.value === place.wheelchair_accessible;
  }
  $("phone").value = place.phone ? place.phone.replace(/^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/, "0$1 $2 $3 $4 $5") : "";
  $("description").value = place.description || "";
}

/** The week typed in the grid, and each contradiction in it (in French). */
function readWeek() {
  const week = {};
  const problems = [];
  for (const day of DAYS) {
    const name = config.days[day].replace(/^./, (c) => c.toUpperCase());
    const count = Number($(`mode-${day}`).value);
    const ranges = [];
    for (let n = 1; n <= count; n += 1) {
      const opens = $(`open-${day}-${n}`).value;
      const closes = $(`close-${day}-${n}`).value;
      if (!opens || !closes) {
        problems.push(`${name} : indiquez l'heure d'ouverture et de fermeture de la plage ${n}.`);
      } else if (closes <= opens) {
        problems.push(`${name} : la fermeture (${closes}) doit venir après l'ouverture (${opens}).`);
      } else {
        ranges.push([opens, closes]);
      }
    }
    ranges.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (ranges.length === 2 && ranges[1][0] < ranges[0][1]) {
      problems.push(
        `${name} : les plages ${ranges[0][0]}–${ranges[0][1]} et ${ranges[1][0]}–${ranges[1][1]} se chevauchent.`,
      );
    }
    if (ranges.length) week[day] = ranges;
  }
  return { week, problems };
}

/** The edit to send, or the list of what is wrong with the form. */
function readForm() {
  const { week, problems } = readWeek();
  const from = $("closed-from").value;
  const until = $("closed-until").value;
  if (from && until && until < from) {
    problems.push(`La fermeture temporaire finit (${frenchDate(until)}) avant de commencer (${frenchDate(from)}).`);
  }
  const equipment = {};
  for (const box of form.querySelectorAll(".has-equipment")) {
    if (!box.checked) continue;
    const count = $(`count-${box.value}`).value.trim();
    equipment[box.value] = count === "" ? null : Number(count);
  }
  const holidays = form.querySelector('input[name="holidays"]:checked');
  const wheelchair = form.querySelector('input[name="wheelchair"]:checked');
  const edit = {
    equipment,
    services: [...form.querySelectorAll(".service:checked")].map((box) => box.value),
    phone: $("phone").value.trim(),
    description: $("description").value,
    closure: from || until ? { closed_from: from || null, closed_until: until || null, reason: $("closure-reason").value.trim() || null } : {},
  };
  if (wheelchair) edit.wheelchair_accessible = wheelchair.value;
  if (hoursTouched) edit.hours = { week, public_holidays: holidays ? holidays.value : "unknown" };
  return { edit, problems };
}

async function send(method, url, body) {
  try {
    const response = await fetch(url, {
      method,
      headers: { Accept: "application/json", "Content-Type": "application/json", "If-Match": etag },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    return { status: response.status, body: answer };
  } catch {
    return { status: 0, body: null };
  }
}

/** Say what an answer means; refill the form from what is stored when there is one. */
function handle(result, done) {
  const body = result.body || {};
  if (result.status === 200) {
    fill(body);
    say(done, [], "info");
  } else if (result.status === 412 && body.current) {
    fill(body.current);
    say(body.detail);
  } else if (result.status === 422 && body.problems && body.problems.length && body.error === "contradictory_hours") {
    say("Horaires contradictoires, rien n'a été enregistré :", body.problems);
  } else if (result.status === 0 || result.status >= 500) {
    say("Service momentanément indisponible : rien n'a été enregistré. Réessayez dans quelques instants.");
  } else {
    say(body.detail || `Erreur ${result.status} : rien n'a été enregistré.`);
  }
}

let busy = false;

async function act(method, url, body, done) {
  if (busy) return;
  busy = true;
  try {
    handle(await send(method, url, body), done);
  } finally {
    busy = false;
  }
}

form.addEventListener("change", (event) => {
  const day = event.target.closest(".day");
  if (day) {
    hoursTouched = true;
    if (event.target.classList.contains("day-mode")) showMode(day.dataset.day);
  }
  if (event.target.name === "holidays") hoursTouched = true;
  if (event.target.classList.contains("count") && event.target.value !== "") {
    $(`has-${event.target.id.replace(/^count-/, "")}`).checked = true;
  }
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const { edit, problems } = readForm();
  if (problems.length) {
    say("Ces informations se contredisent, rien n'a été enregistré :", problems);
    return;
  }
  act("PUT", config.api, edit, "Modifications enregistrées. Merci !");
});

$("confirm").addEventListener("click", () => {
  act("POST", `${config.api}/confirm`, undefined, "Merci : les informations sont confirmées à jour aujourd'hui.");
});

async function load() {
  try {
    const response = await fetch(config.api, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      form.hidden = true;
      say(body.detail || `Erreur ${response.status}.`);
      return;
    }
    fill(body);
  } catch {
    say("Service momentanément indisponible : rechargez la page dans quelques instants.");
  }
}

load();
startWorkshops(config.api);
