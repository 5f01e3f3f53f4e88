/** The notifications API as the screens use it (every answer validated by the generated schemas). */
import {
  FollowStateOutput,
  MarkedOutput,
  NotificationOutput,
  PaginatedNotificationOutputList,
  Preference,
  UnreadCountOutput,
  UnsubscribeOutput,
} from "../api/generated/zod";
import { request } from "../api/request";

export type FollowKind = "proposal" | "project" | "petition";
export type Digest = "immediate" | "daily" | "never";

const followPath = (kind: FollowKind, id: number) => `${kind}s/${id}/follow/`;

export const notificationsApi = {
  unread: (signal?: AbortSignal) =>
    request("GET", "notifications/unread-count/", { schema: UnreadCountOutput, signal }).then(
      (r) => r.unread,
    ),
  list: (query: { order: "unread" | "newest"; page?: number }, signal?: AbortSignal) =>
    request("GET", "notifications/", {
      schema: PaginatedNotificationOutputList,
      query: { order: query.order, page: query.page, page_size: 20 },
      signal,
    }),
  read: (id: number) => request("POST", `notifications/${id}/read/`, { schema: NotificationOutput }),
  readAll: () => request("POST", "notifications/read-all/", { schema: MarkedOutput }),
  followState: (kind: FollowKind, id: number, signal?: AbortSignal) =>
    request("GET", followPath(kind, id), { schema: FollowStateOutput, signal }),
  follow: (kind: FollowKind, id: number, on: boolean) =>
    // Petitions' follow is a POST (proposals' and projects' a PUT); DELETE stops following.
    request(on ? (kind === "petition" ? "POST" : "PUT") : "DELETE", followPath(kind, id), {
      schema: FollowStateOutput,
    }),
  preference: (signal?: AbortSignal) =>
    request("GET", "notifications/preferences/", { schema: Preference, signal }).then((r) => r.digest),
  setPreference: (digest: Digest) =>
    request("PUT", "notifications/preferences/", { schema: Preference, body: { digest } }).then(
      (r) => r.digest,
    ),
  unsubscribeInfo: (token: string, signal?: AbortSignal) =>
    request("GET", "notifications/unsubscribe/", { schema: UnsubscribeOutput, query: { token }, signal }),
  unsubscribe: (token: string) =>
    request("POST", "notifications/unsubscribe/", { schema: UnsubscribeOutput, query: { token } }),
};
