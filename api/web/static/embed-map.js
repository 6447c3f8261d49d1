// The widget's map (only when the partner asked for it with data-map): the same map as the
// counsellor page, numbers matching the list; without Leaflet the list stands alone.
import { ResultsMap } from "./map.js";

const data = JSON.parse(document.getElementById("panda-map-data").textContent);
const block = document.getElementById("map-block");
const cards = [...document.querySelectorAll(".panda-item")];

function focusCard(index) {
  cards.forEach((card, i) => card.classList.toggle("card-selected", i === index));
  const card = cards[index];
  if (!card) return;
  card.scrollIntoView({ block: "nearest" });
  card.querySelector("article").focus({ preventScroll: true });
}

const map = new ResultsMap(document.getElementById("map"), data.config, focusCard);
if (map.available) {
  block.hidden = false;
  map.show(data.location, data.items);
  for (const button of document.querySelectorAll(".map-show")) {
    button.hidden = false;
    button.addEventListener("click", () => map.reveal(Number(button.dataset.index)));
  }
}
