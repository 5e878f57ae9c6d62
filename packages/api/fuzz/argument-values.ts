import { DEFAULT_PLAYBOOK, EARLIEST_YEAR, LATEST_YEAR } from "@sales/domain";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLEnumType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import type { Random } from "../src/seed/random.ts";
import { FUZZ_START } from "./fuzz-clock.ts";
import { ID_KINDS, type FuzzPools, type IdKind } from "./fuzz-pools.ts";

/** Where the values of one operation come from, and how many invalid ones it holds so far. */
export interface ValueContext {
  schema: GraphQLSchema;
  random: Random;
  pools: FuzzPools;
  /** The field the arguments are for: an `id` argument of `updateLead` names a lead. */
  fieldName: string;
  /** The chance that any one position gets an invalid value instead (0: all valid-looking). */
  invalidChance: number;
  /** Positions given an invalid value so far. */
  invalidCount: number;
  /** The signed-in user's own id, a valid-looking choice for reads. */
  viewerId: string | null;
}

/** A value for `type` at a position named `name`: valid-looking, or invalid by `invalidChance`. */
export function valueFor(type: GraphQLInputType, name: string, ctx: ValueContext, depth = 0): unknown {
  if (ctx.invalidChance > 0 && ctx.random.chance(ctx.invalidChance)) return invalidValueFor(type, name, ctx);
  return validValueFor(type, name, ctx, depth);
}

/**
 * A value the schema accepts, chosen to look like what a client sends: real ids of the kind the
 * name says, enum values, dates in the supported years, small numbers, text in Chinese, empty,
 * long or with emoji. The services may still refuse it (not yours, wrong state): that is the point.
 */
export function validValueFor(type: GraphQLInputType, name: string, ctx: ValueContext, depth = 0): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const length = ctx.random.pick([0, 1, 1, 2, 3]);
    return Array.from({ length }, () => valueFor(nullable.ofType, singular(name), ctx, depth + 1));
  }
  if (isInputObjectType(nullable)) return inputObjectValue(nullable, ctx, depth);
  if (isEnumType(nullable)) return ctx.random.pick(nullable.getValues()).name;
  if (isScalarType(nullable)) return scalarValue(nullable.name, name, ctx);
  return null;
}

function inputObjectValue(type: GraphQLInputObjectType, ctx: ValueContext, depth: number): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    const required = isNonNullType(field.type) && field.defaultValue === undefined;
    // Deeper down, fewer optional fields: a proposal's content stays a few KiB.
    if (required || ctx.random.chance(depth < 2 ? 0.5 : 0.3)) value[field.name] = valueFor(field.type, field.name, ctx, depth + 1);
  }
  return value;
}

function scalarValue(scalar: string, name: string, ctx: ValueContext): unknown {
  const { random } = ctx;
  switch (scalar) {
    case "ID":
      return idValue(name, ctx);
    case "Int":
      return intValue(name, random);
    case "Float":
      return random.pick([0, 0.5, 1, 99.9]);
    case "Boolean":
      return random.chance(0.5);
    case "DateTime":
      return dateTimeValue(random);
    case "LocalDate":
      return localDateValue(random);
    case "JSON":
    case "JSONObject":
      return name.toLowerCase().includes("playbook") ? playbookValue(random) : { note: textValue(random) };
    default:
      return stringValue(name, ctx);
  }
}

/** The kind of row an ID argument names, from its name (`leadId`, `reviewerIds`) or, for `id`, its field's (`updateLead`). */
export function idKindOf(argumentName: string, fieldName: string): IdKind | null {
  const base = argumentName.replace(/Ids?$/, "");
  const byName: Record<string, IdKind> = {
    keep: "lead",
    merge: "lead",
    duplicateOf: "lead",
    owner: "user",
    reviewer: "user",
    fromUser: "user",
    toUser: "user",
    againstVersion: "proposalVersion",
  };
  if (byName[base]) return byName[base];
  const known = ID_KINDS.find((kind) => kind === base);
  if (known) return known;
  // For `id`: the longest kind named in the field, so `proposalVersion` wins over `proposal`.
  const field = fieldName.toLowerCase();
  const named = ID_KINDS.filter((kind) => field.includes(kind.toLowerCase())).sort((a, b) => b.length - a.length);
  return named[0] ?? null;
}

