// The way there by public transport, as the place's answer says it (api/transit/answers.py).

/** « Tram T1, arrêt République : 4 min à pied », flagged when the timetable has expired; null
 * when no feed is imported or no stop lies within the walking radius. */
export function transitPhrase(place) {
  const transit = place.transit;
  if (!transit || !transit.stops || !transit.stops.length) return null;
  const label = transit.stops[0].label;
  return transit.feed.expired ? `${label} (horaires de transport expirés)` : label;
}

/** What the walking time is: an estimate from the straight line, never a route. */
export function transitNote(place) {
  const factor = String(place.transit.detour_factor).replace(".", ",");
  return `Temps de marche estimé : distance à vol d'oiseau × ${factor}, à 4,5 km/h.`;
}
