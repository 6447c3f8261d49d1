// Workshops on the counsellor page: a place's next sessions with their seats left, and booking
// a seat for the person in two steps (choose the session, then a short form).
//
// Booking needs the counsellor's own API key (scope `register`): the page embeds no secret.
// The counsellor pastes it once into « Clé de réservation »; it is kept in sessionStorage only
// (gone when the tab closes), sent as a header, never put in a URL nor in localStorage.
import { failureText } from "./api.js";
import { el } from "./dom.js";
import { copyText } from "./results.js";

const KEY_STORE = "panda-booking-key";
const NAME_STORE = "panda-counsellor-name";
const AGENCY_STORE = "panda-counsellor-agency";
const PREFIX = /^Prochain atelier : /;
const SEATS = /, (complet|\d+ places?)$/;
let sequence = 0;

const hidden = (text) => el("span", { className: "visually-hidden", textContent: text });

function remembered(name) {
  try {
    return sessionStorage.getItem(name) || "";
  } catch {
    return "";
  }
}

function remember(name, value) {
  try {
    if (value) sessionStorage.setItem(name, value);
    else sessionStorage.removeItem(name);
  } catch {
    // Storage refused (private mode, say): the counsellor pastes the key again next time.
  }
}

export function seatsText(seats) {
  return seats > 0 ? `${seats} place${seats > 1 ? "s" : ""}` : "complet";
}

/** When the session is, as the API's label says it, without « Prochain atelier : » nor seats. */
function whenText(session) {
  return session.label.replace(PREFIX, "").replace(SEATS, "");
}

/**
 * The place's coming sessions (the answer's `next_sessions` for it), each with its button to
 * book a seat; null when the place has none.
 */
export function workshopsBlock(place, sessions) {
  if (!sessions || !sessions.length) return null;
  const slot = el("div", { className: "booking-slot" });
  const list = el("ul", { className: "sessions" },
    ...sessions.map((session, index) => sessionItem(place, session, index, slot)));
  return el("div", { className: "workshops" },
    el("h4", { className: "workshops-title", textContent: "Ateliers à venir" }), list, slot);
}

function sessionItem(place, session, index, slot) {
  const text = el("span", {
    className: "session-label",
    textContent: index === 0 ? session.label : session.label.replace(PREFIX, ""),
  });
  const button = el("button", { type: "button", className: "book" });
  const item = el("li", { className: "session", "data-session-id": session.session_id },
    el("span", { className: "session-title", textContent: session.title }), " ", text, " ", button);
  const show = (seats) => {
    session.seats_left = seats;
    text.textContent = text.textContent.replace(SEATS, `, ${seatsText(seats)}`);
    button.replaceChildren(seats > 0 ? "Réserver une place" : "Inscrire en liste d'attente",
      hidden(` : ${session.title}, ${whenText(session)}, ${place.name}`));
  };
  show(session.seats_left);
  button.addEventListener("click", () => openForm(place, session, slot, button, show));
  return item;
}

function field(id, label, input, hint) {
  const hintId = hint ? `${id}-hint` : null;
  input.id = id;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return el("div", { className: "field" },
    el("label", { for: id, textContent: label }),
    hint ? el("p", { id: hintId, className: "hint", textContent: hint }) : null,
    input);
}

function textInput(name, maxLength, props = {}) {
  return el("input", { type: "text", name, maxLength, autocomplete: "off", ...props });
}

/** Step 2: the short form under the sessions; `opener` gets focus back when it is closed. */
function openForm(place, session, slot, opener, show) {
  const n = ++sequence;
  const id = (part) => `booking-${n}-${part}`;
  const full = session.seats_left <= 0;
  const title = el("h5", { id: id("title"), className: "booking-title", tabIndex: -1,
    textContent: `Réserver : ${session.title}, ${whenText(session)}` });
  const alert = el("div", { id: id("message"), className: "message", role: "alert", tabIndex: -1 });
  const first = textInput("first_name", 50, { required: true, autocomplete: "off" });
  const initial = textInput("last_initial", 2, { required: true, className: "short" });
  const phone = el("input", { type: "tel", name: "phone", maxLength: 20, autocomplete: "off" });
  const counsellor = textInput("counsellor_name", 100, { required: true, value: remembered(NAME_STORE) });
  const agency = textInput("counsellor_agency", 100, { required: true, value: remembered(AGENCY_STORE) });
  const key = el("input", { type: "password", name: "booking_key", autocomplete: "off",
    value: remembered(KEY_STORE) });
  const consent = el("input", { type: "checkbox", id: id("consent"), name: "consent" });
  const submit = el("button", { type: "submit", className: "primary" }, "Confirmer la réservation");
  const cancel = el("button", { type: "button" }, "Annuler");
  const form = el("form", { className: "booking", noValidate: true, "aria-labelledby": id("title") },
    title,
    full ? el("p", { className: "booking-full",
      textContent: "Séance complète : la personne sera inscrite sur la liste d'attente." }) : null,
    alert,
    el("fieldset", { className: "person" },
      el("legend", { textContent: "La personne" }),
      field(id("first"), "Prénom", first),
      field(id("initial"), "Initiale du nom", initial, "Une lettre seulement, ex. B pour « Nadia B. »"),
      field(id("phone"), "Mobile (facultatif)", phone, "Pour le rappel par SMS, ex. 06 12 34 56 78")),
    el("fieldset", { className: "counsellor" },
      el("legend", { textContent: "Vous" }),
      field(id("counsellor"), "Votre nom", counsellor),
      field(id("agency"), "Votre agence", agency),
      field(id("key"), "Clé de réservation", key,
        "Votre clé personnelle de réservation : collez-la une fois, elle reste dans cet onglet jusqu'à sa fermeture.")),
    el("label", { className: "check consent", for: id("consent") }, consent,
      " La personne est d'accord pour que son prénom, l'initiale de son nom et son mobile soient conservés pour cet atelier."),
    el("div", { className: "booking-actions" }, submit, cancel));

  const close = () => {
    slot.replaceChildren();
    if (opener.isConnected) opener.focus();
  };
  const refuse = (text, input) => {
    for (const box of form.querySelectorAll("[aria-invalid]")) box.removeAttribute("aria-invalid");
    if (input) input.setAttribute("aria-invalid", "true");
    alert.replaceChildren(el("p", { textContent: text }));
    alert.className = "message shown";
    alert.focus();
  };
  cancel.addEventListener("click", close);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const problem = check({ first, initial, counsellor, agency, key, consent });
    if (problem) {
      refuse(problem.text, problem.input);
      return;
    }
    const secret = key.value.trim();
    remember(KEY_STORE, secret);
    remember(NAME_STORE, counsellor.value.trim());
    remember(AGENCY_STORE, agency.value.trim());
    const body = {
      first_name: first.value.trim(),
      last_initial: initial.value.trim(),
      phone: phone.value.trim() || null,
      counsellor_name: counsellor.value.trim(),
      counsellor_agency: agency.value.trim(),
      consent: true,
    };
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    const result = await book(session.session_id, secret, body);
    submit.disabled = false;
    form.removeAttribute("aria-busy");
    if (result.ok) {
      show(result.body.session.seats_left);
      slot.replaceChildren(booked(result.body, opener, slot));
      slot.querySelector(".booked-title").focus();
      return;
    }
    if (result.status === 401 || result.status === 403) {
      remember(KEY_STORE, "");
      refuse(keyRefused(result), key);
      return;
    }
    refuse(refusal(result));
  });
  slot.replaceChildren(form);
  title.focus();
}