function idValue(name: string, ctx: ValueContext): string {
  const { random, pools } = ctx;
  const kind = idKindOf(name, ctx.fieldName);
  if (kind === "user" && ctx.viewerId && random.chance(0.2)) return ctx.viewerId;
  const own = kind ? pools.ids[kind] : [];
  // Mostly a row of the kind the name says; now and then one of another kind, or none at all.
  if (own.length > 0 && random.chance(0.85)) return random.pick(own);
  const anyKind = pools.ids[random.pick(ID_KINDS)];
  if (anyKind.length > 0 && random.chance(0.6)) return random.pick(anyKind);
  return randomUuid(random);
}

function randomUuid(random: Random): string {
  const hex = (length: number) => Array.from({ length }, () => random.int(0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
}

function intValue(name: string, random: Random): number {
  const lower = name.toLowerCase();
  if (lower === "first" || lower === "last") return random.chance(0.9) ? random.int(1, 20) : random.pick([50, 100, 200]);
  if (lower === "months") return random.int(1, 12);
  if (lower.includes("version")) return random.int(1, 4);
  if (lower.includes("basispoints")) return random.pick([0, 500, 1300, 2500, 10_000]);
  if (lower.includes("days") && lower !== "weekenddays") return random.int(0, 365);
  if (lower.includes("weekendday")) return random.int(1, 7);
  if (lower === "quantity") return random.int(1, 100);
  return random.int(0, 10);
}

const YEAR_MS = 365.25 * 24 * 3_600_000;

/** Mostly within two years of the server's clock, sometimes anywhere in the supported years. */
function instant(random: Random): Date {
  if (random.chance(0.8)) return new Date(FUZZ_START.getTime() + (random.next() * 4 - 2) * YEAR_MS);
  const year = random.int(EARLIEST_YEAR, LATEST_YEAR);
  return new Date(Date.UTC(year, random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59)));
}

function dateTimeValue(random: Random): string {
  const at = instant(random);
  if (random.chance(0.5)) return at.toISOString();
  // The same instant written in Shanghai's offset, as a client in China sends it.
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().replace("Z", "+08:00");
}

function localDateValue(random: Random): string {
  return instant(random).toISOString().slice(0, 10);
}

/** The default playbook with a few of its settings changed, some to values it refuses. */
function playbookValue(random: Random): unknown {
  const playbook = structuredClone(DEFAULT_PLAYBOOK) as unknown as Record<string, unknown>;
  for (let changes = random.int(0, 3); changes > 0; changes--) {
    let at: Record<string, unknown> = playbook;
    for (;;) {
      const keys = Object.keys(at);
      if (keys.length === 0) break;
      const key = random.pick(keys);
      const inner = at[key];
      if (typeof inner === "object" && inner !== null && !Array.isArray(inner) && random.chance(0.7)) {
        at = inner as Record<string, unknown>;
        continue;
      }
      if (random.chance(0.2)) delete at[key];
      else at[key] = random.pick<unknown>([-1, 0, 1, 3, 101, 100_000, 2.5, "HOURS", "WEEKS", "PHONE", "", null, [], {}, true, ["PRICE_OR_PROCESS_QUESTION"]]);
      break;
    }
  }
  return playbook;
}

/** Text a person might type, in Chinese and English, with emoji and combining marks. */
const TEXTS = [
  "恒信精密机械有限公司",
  "张伟",
  "华为",
  "设备联网与预测性维护",
  "Acme Industrial Co., Ltd.",
  "🚀📈 客户很满意 👍🏽",
  "👨‍👩‍👧‍👦 family business",
  "ｆｕｌｌ　ｗｉｄｔｈ",
  "Café e\u0301",
];

/** Text at the edges of what a field takes: empty, blank, long, and what breaks careless SQL or HTML. */
const EDGE_TEXTS = [
  "",
  " ",
  "Robert'); DROP TABLE leads;--",
  "%_\\",
  "<script>alert(1)</script>",
  "line one\nline two\ttabbed",
  "\u200b",
  "x".repeat(300),
  "长".repeat(5_000),
];

function textValue(random: Random): string {
  return random.chance(0.15) ? random.pick(EDGE_TEXTS) : random.pick(TEXTS);
}

/** A string argument, shaped by its name where the name says what it holds. */
function stringValue(name: string, ctx: ValueContext): string {
  const { random, pools } = ctx;
  const lower = name.toLowerCase();
  if (random.chance(0.05)) return textValue(random);
  if (lower.includes("email")) return pools.emails.length > 0 && random.chance(0.5) ? random.pick(pools.emails) : random.pick(["new.lead@example.test", "张伟@例子.中国", "A.B@EXAMPLE.TEST", "a@b", "no-at-sign"]);
  if (lower.includes("phone")) return random.pick(["138 0013 8000", "+86 21 6888 8888", "(021) 6888-8888", "+1 415 555 0100", "12345", "+86 138 0013 8000 ext. 12"]);
  if (lower.includes("password")) return random.pick(["Fuzz-Password-2026!", "correct horse battery 9", "short", "password123", "密码很长而且很安全2026!"]);
  if (lower.includes("timezone")) return random.pick(["Asia/Shanghai", "America/Los_Angeles", "UTC", "Asia/Kolkata", "Mars/Olympus_Mons", "+08:00"]);
  if (lower.includes("currency")) return random.pick(["CNY", "CNY", "USD", "EUR", "HKD", "cny", "XXX", "CNYY"]);
  if (lower.includes("amount")) return random.pick(["0", "1", "5000000", "106000000", "-5", "99999999999999999999999", "1.5", "1e6", "¥100"]);
  if (lower === "date" || lower === "from" || lower === "through") return random.chance(0.8) ? localDateValue(random) : random.pick(["2027-02-30", "2026-13-01", "26-11-27", "2026/11/27"]);
  if (lower === "drill") return pools.harvested.drill.length > 0 && random.chance(0.8) ? random.pick(pools.harvested.drill) : random.pick(["", "e30", "bm90IGpzb24", "eyJyIjoid2luTG9zcyJ9"]);
  if (lower === "after") {
    const cursors = pools.harvested.cursors.get(ctx.fieldName) ?? [];
    return cursors.length > 0 && random.chance(0.8) ? random.pick(cursors) : random.pick(["", "e30", "WzEsMl0", "bm90IGEgY3Vyc29y"]);
  }
  if (lower.includes("creditcode")) return random.pick(["91310000MA1FL8L972", "91440300MA5F0XXX0X", "123456789012345678", "9131000"]);
  if (lower.endsWith("id") || lower.endsWith("key")) return `fuzz-${random.int(0, 40)}`; // rowId, batchId, idempotencyKey: repeats on purpose
  if (lower === "province") return random.pick(["上海", "广东", "Zhejiang", "北京市"]);
  const enumLike = enumNamed(ctx.schema, name);
  if (enumLike && random.chance(0.7)) return random.pick(enumLike.getValues()).name;
  return textValue(random);
}

/** An enum whose name ends with this field's (an import row's `channel` is a LeadChannel spelled as text). */
function enumNamed(schema: GraphQLSchema, name: string): GraphQLEnumType | null {
  const suffix = name.charAt(0).toUpperCase() + name.slice(1);
  const match = Object.values(schema.getTypeMap()).find((type) => isEnumType(type) && !type.name.startsWith("__") && type.name.endsWith(suffix));
  return match && isEnumType(match) ? match : null;
}

function singular(name: string): string {
  return name.endsWith("Ids") ? name.slice(0, -1) : name;
}

/**
 * A value the request should be refused for, as a client might send by mistake or on purpose:
 * null where null is not allowed, the wrong type, ints out of range, a negative page size, lists
 * past their bound, ids that are not UUIDs, year-0 and impossible dates, NUL characters, very
 * long text, unknown enum values and input fields, objects nested far past the variable depth.
 */
export function invalidValueFor(type: GraphQLInputType, name: string, ctx: ValueContext): unknown {
  ctx.invalidCount++;
  const { random } = ctx;
  const nullable = getNullableType(type);
  const named = getNamedType(type);
  const choices: (() => unknown)[] = [() => null, () => wrongType(type, random), () => deeplyNested(random)];
  if (isListType(nullable)) {
    choices.push(
      () => hugeList(nullable.ofType, name, ctx),
      () => hugeList(nullable.ofType, name, ctx),
      // More wrong items than graphql-js reports one by one (50): it then stops with an error of its own.
      () => Array.from({ length: 60 }, () => wrongType(nullable.ofType, random)),
    );
  }
  if (isInputObjectType(nullable)) {
    choices.push(
      () => ({ ...inputObjectValue(nullable, ctx, 0), fuzzUnknownField: 1 }),
      () => withoutRequiredField(nullable, ctx),
    );
  }
  if (isEnumType(named)) choices.push(() => random.pick(["NOT_A_VALUE", named.getValues()[0]!.name.toLowerCase(), ""]));
  if (named.name === "Int") choices.push(() => badInt(name, random), () => badInt(name, random));
  if (named.name === "ID") choices.push(() => badId(random), () => badId(random));
  if (named.name === "DateTime" || named.name === "LocalDate" || /date|^from$|^through$|^to$/i.test(name)) choices.push(() => badDate(random), () => badDate(random));
  if (named.name === "String" || named.name === "ID") choices.push(() => badText(random), () => badText(random));
  return random.pick(choices)();
}

function wrongType(type: GraphQLInputType, random: Random): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return { not: "a list" };
  if (isInputObjectType(nullable)) return random.pick<unknown>(["a string", 42, [], true]);
  switch (getNamedType(type).name) {
    case "Int":
      return random.pick<unknown>(["12", 1.5, true, "abc", [1]]);
    case "Boolean":
      return random.pick<unknown>(["true", 1, "yes"]);
    case "JSONObject":
      return random.pick<unknown>([[1, 2], "{}", 5]);
    case "DateTime":
      // graphql-scalars takes a number as a Unix timestamp: year 0, the far future, a fraction.
      return random.pick<unknown>([-62_198_755_200_000, 8.64e15 + 1, 1e20, 0.5, true]);
    default:
      return random.pick<unknown>([12_345, true, { nested: "object" }, 1.5]);
  }
}

