/** The petitions API as the screens use it (every answer validated by the generated schemas). */
import { z } from "zod";
import { request, type Query } from "../api/request";
import type { FileBody, SignBody } from "./model";
import {
  BurstAlertOutput,
  ConvertOutput,
  PaginatedMySignatureOutputList,
  PaginatedPetitionItemList,
  PaginatedSignerOutputList,
  PetitionDetail,
  PetitionMapCollection,
  Process,
  QueueOutput,
  SignatureChecked,
  SignatureOutput,
} from "./schemas";

export interface ModerationBody {
  decision: "admissible" | "inadmissible";
  reason_code?: "outside_competence" | "duplicate" | "unlawful" | "other";
  reason_text: string;
}

export const petitionsApi = {
  processes: (signal?: AbortSignal) =>
    request("GET", "petitions/processes/", { schema: z.array(Process), signal }),
  list: (query: Query, signal?: AbortSignal) =>
    request("GET", "petitions/", { schema: PaginatedPetitionItemList, query, signal }),
  map: (query: Query, signal?: AbortSignal) =>
    request("GET", "petitions/map/", { schema: PetitionMapCollection, query, signal }),
  get: (id: number | string, signal?: AbortSignal) =>
    request("GET", `petitions/${id}/`, { schema: PetitionDetail, signal }),
  file: (body: FileBody) => request("POST", "petitions/", { schema: PetitionDetail, body }),
  sign: (id: number, body: SignBody) =>
    request("POST", `petitions/${id}/signature/`, { schema: SignatureOutput, body }),
  withdraw: (id: number) => request("DELETE", `petitions/${id}/signature/`),
  signers: (id: number, page: number, signal?: AbortSignal) =>
    request("GET", `petitions/${id}/signatures/`, {
      schema: PaginatedSignerOutputList,
      query: { page },
      signal,
    }),
  mySignatures: (page: number, signal?: AbortSignal) =>
    request("GET", "petitions/my-signatures/", {
      schema: PaginatedMySignatureOutputList,
      query: { page },
      signal,
    }),
  moderate: (id: number, body: ModerationBody) =>
    request("POST", `petitions/${id}/moderation/`, { schema: PetitionDetail, body }),
  answer: (id: number, text: string) =>
    request("POST", `petitions/${id}/answer/`, { schema: PetitionDetail, body: { text } }),
  convert: (id: number, campaign: string) =>
    request("POST", `petitions/${id}/convert/`, { schema: ConvertOutput, body: { campaign } }),
  queue: (signal?: AbortSignal) => request("GET", "petitions/queue/", { schema: QueueOutput, signal }),
  check: (signature: number, decision: "count" | "reject") =>
    request("POST", `petitions/signatures/${signature}/check/`, {
      schema: SignatureChecked,
      body: { decision },
    }),
  handleAlert: (alert: number) =>
    request("POST", `petitions/alerts/${alert}/handle/`, { schema: BurstAlertOutput }),
};

export type PetitionsApi = typeof petitionsApi;
