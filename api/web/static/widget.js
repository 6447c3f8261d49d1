// PANDA finder partner widget. Include it with one line:
// <script src="https://panda.example/widget.js" data-address="…" data-limit="3" async></script>
// Presets: data-service, data-national-programme, data-open-weekend="true", … (docs/partners.md).
// It inserts an iframe to /embed (same origin as this script) right after the script tag and
// resizes it to the height the embedded page reports by postMessage.
(() => {
  "use strict";
  const PARAMETERS = [
    "address", "equipment", "limit", "title", "color", "accent", "confirmed_within_days", "map",
    // Filter presets: several values comma-separated in one attribute, as the API takes them
    // (data-service="Aide aux démarches administratives,Loisirs et créations numériques").
    "service", "service_match", "audience", "audience_match", "fees", "fees_match",
    "national_programme", "national_programme_match", "support_mode", "support_mode_match",
    "access_mode", "access_mode_match", "source", "open_weekend", "appointment_online",
  ];
  // data-confirmed-within-days is read as dataset.confirmedWithinDays.
  const datasetKey = (name) => name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());

  const mount = (script) => {
    if (script.dataset.pandaMounted) return;
    script.dataset.pandaMounted = "1";
    const origin = new URL(script.src, document.baseURI).origin;
    const query = new URLSearchParams();
    for (const name of PARAMETERS) {
      const value = script.dataset[datasetKey(name)];
      if (value !== undefined && value !== "") query.set(name, value);
    }
    // `data-map` alone (no value) asks for the map too.
    if (script.dataset.map === "") query.set("map", "1");
    const frame = document.createElement("iframe");
    frame.src = `${origin}/embed?${query}`;
    frame.title = script.dataset.title || "Points d'accès numérique les plus proches";
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "panda-finder-widget";
    Object.assign(frame.style, {
      display: "block", width: "100%", minWidth: "280px", height: "360px", border: "0",
    });
    script.after(frame);
    window.addEventListener("message", (event) => {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      const data = event.data;
      if (!data || data.type !== "panda-finder:height") return;
      const height = Number(data.height);
      if (Number.isFinite(height) && height > 0) {
        frame.style.height = `${Math.min(Math.ceil(height), 10000)}px`;
      }
    });
  };

  const current = document.currentScript;
  if (current && current.src) {
    mount(current);
  } else {
    document.querySelectorAll('script[src*="widget.js"]').forEach(mount);
  }
})();