/** Past the 500 a filter list takes, the 5,000 an import takes, and the 65,535 a driver takes. */
function hugeList(item: GraphQLInputType, name: string, ctx: ValueContext): unknown[] {
  const { random } = ctx;
  const objects = isInputObjectType(getNullableType(item));
  const length = objects ? random.pick([501, 1_001, 5_001]) : random.pick([501, 501, 1_001, 5_001, 70_000]);
  const valid = { ...ctx, invalidChance: 0 };
  const valueOf = () => validValueFor(item, singular(name), valid, 2);
  // A long list of the same few values is as long to the server, and much quicker to make.
  const samples = Array.from({ length: 8 }, valueOf);
  return Array.from({ length }, (_, index) => samples[index % samples.length]);
}

function withoutRequiredField(type: GraphQLInputObjectType, ctx: ValueContext): Record<string, unknown> {
  const value = inputObjectValue(type, ctx, 0);
  const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
  if (required.length > 0) delete value[ctx.random.pick(required).name];
  else value.fuzzUnknownField = 1;
  return value;
}

function badInt(name: string, random: Random): number {
  const lower = name.toLowerCase();
  // Page sizes get the values that matter to them most: none, negative, past the maximum.
  if (lower === "first" || lower === "last") return random.pick([0, -1, -50, 201, 1_000_000, 2_147_483_647]);
  return random.pick([-1, -2_147_483_648, 2_147_483_647, 2_147_483_648, 1e15, 1_000_000]);
}

