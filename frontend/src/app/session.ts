/**
 * Who is signed in: the `auth/session/` answer (its `user`, null when signed out: the API answers
 * 200 either way, so an anonymous visit logs no failed request), shared by every page. Signing
 * in, registering and signing out go through here so the header and the pages follow.
 */
import { ApiError } from "../api/client";
import { request } from "../api/request";
import { SessionOutput, UserOutput } from "../api/generated/zod";
import { createStore, type Store } from "../state/store";
import type { z } from "zod";

export type User = z.output<typeof UserOutput>;

export interface SessionState {
  /** False until the first `auth/session/` answer. */
  known: boolean;
  user: User | null;
}

export interface Session {
  store: Store<SessionState>;
  user(): User | null;
  refresh(): Promise<User | null>;
  signIn(email: string, password: string): Promise<User>;
  /** Registering does not sign in: the address's owner gets a mail (see the register page). */
  register(email: string, password: string, displayName: string): Promise<void>;
  signOut(): Promise<void>;
}

export function createSession(): Session {
  const store = createStore<SessionState>({ known: false, user: null });
  const set = (user: User | null) => {
    store.update(() => ({ known: true, user }));
  };
  return {
    store,
    user: () => store.get().user,
    async refresh() {
      try {
        const { user } = await request("GET", "auth/session/", { schema: SessionOutput });
        set(user);
        return user;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          set(null);
          return null;
        }
        store.update((s) => ({ ...s, known: true }));
        throw error;
      }
    },
    async signIn(email, password) {
      const user = await request("POST", "auth/login/", { schema: UserOutput, body: { email, password } });
      set(user);
      return user;
    },
    async register(email, password, displayName) {
      // 202 whether the address is new or not (the API reveals no registered address): the
      // answer says nothing more than "check your mail", and no session is opened.
      await request("POST", "auth/register/", { body: { email, password, display_name: displayName } });
    },
    async signOut() {
      try {
        await request("POST", "auth/logout/");
      } catch (error) {
        // A session that already ended (expired, signed out in another tab) is signed out.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
      set(null);
    },
  };
}
