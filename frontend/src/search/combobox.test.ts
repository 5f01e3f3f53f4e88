import { describe, expect, it } from "vitest";
import { closedCombobox, combobox, keyIntent, type ComboboxAction, type ComboboxState } from "./combobox";

const run = (state: ComboboxState, ...actions: ComboboxAction[]) => actions.reduce(combobox, state);
const down = { type: "move", by: 1 } as const;
const up = { type: "move", by: -1 } as const;

describe("combobox", () => {
  it("opens on suggestions, with none active, and stays closed without any", () => {
    expect(run(closedCombobox, { type: "options", count: 3 })).toEqual({
      count: 3,
      open: true,
      active: null,
    });
    expect(run(closedCombobox, { type: "options", count: 0 })).toEqual(closedCombobox);
    expect(run(closedCombobox, { type: "options", count: 0 }, down, { type: "open" })).toEqual(
      closedCombobox,
    );
  });

  it("moves down and up through the suggestions, wrapping at both ends", () => {
    const open = run(closedCombobox, { type: "options", count: 3 });
    expect(run(open, down).active).toBe(0);
    expect(run(open, down, down, down).active).toBe(2);
    expect(run(open, down, down, down, down).active).toBe(0);
    expect(run(open, up).active).toBe(2);
    expect(run(open, down, up).active).toBe(2);
  });

  it("closes, forgetting the active suggestion, and reopens with an arrow key", () => {
    const open = run(closedCombobox, { type: "options", count: 3 }, down, down);
    const closed = run(open, { type: "close" });
    expect(closed).toEqual({ count: 3, open: false, active: null });
    expect(run(closed, { type: "close" })).toBe(closed);
    expect(run(closed, { type: "open" })).toEqual({ count: 3, open: true, active: null });
    expect(run(closed, down)).toEqual({ count: 3, open: true, active: 0 });
    expect(run(closed, up)).toEqual({ count: 3, open: true, active: 2 });
  });

  it("starts over when new suggestions arrive", () => {
    const open = run(closedCombobox, { type: "options", count: 3 }, down, down);
    expect(run(open, { type: "options", count: 2 })).toEqual({ count: 2, open: true, active: null });
  });
});

describe("keyIntent", () => {
  const open = run(closedCombobox, { type: "options", count: 2 });

  it("maps the arrows to moves when there are suggestions", () => {
    expect(keyIntent(open, "ArrowDown")).toEqual({ action: down });
    expect(keyIntent(open, "ArrowUp")).toEqual({ action: up });
    expect(keyIntent(closedCombobox, "ArrowDown")).toBeNull();
  });

  it("picks the active suggestion on Enter, and otherwise lets the form submit", () => {
    expect(keyIntent(run(open, down, down), "Enter")).toEqual({ pick: 1 });
    expect(keyIntent(open, "Enter")).toBeNull();
    expect(keyIntent(run(open, down, { type: "close" }), "Enter")).toBeNull();
  });

  it("closes on Escape only when open, and ignores other keys", () => {
    expect(keyIntent(open, "Escape")).toEqual({ action: { type: "close" } });
    expect(keyIntent(run(open, { type: "close" }), "Escape")).toBeNull();
    expect(keyIntent(open, "a")).toBeNull();
  });
});
