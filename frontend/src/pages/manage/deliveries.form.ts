/**
 * Pure pieces of the officials' delivery screen: the PATCH body from the form's values, and the
 * multipart body of a milestone with its photos and their alternative texts in the same order.
 */

export interface StateValues {
  status: string;
  abandonReason: string;
  abandonReasonEn: string;
  budgetSpent: string;
  services: string;
  address: string;
}

/** The services typed one per line: trimmed, empty lines and repeats dropped, order kept. */
export function servicesFromText(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const name = line.trim();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** The PATCH body. A budget that is not a whole number is sent as typed: the API names the field. */
export function statePatch(values: StateValues): Record<string, unknown> {
  const budget = values.budgetSpent.trim().replace(/\s/g, "");
  const body: Record<string, unknown> = {
    status: values.status,
    budget_spent: /^\d+$/.test(budget) ? Number(budget) : budget,
    services: servicesFromText(values.services),
    address: values.address.trim(),
  };
  if (values.status === "abandoned") {
    body.abandon_reason = values.abandonReason.trim();
    body.abandon_reason_en = values.abandonReasonEn.trim();
  }
  return body;
}

export interface MilestoneValues {
  date: string;
  kind: string;
  text: string;
  textEn: string;
  photos: { file: Blob & { name?: string }; alt: string; altEn: string }[];
}

export function milestoneForm(values: MilestoneValues): FormData {
  const form = new FormData();
  form.append("date", values.date);
  form.append("kind", values.kind);
  form.append("text", values.text);
  if (values.textEn.trim()) form.append("text_en", values.textEn);
  const anyEnglish = values.photos.some((p) => p.altEn.trim());
  for (const photo of values.photos) {
    form.append("photos", photo.file, photo.file.name ?? "photo");
    form.append("alts", photo.alt);
    if (anyEnglish) form.append("alts_en", photo.altEn);
  }
  return form;
}
