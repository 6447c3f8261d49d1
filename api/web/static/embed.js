// Inside the partner's iframe: tell the embedding page how tall the widget is.
(() => {
  "use strict";
  if (window.parent === window) return;
  const root = document.getElementById("panda");
  if (!root) return;
  let last = 0;
  const post = () => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "panda-finder:height", height }, "*");
  };
  new ResizeObserver(post).observe(root);
  window.addEventListener("load", post);
  post();
})();
