/** How a place is put into words: "Quartier du Jardin-des-Plantes, 5e arrondissement". */
import type { Translator } from "../../i18n";

export interface DistrictName {
  code: string;
  name: string;
}

/** The arrondissement's number from its INSEE code (75105 → 5), else null. */
export function arrondissementNumber(code: string): number | null {
  const match = /^751(\d\d)$/.exec(code);
  const number = match ? Number(match[1]) : NaN;
  return number >= 1 && number <= 20 ? number : null;
}

/** The arrondissement in the reader's language ("5e arrondissement" / "5th arrondissement"),
 * or the name the API gave when the code is not one of Paris's. */
export function arrondissementLabel(district: DistrictName, tr: Pick<Translator, "arrondissement">): string {
  const number = arrondissementNumber(district.code);
  return number === null ? district.name : tr.arrondissement(number);
}

/** The quartier (when known) then the arrondissement; null when the place has neither. */
export function placeLabel(
  arrondissement: DistrictName | null,
  quartier: DistrictName | null,
  tr: Pick<Translator, "arrondissement">,
): string | null {
  if (!arrondissement) return quartier ? quartier.name : null;
  const main = arrondissementLabel(arrondissement, tr);
  return quartier ? `${quartier.name}, ${main}` : main;
}
