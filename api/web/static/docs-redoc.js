// Starts ReDoc on /redoc, handing it the page's style nonce (the CSP allows no other inline
// style); the nonce rides on this script's tag, where the browser keeps it out of the DOM.
(() => {
  "use strict";
  const root = document.getElementById("redoc");
  // Search runs in a blob: worker, which the CSP refuses; the sidebar lists every operation.
  const options = { nonce: document.currentScript.nonce, disableSearch: true };
  Redoc.init(root.dataset.openapiUrl, options, root);
})();
