// How old a place's facts are, as the counsellor page and the sheet tell it.

/** "2022-12-30" as "30/12/2022". */
export function frenchDate(iso) {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

/** Today in Paris as "YYYY-MM-DD" (Sweden's format is ISO 8601). */
export function parisToday() {
  return new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
}

/**
 * « Non vérifié depuis le … — à vérifier » once a place is a month past its review (nobody
 * confirmed it), else « Informations du … — à vérifier » for a stale place; null when recent.
 */
export function freshnessLabel(place) {
  if (place.facts_date && place.review_overdue_on && parisToday() >= place.review_overdue_on) {
    return `Non vérifié depuis le ${frenchDate(place.facts_date)} — à vérifier`;
  }
  if (!place.stale) return null;
  if (!place.facts_date) return "Date des informations inconnue — à vérifier";
  return `Informations du ${frenchDate(place.facts_date)} — à vérifier`;
}

/** The sheet's date line: the place's own source and the date of its facts. */
export function sourceLine(place, fallbackAttribution) {
  const source = place.source_attribution || fallbackAttribution || place.source;
  const when = place.facts_date
    ? `informations du ${frenchDate(place.facts_date)}`
    : "date des informations inconnue";
  return `Source : ${source}, ${when}${place.stale ? " — à vérifier" : ""}.`;
}

/** « Signalé fermé le … — à vérifier » while a closed-for-good report awaits a decision. */
export function reportedLabel(place) {
  if (!place.reported_closed_on) return null;
  return `Signalé fermé le ${frenchDate(place.reported_closed_on)} — à vérifier`;
}

/** The short address of a place's report form, as printed (host and path, no scheme). */
export function reportAddress(place) {
  return `${window.location.host}/s/${place.id}`;
}
