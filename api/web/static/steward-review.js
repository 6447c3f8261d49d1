// The steward page's review period: how often the place's facts are to be checked.

const config = JSON.parse(document.getElementById("steward-config").textContent);
const form = document.getElementById("review-form");
const select = document.getElementById("review-period");
const status = document.getElementById("review-message");

function frenchDate(iso) {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const months = select.value === "never" ? null : Number(select.value);
  status.textContent = "Enregistrement…";
  let response;
  try {
    response = await fetch(`${config.api}/review-period`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ review_period_months: months }),
    });
  } catch {
    status.textContent = "Service momentanément indisponible : rien n'a été enregistré.";
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.textContent = body.detail || "Fréquence refusée : rien n'a été enregistré.";
    return;
  }
  status.textContent = body.review_period_months === null
    ? "Enregistré : ce lieu n'a plus d'échéance de vérification."
    : `Enregistré : à vérifier tous les ${body.review_period_months} mois`
      + (body.review_due_on ? ` (prochaine échéance le ${frenchDate(body.review_due_on)}).` : ".");
});
