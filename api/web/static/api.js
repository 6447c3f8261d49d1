// Fetch JSON from the API; never throws: answers { ok, status, body }.

// The pages speak French whatever the browser's language: errors' `detail` must too.
const HEADERS = { Accept: "application/json", "Accept-Language": "fr" };

export async function getJSON(url, signal) {
  try {
    const response = await fetch(url, { headers: HEADERS, signal });

    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { ok: response.ok, status: response.status, body };
  } catch (error) {
    if (error.name === "AbortError") return { ok: false, status: -1, body: null, aborted: true };
    return { ok: false, status: 0, body: null };
  }
}

/** What to tell the counsellor when an API call failed. */
export function failureText(result) {
  if (result.status === 503 || result.status === 0 || result.status >= 500) {
    return "Service momentanément indisponible. Réessayez dans quelques instants : le formulaire reste utilisable.";
  }
  const detail = result.body && result.body.detail ? result.body.detail : "";
  if (result.status === 404) return `Introuvable. ${detail}`.trim();
  if (result.status === 422) return `Paramètre refusé : ${detail}`;
  return `Erreur ${result.status}. ${detail}`.trim();
}
