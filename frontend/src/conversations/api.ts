/** The conversations API as the screens use it (every answer validated by the generated schemas). */
import type { z } from "zod";
import { CommentOutput, ReportOutput, SupportOutput, ThreadOutput } from "../api/generated/zod";
import { request } from "../api/request";

export type TargetKind = "proposal" | "project";
export type Thread = z.output<typeof ThreadOutput>;
export type Comment = z.output<typeof CommentOutput>;
export type Support = z.output<typeof SupportOutput>;

const threadPath = (kind: TargetKind, id: number) => `${kind}s/${id}/comments/`;

export const conversationsApi = {
  thread: (kind: TargetKind, id: number, signal?: AbortSignal) =>
    request("GET", threadPath(kind, id), { schema: ThreadOutput, signal }),
  post: (kind: TargetKind, id: number, text: string, parent: number | null = null) =>
    request("POST", threadPath(kind, id), {
      schema: CommentOutput,
      body: parent === null ? { text } : { text, parent },
    }),
  edit: (comment: number, text: string) =>
    request("PATCH", `comments/${comment}/`, { schema: CommentOutput, body: { text } }),
  remove: (comment: number) => request("DELETE", `comments/${comment}/`, { schema: CommentOutput }),
  report: (comment: number, reason: string, text: string) =>
    request("POST", `comments/${comment}/report/`, {
      schema: ReportOutput,
      body: text ? { reason, text } : { reason },
    }),
  support: (proposal: number, on: boolean) =>
    request(on ? "POST" : "DELETE", `proposals/${proposal}/support/`, { schema: SupportOutput }),
};

export type ConversationsApi = typeof conversationsApi;
