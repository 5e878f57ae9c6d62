import { CombinedError } from "@urql/core";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LoadingBlock, QueryState, type QueryProgress } from "../src/components/query-state.tsx";
import { translator } from "../src/i18n/translate.ts";

const zh = translator("zh-CN");

function shown<Data>(result: QueryProgress<Data>, extra: { loading?: ReactNode; empty?: { when(data: NonNullable<Data>): boolean; say: ReactNode } } = {}): string {
  return renderToStaticMarkup(createElement(QueryState<Data>, { result, t: zh, ...extra, children: (data: NonNullable<Data>) => `rows: ${String(data)}` }));
}

/** The states every island's query passes through, said the same way on every screen. */
describe("QueryState", () => {
  it("says it is loading until the answer is in, or shows the room the island keeps", () => {
    expect(shown({ data: undefined })).toBe('<p class="loading">正在加载…</p>');
    expect(shown({ data: null })).toBe('<p class="loading">正在加载…</p>');
    expect(shown({ data: undefined }, { loading: createElement(LoadingBlock, { t: zh, rows: 51 }) })).toBe(
      '<p class="loading" style="min-height:calc(51 * var(--table-row))">正在加载…</p>',
    );
  });

  it("shows the answer, or what to say when it has nothing", () => {
    const empty = { when: (rows: string[]) => rows.length === 0, say: "没有待处理的跟进" };
    expect(shown({ data: ["a"] }, { empty })).toBe("rows: a");
    expect(shown({ data: [] as string[] }, { empty })).toBe("没有待处理的跟进");
  });

  it("says a failure in the page's language instead of the content, and nothing for an ended session", () => {
    const network = new CombinedError({ networkError: new Error("fetch failed") });
    expect(shown({ data: ["stale"], error: network })).toBe(`<p role="alert" class="notice notice-error">${zh("error.network")}</p>`);
    const ended = new CombinedError({ graphQLErrors: [{ message: "Sign in first", extensions: { code: "UNAUTHENTICATED" } }] });
    expect(shown({ data: undefined, error: ended })).toBe("");
  });
});