function badId(random: Random): unknown {
  const uuid = randomUuid(random);
  return random.pick<unknown>([
    "",
    "not-a-uuid",
    "123",
    1_234,
    `${uuid}x`,
    `{${uuid}}`,
    uuid.replaceAll("-", ""),
    uuid.toUpperCase(),
    "00000000-0000-0000-0000-00000000000g",
    "' or 1=1 --",
    `${uuid}\u0000`,
    "9".repeat(40),
  ]);
}

function badDate(random: Random): unknown {
  return random.pick<unknown>([
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "10000-01-01",
    "1899-12-31",
    "1899-12-31T23:59:59Z",
    "3000-01-01",
    "3000-01-01T00:00:00+08:00",
    "2026-02-30",
    "2026-13-01T00:00:00Z",
    "2026-11-27T25:00:00Z",
    "2026-11-27T08:00:00",
    "2026-11-27",
    "",
    "yesterday",
  ]);
}

function badText(random: Random): string {
  return random.pick([
    "abc\u0000def",
    "\u0000",
    "长".repeat(random.pick([20_000, 100_000])),
    "\ud800 lone surrogate",
    "🚀".repeat(10_000),
  ]);
}

/** `{ a: { a: … } }` or `[[…]]` nested past the variable depth limit (32). */
function deeplyNested(random: Random): unknown {
  const depth = random.pick([33, 200, 5_000]);
  const asList = random.chance(0.3);
  let value: unknown = "bottom";
  for (let level = 0; level < depth; level++) value = asList ? [value] : { a: value };
  return value;
}
