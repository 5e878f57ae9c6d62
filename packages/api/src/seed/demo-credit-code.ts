import { creditCodeCheckCharacter } from "@sales/domain";

// GB 11714 organisation code check digit: weights of the 8 body digits, modulus 11.
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A made-up but well-formed unified social credit code (统一社会信用代码, GB 32100-2015) for the
 * demo lead at `index`: 9 (registered with market regulation) 1 (enterprise), the city's
 * division code, a 9-character organisation code (8 digits derived from the index, distinct
 * for up to 10^8 leads, and its GB 11714 check digit), then the code's own check character.
 */
export function demoCreditCode(index: number, divisionCode: string): string {
  const organization = String((10_000_000 + index * 104_729) % 100_000_000).padStart(8, "0");
  const body = `91${divisionCode}${organization}${organizationCheckDigit(organization)}`;
  const check = creditCodeCheckCharacter(body);
  if (check === null) throw new Error(`Not a credit code body: ${body}`);
  return body + check;
}

function organizationCheckDigit(digits: string): string {
  const weighted = [...digits].reduce((sum, digit, i) => sum + Number(digit) * ORGANIZATION_CODE_WEIGHTS[i]!, 0);
  const check = 11 - (weighted % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}