/** What must be filled before anything is sent; null when the form is complete. */
function check({ first, initial, counsellor, agency, key, consent }) {
  if (!first.value.trim()) return { text: "Indiquez le prénom de la personne.", input: first };
  if (!/^\p{L}\.?$/u.test(initial.value.trim())) {
    return { text: "Indiquez l'initiale du nom de la personne : une seule lettre, ex. B.", input: initial };
  }
  if (!counsellor.value.trim()) return { text: "Indiquez votre nom.", input: counsellor };
  if (!agency.value.trim()) return { text: "Indiquez votre agence.", input: agency };
  if (!key.value.trim()) {
    return {
      text: "Clé de réservation manquante : collez la clé de réservation que votre administrateur vous a remise. Rien n'a été réservé.",
      input: key,
    };
  }
  if (!consent.checked) {
    return {
      text: "Sans l'accord de la personne, rien n'est réservé : demandez-lui son accord, puis cochez la case.",
      input: consent,
    };
  }
  return null;
}

function keyRefused(result) {
  const detail = result.body && result.body.detail ? ` (${result.body.detail})` : "";
  if (result.status === 403) {
    return `Clé de réservation refusée : elle ne permet pas de réserver${detail}. Demandez une clé de réservation à votre administrateur. Rien n'a été réservé.`;
  }
  return `Clé de réservation refusée${detail} : vérifiez la clé collée, ou demandez-en une nouvelle à votre administrateur. Rien n'a été réservé.`;
}

function refusal(result) {
  const detail = result.body && result.body.detail;
  if (detail && result.status >= 400 && result.status < 500) return `Réservation refusée : ${detail}`;
  return failureText(result);
}

async function book(sessionId, secret, body) {
  try {
    const response = await fetch(`/v1/sessions/${sessionId}/registrations`, {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Accept-Language": "fr",
        "Content-Type": "application/json",
        Authorization: `Bearer ${secret}`,
      },
      body: JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    return { ok: response.ok, status: response.status, body: answer };
  } catch {
    return { ok: false, status: 0, body: null };
  }
}

/** The booking's outcome: registered or waiting (with the position), and the SMS to send. */
function booked(answer, opener, slot) {
  const person = answer.registration;
  const who = `${person.first_name} ${person.last_initial}.`;
  const when = `${answer.session.title}, ${new Date(answer.session.starts_at).toLocaleString("fr-FR", {
    weekday: "long", day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit",
    timeZone: "Europe/Paris",
  })}`;
  const waiting = person.status === "waiting";
  const headline = waiting
    ? `${who} est sur la liste d'attente, en position ${person.waiting_position}.`
    : `Place réservée pour ${who}`;
  const n = ++sequence;
  const textId = `booked-sms-${n}`;
  const text = el("textarea", { id: textId, className: "sms-text", readOnly: true, rows: 5,
    value: answer.sms.text });
  const status = el("p", { className: "copy-status", role: "status" });
  const copy = el("button", { type: "button", className: "copy" }, "Copier le texte");
  copy.addEventListener("click", () => copyText(text, status));
  const done = el("button", { type: "button" }, "Fermer");
  done.addEventListener("click", () => {
    slot.replaceChildren();
    if (opener.isConnected) opener.focus();
  });
  return el("div", { className: `booked ${waiting ? "booked-waiting" : "booked-registered"}` },
    el("p", { className: "booked-title", tabIndex: -1, textContent: headline }),
    el("p", { className: "booked-when", textContent: when }),
    el("div", { className: "sms" },
      el("label", { for: textId, textContent: "Texte à envoyer par SMS" }), text,
      el("p", { className: "sms-count",
        textContent: `${answer.sms.text.length} caractères, ${answer.sms.segments} SMS.` }),
      copy, status),
    el("div", { className: "booking-actions" }, done));
}
