// The steward page's workshops: the place's workshops and sessions, adding and cancelling a
// session, and, only when the steward opens a session, its registrations (personal data:
// fetched on demand, each read logged by the API, never cached, dropped when closed).

import { el } from "./dom.js";

const PARIS = "Europe/Paris";
const DAY = new Intl.DateTimeFormat("fr-FR", { timeZone: PARIS, weekday: "long", day: "2-digit", month: "2-digit", year: "numeric" });
const TIME = new Intl.DateTimeFormat("fr-FR", { timeZone: PARIS, hour: "2-digit", minute: "2-digit" });
const STATUS = { registered: "inscrite", waiting: "en attente", cancelled: "annulée" };
const ATTENDANCE = { present: "présent·e", absent: "absent·e" };

/** The workshops part of the page, for the place of `api` (`/v1/steward/<token>/places/<id>`). */
export function startWorkshops(api) {
  const [, , , token, , place] = api.split("/");
  const placeId = Number(place);
  const $ = (id) => document.getElementById(id);
  const list = $("workshop-list");
  const form = $("session-form");
  const formMessage = $("session-message");
  const choice = $("session-workshop");
  let busy = false;

  async function call(method, url, body) {
    try {
      const response = await fetch(url, {
        method,
        cache: "no-store",
        headers: { Accept: "application/json", "Content-Type": "application/json", "X-Steward-Token": token },
        body: body === undefined ? undefined : JSON.stringify(body),
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

  /** The French reason of a refusal. */
  function refusal(result, nothing = "rien n'a été enregistré") {
    if (result.status === 0 || result.status >= 500) {
      return `Service momentanément indisponible : ${nothing}. Réessayez dans quelques instants.`;
    }
    const body = result.body || {};
    const problems = Array.isArray(body.problems) && body.problems.length ? ` ${body.problems.join(" ")}` : "";
    return `${body.detail || `Erreur ${result.status} : ${nothing}.`}${problems}`;
  }

  /** Put a line in a message box next to an action, and move focus to it. */
  function tell(box, text, kind = "") {
    box.className = `message ${kind}`.trim();
    box.replaceChildren(el("p", { textContent: text }));
    box.focus();
  }

  function messageBox(id) {
    return el("div", { id, className: "message", role: "alert", tabIndex: -1 });
  }

  /** One action at a time: a second click while one is under way does nothing. */
  async function once(work) {
    if (busy) return;
    busy = true;
    try {
      await work();
    } finally {
      busy = false;
    }
  }

  function when(session) {
    const start = new Date(session.starts_at);
    const end = new Date(session.ends_at);
    const day = DAY.format(start);
    const endDay = DAY.format(end);
    const span = day === endDay ? `${TIME.format(start)}–${TIME.format(end)}` : `${TIME.format(start)} au ${endDay} ${TIME.format(end)}`;
    return `${day.replace(/^./, (c) => c.toUpperCase())}, ${span}`;
  }

  function counts(session) {
    const waiting = session.waiting ? `, ${session.waiting} en attente` : "";
    return `${session.registered} inscrit${session.registered > 1 ? "s" : ""} sur ${session.capacity} places${waiting}`;
  }

  // ---- registrations of one session, read only when opened ----

  function person(registration) {
    return `${registration.first_name} ${registration.last_initial}.`;
  }

  function registrationRow(session, registration, details) {
    const box = messageBox(`registration-message-${registration.id}`);
    const status = STATUS[registration.status] || registration.status;
    const attendance = registration.attendance ? ` · ${ATTENDANCE[registration.attendance]}` : "";
    const row = el(
      "li",
      { className: "registration", "data-registration": registration.id },
      el("span", { className: "who", textContent: person(registration) }),
      el("span", { className: "state", textContent: ` — ${status}${attendance}` }),
    );
    if (registration.status === "cancelled") return row;
    const actions = el("div", { className: "row-actions" });
    if (registration.status === "registered") {
      const group = el("div", { className: "attendance", role: "group", "aria-label": `Présence de ${person(registration)}` });
      for (const [value, label] of [["present", "Présent"], ["absent", "Absent"]]) {
        const button = el("button", {
          type: "button",
          className: "mark",
          textContent: label,
          "aria-pressed": String(registration.attendance === value),
          "data-attendance": value,
        });
        button.addEventListener("click", () =>
          once(async () => {
            const result = await call("PUT", `/v1/registrations/${registration.id}/attendance`, { attendance: value });
            if (!result.ok) return tell(box, refusal(result));
            await showDetails(session, details, `${person(registration)} : ${ATTENDANCE[value]}.`);
          }),
        );
        group.append(button);
      }
      actions.append(group);
    }
    const cancel = el("button", { type: "button", className: "cancel-registration", textContent: "Annuler l'inscription", "aria-label": `Annuler l'inscription de ${person(registration)}` });
    cancel.addEventListener("click", () =>
      once(async () => {
        const result = await call("POST", `/v1/registrations/${registration.id}/cancel`);
        if (!result.ok) return tell(box, refusal(result));
        const promoted = result.body.promoted.length
          ? ` La première personne en attente prend la place.`
          : "";
        await showDetails(session, details, `Inscription de ${person(registration)} annulée.${promoted}`);
      }),
    );
    actions.append(cancel);
    row.append(actions, box);
    return row;
  }

  /** Read the session's registrations (the API logs the read) and show them in `details`. */
  async function showDetails(session, details, done = "") {
    const result = await call("GET", `/v1/sessions/${session.id}/registrations`);
    const status = el("div", { className: "message info", role: "status", tabIndex: -1 });
    if (!result.ok) {
      details.replaceChildren(status);
      tell(status, refusal(result, "la liste n'a pas pu être lue"));
      return;
    }
    const registrations = result.body;
    const registered = registrations.filter((r) => r.status === "registered");
    const waiting = registrations.filter((r) => r.status === "waiting").sort((a, b) => a.waiting_position - b.waiting_position);
    const cancelled = registrations.filter((r) => r.status === "cancelled");
    const line = details.closest(".session").querySelector(".counts");
    line.textContent = counts({ ...session, registered: registered.length, waiting: waiting.length });
    const parts = [status];
    const rows = (items) => el("ol", { className: "registrations" }, items.map((r) => registrationRow(session, r, details)));
    parts.push(el("h5", { textContent: `Inscrits (${registered.length})` }));
    parts.push(registered.length ? rows(registered) : el("p", { textContent: "Personne n'est inscrit." }));
    parts.push(el("h5", { textContent: `Liste d'attente (${waiting.length})` }));
    parts.push(waiting.length ? rows(waiting) : el("p", { textContent: "Personne n'attend." }));
    if (cancelled.length) {
      parts.push(el("h5", { textContent: `Annulées (${cancelled.length})` }), rows(cancelled));
    }
    details.replaceChildren(...parts);
    if (done) tell(status, done, "info");
  }

  // ---- sessions and workshops ----

  function cancelForm(session, box) {
    const reasonId = `cancel-reason-${session.id}`;
    const reason = el("input", { id: reasonId, type: "text", maxLength: 300, className: "cancel-reason" });
    const confirm = el("button", { type: "submit", className: "confirm-cancel", textContent: "Confirmer l'annulation" });
    const formNode = el(
      "form",
      { className: "cancel-form", hidden: true, noValidate: true },
      el("div", { className: "field" }, el("label", { for: reasonId, textContent: "Raison de l'annulation (affichée au public)" }), reason),
      confirm,
    );
    formNode.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (!text) return tell(box, "Indiquez la raison de l'annulation : elle sera affichée. Rien n'a été annulé.");
      once(async () => {
        const result = await call("PATCH", `/v1/sessions/${session.id}`, { status: "cancelled", cancel_reason: text });
        if (!result.ok) return tell(box, refusal(result, "rien n'a été annulé"));
        await load(`La séance du ${when(session)} est annulée.`);
      });
    });
    return formNode;
  }

  function sessionItem(session) {
    const detailsId = `session-details-${session.id}`;
    const box = messageBox(`session-message-${session.id}`);
    const details = el("div", { id: detailsId, className: "details", hidden: true });
    const cancelled = session.status === "cancelled";
    const item = el(
      "li",
      { className: `session${cancelled ? " cancelled" : ""}`, "data-session": session.id },
      el("p", { className: "when", textContent: when(session) }),
      el("p", { className: "counts", textContent: cancelled ? `Annulée : ${session.cancel_reason || "sans raison donnée"}` : counts(session) }),
    );
    const actions = el("div", { className: "row-actions" });
    const open = el("button", { type: "button", className: "open-session", textContent: "Voir les inscriptions", "aria-expanded": "false", "aria-controls": detailsId });
    open.addEventListener("click", () =>
      once(async () => {
        if (open.getAttribute("aria-expanded") === "true") {
          open.setAttribute("aria-expanded", "false");
          open.textContent = "Voir les inscriptions";
          details.hidden = true;
          details.replaceChildren(); // personal data: not kept in the page once closed
          return;
        }
        open.setAttribute("aria-expanded", "true");
        open.textContent = "Masquer les inscriptions";
        details.hidden = false;
        details.replaceChildren(el("p", { textContent: "Lecture de la liste…" }));
        await showDetails(session, details);
      }),
    );
    actions.append(open);
    if (!cancelled) {
      const formNode = cancelForm(session, box);
      const cancel = el("button", { type: "button", className: "cancel-session", textContent: "Annuler la séance", "aria-expanded": "false" });
      cancel.addEventListener("click", () => {
        formNode.hidden = !formNode.hidden;
        cancel.setAttribute("aria-expanded", String(!formNode.hidden));
        if (!formNode.hidden) formNode.querySelector("input").focus();
      });
      actions.append(cancel);
      item.append(actions, formNode, box, details);
    } else {
      item.append(actions, box, details);
    }
    return item;
  }

  function render(workshops) {
    const previous = choice.value;
    choice.replaceChildren(el("option", { value: "new", textContent: "Un nouvel atelier" }));
    for (const workshop of workshops) {
      choice.append(el("option", { value: String(workshop.id), textContent: `${workshop.title} (${workshop.capacity} places)` }));
    }
    if ([...choice.options].some((option) => option.value === previous)) choice.value = previous;
    showNewWorkshop();
    if (!workshops.length) {
      list.replaceChildren(el("p", { textContent: "Le lieu n'organise encore aucun atelier : ajoutez une séance ci-dessous." }));
      return;
    }
    list.replaceChildren(
      ...workshops.map((workshop) =>
        el(
          "article",
          { className: "workshop", "data-workshop": workshop.id },
          el("h3", { textContent: workshop.title }),
          el("p", { className: "hint", textContent: `${workshop.capacity} places par séance.` }),
          workshop.next_sessions.length
            ? el("ul", { className: "sessions" }, workshop.next_sessions.map(sessionItem))
            : el("p", { textContent: "Aucune séance prévue." }),
        ),
      ),
    );
  }

  const listMessage = $("workshops-message");

  /** Read the place's workshops again; `done` then said, focus on it. */
  async function load(done = "") {
    const result = await call("GET", "/v1/managed-workshops");
    if (!result.ok) return tell(listMessage, refusal(result, "les ateliers n'ont pas pu être lus"));
    render(result.body.filter((workshop) => workshop.organiser_id === placeId));
    if (done) tell(listMessage, done, "info");
    else listMessage.replaceChildren();
  }

  function showNewWorkshop() {
    $("new-workshop").hidden = choice.value !== "new";
  }

  choice.addEventListener("change", showNewWorkshop);

  /** The session typed in the form, or the French list of what is missing. */
  function readSession() {
    const problems = [];
    const day = $("session-date").value;
    const starts = $("session-start").value;
    const ends = $("session-end").value;
    if (!day) problems.push("Indiquez la date de la séance.");
    if (!starts || !ends) problems.push("Indiquez l'heure de début et de fin.");
    else if (ends <= starts) problems.push(`La séance doit finir (${ends}) après son début (${starts}).`);
    const fresh = choice.value === "new";
    const title = $("workshop-title").value.trim();
    const capacity = Number($("workshop-capacity").value);
    if (fresh && !title) problems.push("Donnez un titre au nouvel atelier.");
    if (fresh && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= 500)) {
      problems.push("Le nombre de places est un nombre entier de 1 à 500.");
    }
    // Without an offset: Paris time, as the API reads it.
    const times = { starts_at: `${day}T${starts}:00`, ends_at: `${day}T${ends}:00` };
    return { problems, fresh, title, capacity, times };
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { problems, fresh, title, capacity, times } = readSession();
    if (problems.length) return tell(formMessage, `Rien n'a été enregistré : ${problems.join(" ")}`);
    once(async () => {
      let workshopId = Number(choice.value);
      if (fresh) {
        const created = await call("POST", "/v1/workshops", { title, capacity, organiser_id: placeId, venue_id: placeId });
        if (!created.ok) return tell(formMessage, refusal(created));
        workshopId = created.body.id;
      }
      const added = await call("POST", `/v1/workshops/${workshopId}/sessions`, times);
      if (!added.ok) {
        if (fresh) await load();
        if (fresh) choice.value = String(workshopId);
        showNewWorkshop();
        const kept = fresh ? " (l'atelier, lui, est créé : choisissez-le pour réessayer)" : "";
        return tell(formMessage, `${refusal(added, "la séance n'a pas été ajoutée")}${kept}`);
      }
      await load();
      choice.value = String(workshopId);
      showNewWorkshop();
      const warnings = added.body.warnings.length ? ` Attention : ${added.body.warnings.join(" ; ")}.` : "";
      tell(formMessage, `Séance ajoutée : ${when(added.body.items[0])}.${warnings}`, "info");
    });
  });

  load();
}
