type Frame = { items: unknown[]; index: number; close: "]" } | { entries: [string, unknown][]; index: number; close: "}" };

/**
 * JSON.stringify without recursion: the fuzzer sends variables nested thousands of levels deep,
 * past where JSON.stringify overflows the call stack. Values are written as JSON.stringify would.
 */
export function stringifyDeep(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const write = (item: unknown) => {
    if (Array.isArray(item)) {
      out.push("[");
      stack.push({ items: item, index: 0, close: "]" });
    } else if (typeof item === "object" && item !== null) {
      out.push("{");
      stack.push({ entries: Object.entries(item).filter(([, inner]) => inner !== undefined), index: 0, close: "}" });
    } else {
      out.push(JSON.stringify(item) ?? "null");
    }
  };
  write(value);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const length = "items" in frame ? frame.items.length : frame.entries.length;
    if (frame.index === length) {
      out.push(frame.close);
      stack.pop();
      continue;
    }
    if (frame.index > 0) out.push(",");
    if ("items" in frame) {
      write(frame.items[frame.index++]);
    } else {
      const [key, inner] = frame.entries[frame.index++]!;
      out.push(`${JSON.stringify(key)}:`);
      write(inner);
    }
  }
  return out.join("");
}
