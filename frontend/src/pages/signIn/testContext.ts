/**
 * For the pages' tests: a fake server behind `fetch` (answers by method and path, every request
 * recorded) and a PageContext with a real session, in happy-dom.
 */
import { vi } from "vitest";
import type { PageContext } from "../../app/page";
import { createSession } from "../../app/session";
import { createTranslator, type Lang } from "../../i18n";

export interface Answer {
  status: number;
  body?: unknown;
}

export interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export const USER = {
  id: 7,
  email: "lea@example.org",
  display_name: "Léa",
  is_staff: false,
  date_joined: "2026-03-01T10:00:00+01:00",
  email_verified: false,
  role: "resident" as const,
  areas: [],
};

export function apiError(
  status: number,
  code: string,
  message: string,
  errors: Record<string, string[]> = {},
  details?: Record<string, { code: string; params: Record<string, unknown> }[]>,
): Answer {
  return { status, body: { status, code, message, errors, ...(details ? { details } : {}) } };
}

/** Stubs `fetch`: `routes["POST auth/login/"]` answers that request (a function may look at it). */
export function fakeServer(routes: Record<string, Answer | ((sent: Sent) => Answer)>): Sent[] {
  const sent: Sent[] = [];
  document.cookie = "csrftoken=test-token";
  vi.stubGlobal("fetch", (input: string, init: RequestInit = {}) => {
    const url = new URL(input, "http://localhost");
    const path = url.pathname.replace(/^\/api\/v1\//, "");
    const body: unknown = typeof init.body === "string" ? JSON.parse(init.body) : null;
    const request: Sent = { method: init.method ?? "GET", path, query: url.searchParams, body };
    sent.push(request);
    const route = routes[`${request.method} ${path}`];
    const answer =
      typeof route === "function" ? route(request) : (route ?? apiError(404, "not_found", "Not found."));
    return Promise.resolve(
      new Response(answer.status === 204 ? null : JSON.stringify(answer.body ?? null), {
        status: answer.status,
        headers: { "Content-Type": "application/json" },
      }),
    );
  });
  return sent;
}

export interface TestContext extends PageContext {
  navigated: string[];
  announced: string[];
  /** The query strings the page put in the address bar. */
  replaced: string[];
  controller: AbortController;
}

export function testContext(query = "", lang: Lang = "fr"): TestContext {
  const controller = new AbortController();
  const navigated: string[] = [];
  const announced: string[] = [];
  const replaced: string[] = [];
  return {
    params: {},
    query: new URLSearchParams(query),
    lang,
    t: createTranslator(lang),
    session: createSession(),
    navigate(path) {
      navigated.push(path);
    },
    replaceQuery(query) {
      replaced.push(query.toString());
    },
    onLang: vi.fn(),
    setTitle: vi.fn(),
    announce(text) {
      announced.push(text);
    },
    signal: controller.signal,
    navigated,
    announced,
    replaced,
    controller,
  };
}

/** Lets the pending promises (fake answers, their handlers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

export function fill(root: HTMLElement, name: string, value: string): void {
  const control = root.querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!control) throw new Error(`no control ${name}`);
  control.value = value;
}

export function submit(root: HTMLElement): void {
  const form = root.querySelector("form");
  if (!form) throw new Error("no form");
  form.dispatchEvent(new Event("submit", { cancelable: true, bubbles: true }));
}

/** The error said next to the control named `name` ("" when none). */
export function errorOf(root: HTMLElement, name: string): string {
  const control = root.querySelector<HTMLElement>(`[name="${name}"]`);
  if (!control || control.getAttribute("aria-invalid") !== "true") return "";
  const ids = (control.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter((id) => id.endsWith("-error"));
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}
