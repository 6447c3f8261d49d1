// How old a place's facts are, as the counsellor page and the sheet tell it.

/** "2022-12-30" as "30/12/2022". */
export function frenchDate(iso) {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

/** « Informations du … — à vérifier » for a stale place; null when its facts are recent. */
export function freshnessLabel(place) {
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
