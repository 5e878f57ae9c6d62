// Text typed on Chinese input methods, pasted from business cards or exported from spreadsheets
// carries full-width forms, zero-width characters, direction marks and broken surrogate pairs.
// Two spellings that look the same must give the same key, and none of it may throw.

// Format characters (zero-width space/joiner, bidi marks, BOM, soft hyphen) and lone surrogates.
const INVISIBLE = /[\p{Cf}\p{Cs}]/gu;

/**
 * Invisible characters removed, NFKC applied (full-width "＠１" becomes "@1") and lower-cased,
 * repeated until stable because lower-casing a few characters yields text NFKC changes again.
 */
export function canonicalLowerCase(raw: string): string {
  let text = withoutInvisibles(raw);
  for (let pass = 0; pass < 3; pass++) {
    const next = text.normalize("NFKC").toLowerCase();
    if (next === text) break;
    text = next;
  }
  return text;
}

/** Same cleanup without changing case, for codes whose canonical form is upper case. */
export function canonicalText(raw: string): string {
  return withoutInvisibles(raw).normalize("NFKC");
}

/** Only the invisible characters removed: for text kept as typed, like a company's display name. */
export function withoutInvisibles(raw: string): string {
  return raw.replace(INVISIBLE, "");
}
