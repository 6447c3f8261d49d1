// Address suggestions as the user types: the ARIA 1.2 combobox with a listbox popup.
import { getJSON } from "./api.js";
import { el, clear } from "./dom.js";

const DELAY_MS = 250;
const MIN_CHARS = 3;
const UNAVAILABLE =
  "Service momentanément indisponible : pas de suggestions d'adresse. Vous pouvez quand même lancer la recherche.";

export class AddressCombobox {
  constructor(input, listbox, note, onPick) {
    Object.assign(this, { input, listbox, note, onPick });
    this.options = [];
    this.active = -1;
    this.timer = 0;
    this.controller = null;
    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.key(event));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.suggest(), DELAY_MS);
  }

  async suggest() {
    const q = this.input.value.trim();
    this.controller?.abort();
    if (q.length < MIN_CHARS) {
      this.close();
      this.note.textContent = "";
      return;
    }
    this.controller = new AbortController();
    const url = `/v1/geocode?${new URLSearchParams({ q, limit: "5" })}`;
    const result = await getJSON(url, this.controller.signal);
    if (result.aborted || q !== this.input.value.trim()) return;
    if (!result.ok) {
      this.close();
      this.note.textContent = result.status === 422 ? "" : UNAVAILABLE;
      return;
    }
    this.show(result.body.items);
  }

  show(items) {
    clear(this.listbox);
    this.options = items;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (!items.length) {
      this.close();
      this.note.textContent = "Aucune adresse proposée : précisez le numéro, la rue ou la commune.";
      return;
    }
    items.forEach((item, index) => {
      const option = el("li", {
        id: `address-option-${index}`,
        role: "option",
        "aria-selected": "false",
        className: "option",
        textContent: item.label,
      });
      option.addEventListener("click", () => this.pick(index));
      this.listbox.append(option);
    });
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    const count = items.length;
    this.note.textContent = `${count} adresse${count > 1 ? "s" : ""} proposée${count > 1 ? "s" : ""}.`;
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  get isOpen() {
    return !this.listbox.hidden && this.options.length > 0;
  }

  move(step) {
    if (!this.isOpen) {
      if (!this.options.length) return;
      this.listbox.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }
    const count = this.options.length;
    this.active = (this.active + step + count) % count;
    [...this.listbox.children].forEach((option, index) => {
      const selected = index === this.active;
      option.setAttribute("aria-selected", String(selected));
      option.classList.toggle("active", selected);
      if (selected) option.scrollIntoView({ block: "nearest" });
    });
    this.input.setAttribute("aria-activedescendant", `address-option-${this.active}`);
  }

  key(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && this.isOpen && this.active >= 0) {
      event.preventDefault();
      this.pick(this.active);
    } else if (event.key === "Escape" && this.isOpen) {
      event.preventDefault();
      this.close();
    }
  }

  pick(index) {
    const item = this.options[index];
    this.input.value = item.label;
    this.close();
    this.note.textContent = "";
    this.controller?.abort();
    clearTimeout(this.timer);
    this.onPick(item);
  }
}
