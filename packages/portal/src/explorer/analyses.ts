import { LOCALES, type Locale } from "../i18n/locales.ts";

/**
 * The saved analyses (issue 12): documented example operations kept as .graphql files in
 * ./analyses/, listed in the explorer's side panel. Each file starts with comment lines naming
 * its title and one-line explanation in every language and the variables it opens with:
 *
 *   # title.zh-CN: 销售预测
 *   # title.en: Forecast
 *   # about.zh-CN: …
 *   # about.en: …
 *   # variables: {"months": 6}
 *
 * The words are data kept beside the operation they describe (so a new analysis is one file);
 * test/explorer.test.ts checks every file has them all and validates the operation against
 * packages/api/schema.graphql.
 */
export interface SavedAnalysis {
  /** The file name without its extension: `2-forecast`. */
  id: string;
  title: Record<Locale, string>;
  about: Record<Locale, string>;
  /** The variables editor's text: JSON, possibly with placeholders (see placeholders.ts). */
  variables: string;
  /** The whole file, comments included, as the operation editor shows it. */
  source: string;
}

const HEADER_LINE = /^#\s*(title|about)\.([\w-]+):\s*(.+?)\s*$|^#\s*variables:\s*(.+?)\s*$/;

/** One analysis file's header and text; throws naming what is missing or malformed. */
export function parseAnalysis(id: string, source: string): SavedAnalysis {
  const title: Partial<Record<Locale, string>> = {};
  const about: Partial<Record<Locale, string>> = {};
  let variables = "{}";
  for (const line of source.split(/\r?\n/)) {
    if (!line.startsWith("#")) break;
    const match = HEADER_LINE.exec(line);
    if (!match) continue;
    const [, kind, locale, text, json] = match;
    if (json !== undefined) {
      try {
        JSON.parse(json);
      } catch {
        throw new Error(`${id}: the variables line is not JSON`);
      }
      variables = JSON.stringify(JSON.parse(json), null, 2);
    } else if ((LOCALES as readonly string[]).includes(locale!)) {
      (kind === "title" ? title : about)[locale as Locale] = text!;
    } else {
      throw new Error(`${id}: unknown language ${locale}`);
    }
  }
  for (const locale of LOCALES) {
    if (!title[locale]) throw new Error(`${id}: no title.${locale}`);
    if (!about[locale]) throw new Error(`${id}: no about.${locale}`);
  }
  return { id, title: title as Record<Locale, string>, about: about as Record<Locale, string>, variables, source };
}

/** Every file of ./analyses/, in file-name order (the numbers in the names order the list). */
export function loadAnalyses(files: Record<string, string>): SavedAnalysis[] {
  return Object.entries(files)
    .map(([path, source]) => parseAnalysis(path.replace(/^.*\//, "").replace(/\.graphql$/, ""), source))
    .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
}

/** The analyses as bundled into the page (Vite reads the files at build time). */
export const SAVED_ANALYSES: SavedAnalysis[] = loadAnalyses(
  import.meta.glob<string>("./analyses/*.graphql", { query: "?raw", import: "default", eager: true }),
);
