/** Tiny DOM helpers. Text always goes through textContent, never innerHTML. */
type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Sets text only when it differs, so aria-live regions are not re-announced for nothing. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Scrolls `item` into view inside `container` when the container itself scrolls (not the page). */
export function scrollWithin(container: HTMLElement, item: HTMLElement): void {
  if (container.scrollHeight <= container.clientHeight) return;
  const box = container.getBoundingClientRect();
  const rect = item.getBoundingClientRect();
  if (rect.top < box.top) container.scrollTop -= box.top - rect.top + 8;
  else if (rect.bottom > box.bottom) container.scrollTop += rect.bottom - box.bottom + 8;
}

/** A load that failed, said in `status`, with a button after it that removes itself and tries again. */
export function loadFailed(
  status: HTMLElement,
  message: string,
  retryLabel: string,
  retry: () => void,
): void {
  setText(status, message);
  const button = h("button", { type: "button", class: "button" }, retryLabel);
  button.addEventListener("click", () => {
    button.remove();
    retry();
  });
  status.after(button);
}
