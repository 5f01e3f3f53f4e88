/** The petitions API as the screens use it (every answer validated at the edge, `./schemas`). */
import { request, type Query } from "../api/request";
import type { FileBody, SignForm } from "./model";
import {
  PaginatedPetitionList,
  PetitionDetail,
  PetitionMapCollection,
  PetitionProcessList,
  PetitionQueue,
  SignatureCheckOutput,
  SignatureOutput,
  SignerList,
} from "./schemas";

export interface ModerationBody {
  decision: "admissible" | "inadmissible";
  reason_code?: string;
  reason_text: string;
}

export const petitionsApi = {
  processes: (signal?: AbortSignal) =>
    request("GET", "petitions/processes/", { schema: PetitionProcessList, signal }),
  list: (query: Query, signal?: AbortSignal) =>
    request("GET", "petitions/", { schema: PaginatedPetitionList, query, signal }),
  map: (query: Query, signal?: AbortSignal) =>
    request("GET", "petitions/map/", { schema: PetitionMapCollection, query, signal }),
  get: (id: number | string, signal?: AbortSignal) =>
    request("GET", `petitions/${id}/`, { schema: PetitionDetail, signal }),
  file: (body: FileBody) => request("POST", "petitions/", { schema: PetitionDetail, body }),
  sign: (id: number, body: SignForm) =>
    request("POST", `petitions/${id}/signature/`, { schema: SignatureOutput, body }),
  withdraw: (id: number) => request("DELETE", `petitions/${id}/signature/`),
  signers: (id: number, page: number, signal?: AbortSignal) =>
    request("GET", `petitions/${id}/signatures/`, { schema: SignerList, query: { page }, signal }),
  moderate: (id: number, body: ModerationBody) =>
    request("POST", `petitions/${id}/moderation/`, { schema: PetitionDetail, body }),
  answer: (id: number, text: string) =>
    request("POST", `petitions/${id}/answer/`, { schema: PetitionDetail, body: { text } }),
  convert: (id: number, campaign: string) =>
    request("POST", `petitions/${id}/convert/`, { schema: PetitionDetail, body: { campaign } }),
  queue: (signal?: AbortSignal) => request("GET", "petitions/queue/", { schema: PetitionQueue, signal }),
  check: (signature: number, decision: "count" | "reject") =>
    request("POST", `petitions/signatures/${signature}/check/`, {
      schema: SignatureCheckOutput,
      body: { decision },
    }),
};

export type PetitionsApi = typeof petitionsApi;
