// DOM helpers: every piece of data goes in as text, never as HTML.

/** Create an element; props are properties (textContent, className, …) or "aria-*"/"data-*". */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("aria-") || key.startsWith("data-") || key === "role" || key === "for") {
      node.setAttribute(key, String(value));
    } else {
      node[key] = value;
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Remove every child of a node. */
export function clear(node) {
  node.replaceChildren();
}

/** Shown for a place located only to its commune's centre. */
export const VAGUE_LOCATION = "adresse non localisée précisément";

/** True when the place's position is only its commune's centre. */
export function vaguelyLocated(place) {
  return place.location_precision === "municipality";
}

/**
 * "à moins de 50 m", "à 350 m", "à 1,2 km" — as the widget says it; for a place located only
 * to its commune (precision "municipality"), to the kilometre: "à environ 2 km".
 */
export function distanceLabel(metres, precision) {
  if (precision === "municipality") return `à environ ${Math.max(1, Math.round(metres / 1000))} km`;
  if (metres < 50) return "à moins de 50 m";
  if (metres < 1000) return `à ${Math.round(metres / 10) * 10} m`;
  return `à ${(metres / 1000).toFixed(1).replace(".", ",")} km`;
}

/** +33380488414 → 03 80 48 84 14. */
export function phoneLabel(phone) {
  if (phone.startsWith("+33") && phone.length === 12) {
    const digits = `0${phone.slice(3)}`;
    return digits.match(/../g).join(" ");
  }
  return phone;
}

/** The place's address on one line, saying when it could not be located precisely. */
export function addressLine(place) {
  const complement = place.address_complement ? `, ${place.address_complement}` : "";
  const vague = vaguelyLocated(place) ? ` (${VAGUE_LOCATION})` : "";
  return `${place.address}${complement}, ${place.postcode} ${place.commune}${vague}`;
}

/** Equipment as French words, or null when the sources say nothing. */
export function equipmentWords(place, labels) {
  if (place.equipment_status === "unknown" || place.equipment === null) return null;
  return Object.entries(place.equipment).map(([key, count]) =>
    count ? `${labels[key] || key} (${count})` : labels[key] || key,
  );
}
