// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { foldingMenu } from "./shell";

function header() {
  const head = document.createElement("header");
  const nav = document.createElement("nav");
  nav.id = "site-nav";
  nav.innerHTML = '<ul><li><a href="/">Carte</a></li><li><a href="/proposer">Proposer</a></li></ul>';
  const button = document.createElement("button");
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "site-nav");
  head.append(nav, button);
  document.body.replaceChildren(head, document.createElement("main"));
  return { head, nav, button, menu: foldingMenu(head, button, nav) };
}

describe("the phone's menu", () => {
  it("opens on its button with the focus on the first link, and Escape closes it back to the button", () => {
    const { head, nav, button, menu } = header();
    button.click();
    expect(menu.isOpen()).toBe(true);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(head.classList.contains("menu-open")).toBe(true);
    expect(document.activeElement).toBe(nav.querySelector("a"));
    nav.querySelector("a")?.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(menu.isOpen()).toBe(false);
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(button);
  });

  it("closes when a link is followed or on a click outside", () => {
    const { nav, button, menu } = header();
    button.click();
    nav.querySelector("a")?.addEventListener("click", (e) => {
      e.preventDefault();
    });
    (nav.querySelector("a") as HTMLAnchorElement).click();
    expect(menu.isOpen()).toBe(false);
    button.click();
    expect(menu.isOpen()).toBe(true);
    (document.querySelector("main") as HTMLElement).click();
    expect(menu.isOpen()).toBe(false);
    button.click();
    button.click();
    expect(menu.isOpen()).toBe(false);
  });
});
