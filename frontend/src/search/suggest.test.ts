import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSuggester, normaliseQuery } from "./suggest";

interface Pending {
  query: string;
  signal: AbortSignal;
  resolve(answer: string[]): void;
  reject(error: unknown): void;
}

/** A suggester whose requests stay pending until the test answers them, in any order. */
function setup() {
  const requests: Pending[] = [];
  const events: string[] = [];
  const suggester = createSuggester<string[]>({
    fetch: (query, signal) =>
      new Promise((resolve, reject) => {
        requests.push({ query, signal, resolve, reject });
      }),
    onStart: (q) => events.push(`start ${q}`),
    onAnswer: (q, answer) => events.push(`answer ${q}: ${answer.join(",")}`),
    onError: (q) => events.push(`error ${q}`),
    onClear: () => events.push("clear"),
  });
  return { suggester, requests, events };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("normaliseQuery", () => {
  it("trims and collapses spaces", () => {
    expect(normaliseQuery("  12   rue  Lepic ")).toBe("12 rue Lepic");
  });
});

describe("createSuggester", () => {
  it("waits for a 200 ms pause in the typing, then asks once", () => {
    const { suggester, requests, events } = setup();
    for (const text of ["5 r", "5 ru", "5 rue"]) {
      suggester.input(text);
      vi.advanceTimersByTime(150);
    }
    expect(requests).toHaveLength(0);
    vi.advanceTimersByTime(49);
    expect(requests).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(requests.map((r) => r.query)).toEqual(["5 rue"]);
    expect(events).toEqual(["start 5 rue"]);
  });

  it("asks nothing below three characters, and clears what was shown", async () => {
    const { suggester, requests, events } = setup();
    suggester.input(" ab ");
    vi.advanceTimersByTime(1000);
    expect(requests).toHaveLength(0);
    suggester.input("abc");
    vi.advanceTimersByTime(200);
    requests[0]?.resolve(["x"]);
    await vi.runAllTimersAsync();
    suggester.input("ab");
    expect(events).toEqual(["start abc", "answer abc: x", "clear"]);
  });

  it("does not ask again for the same text", () => {
    const { suggester, requests } = setup();
    suggester.input("rue");
    vi.advanceTimersByTime(200);
    suggester.input(" rue  ");
    vi.advanceTimersByTime(200);
    expect(requests).toHaveLength(1);
  });

  it("aborts the running request when a newer one starts", () => {
    const { suggester, requests } = setup();
    suggester.input("rue");
    vi.advanceTimersByTime(200);
    suggester.input("rue L");
    vi.advanceTimersByTime(199);
    expect(requests[0]?.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(requests[0]?.signal.aborted).toBe(true);
    expect(requests[1]?.signal.aborted).toBe(false);
  });

  it("ignores an older answer that arrives after a newer one", async () => {
    const { suggester, requests, events } = setup();
    suggester.input("rue");
    vi.advanceTimersByTime(200);
    suggester.input("rue Lepic");
    vi.advanceTimersByTime(200);
    requests[1]?.resolve(["new"]);
    requests[0]?.resolve(["old"]); // a fetch that did not honour the abort
    requests[0]?.reject(new DOMException("aborted", "AbortError"));
    await vi.runAllTimersAsync();
    expect(events).toEqual(["start rue", "start rue Lepic", "answer rue Lepic: new"]);
  });

  it("reports a failure of the latest request", async () => {
    const { suggester, requests, events } = setup();
    suggester.input("rue");
    vi.advanceTimersByTime(200);
    requests[0]?.reject(new Error("down"));
    await vi.runAllTimersAsync();
    expect(events).toEqual(["start rue", "error rue"]);
  });

  it("asks at once on submit, replacing a pending ask", () => {
    const { suggester, requests } = setup();
    suggester.input("rue");
    suggester.submit("rue Lepic");
    expect(requests.map((r) => r.query)).toEqual(["rue Lepic"]);
    vi.advanceTimersByTime(1000);
    expect(requests).toHaveLength(1);
    suggester.submit("ab");
    expect(requests).toHaveLength(1);
  });

  it("forgets everything on cancel", async () => {
    const { suggester, requests, events } = setup();
    suggester.input("rue");
    vi.advanceTimersByTime(200);
    suggester.input("rue Lepic");
    suggester.cancel();
    vi.advanceTimersByTime(1000);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.signal.aborted).toBe(true);
    requests[0]?.resolve(["late"]);
    await vi.runAllTimersAsync();
    expect(events).toEqual(["start rue"]);
  });
});
