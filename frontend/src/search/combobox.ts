/**
 * The state of the address combobox (WAI-ARIA "combobox with listbox popup"), as pure functions:
 * whether the list of suggestions is open and which one is active, and what a key press does.
 */

export interface ComboboxState {
  /** How many suggestions there are. */
  count: number;
  open: boolean;
  /** The index of the active (highlighted) suggestion, or null when the focus is on the text. */
  active: number | null;
}

export type ComboboxAction =
  { type: "options"; count: number } | { type: "move"; by: 1 | -1 } | { type: "open" } | { type: "close" };

export const closedCombobox: ComboboxState = { count: 0, open: false, active: null };

export function combobox(state: ComboboxState, action: ComboboxAction): ComboboxState {
  switch (action.type) {
    case "options":
      return { count: action.count, open: action.count > 0, active: null };
    case "open":
      return state.open || state.count === 0 ? state : { ...state, open: true, active: null };
    case "close":
      return state.open || state.active !== null ? { ...state, open: false, active: null } : state;
    case "move": {
      const { count } = state;
      if (count === 0) return state;
      const first = action.by > 0 ? 0 : count - 1;
      if (!state.open || state.active === null) return { ...state, open: true, active: first };
      return { ...state, active: (state.active + action.by + count) % count };
    }
  }
}

/** What a key pressed in the input means: a state change, a pick, or nothing (the browser's own). */
export interface KeyIntent {
  action?: ComboboxAction;
  /** The index of the suggestion picked. */
  pick?: number;
}

export function keyIntent(state: ComboboxState, key: string): KeyIntent | null {
  switch (key) {
    case "ArrowDown":
      return state.count > 0 ? { action: { type: "move", by: 1 } } : null;
    case "ArrowUp":
      return state.count > 0 ? { action: { type: "move", by: -1 } } : null;
    case "Enter":
      // Without an active suggestion Enter submits the form (a search for what was typed).
      return state.open && state.active !== null ? { pick: state.active } : null;
    case "Escape":
      return state.open ? { action: { type: "close" } } : null;
    default:
      return null;
  }
}
