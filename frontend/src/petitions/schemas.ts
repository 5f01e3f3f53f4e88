/**
 * The petitions API's answers, validated at the edge by the validators generated from the back
 * end's OpenAPI schema (`../api/generated/zod`), under the names the screens use.
 */
import type { z } from "zod";
import {
  BurstAlertOutput,
  ConvertOutput,
  HeldSignatureOutput,
  PaginatedMySignatureOutputList,
  PaginatedPetitionItemList,
  PaginatedSignerOutputList,
  PetitionDetail,
  PetitionItem,
  PetitionMapCollection,
  PetitionStatusEnum,
  Process,
  QueueOutput,
  SignatureChecked,
  SignatureOutput,
} from "../api/generated/zod";

export const PETITION_STATUSES = PetitionStatusEnum.options;

export {
  BurstAlertOutput,
  ConvertOutput,
  HeldSignatureOutput,
  PaginatedMySignatureOutputList,
  PaginatedPetitionItemList,
  PaginatedSignerOutputList,
  PetitionDetail,
  PetitionItem,
  PetitionMapCollection,
  PetitionStatusEnum,
  Process,
  QueueOutput,
  SignatureChecked,
  SignatureOutput,
};

export type PetitionStatus = z.output<typeof PetitionStatusEnum>;
export type PetitionSummary = z.output<typeof PetitionItem>;
export type Petition = z.output<typeof PetitionDetail>;
export type PetitionProcess = z.output<typeof Process>;
export type PetitionPage = z.output<typeof PaginatedPetitionItemList>;
export type PetitionMap = z.output<typeof PetitionMapCollection>;
export type Signature = z.output<typeof SignatureOutput>;
export type Signers = z.output<typeof PaginatedSignerOutputList>;
export type MySignatures = z.output<typeof PaginatedMySignatureOutputList>;
export type MySignature = MySignatures["results"][number];
export type Queue = z.output<typeof QueueOutput>;
export type Held = z.output<typeof HeldSignatureOutput>;
export type Alert = z.output<typeof BurstAlertOutput>;
