import { formatMoney, MAX_MONEY_MINOR, parseMoney, type CurrencyCode, type Money as DomainMoney } from "@sales/domain";
import { Field, InputType, ObjectType } from "type-graphql";
import type { FieldProblem } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";

const AMOUNT_DESCRIPTION =
  `Integer minor units (fen, cents) as a string, e.g. "1234500" for 12,345.00; at most ${MAX_MONEY_MINOR} ` +
  "(a string because GraphQL's Int overflows at 21.4 million yuan in fen)";

@ObjectType({ description: "An amount of money: integer minor units of a currency, never a float" })
export class Money {
  @Field(() => String, { description: AMOUNT_DESCRIPTION })
  amount!: string;

  @Field(() => String, { description: "ISO 4217 code, e.g. CNY" })
  currency!: string;
}

@InputType()
export class MoneyInput {
  @Field(() => String, { description: AMOUNT_DESCRIPTION })
  amount!: string;

  @Field(() => String, { description: "ISO 4217 code, e.g. CNY" })
  currency!: string;
}

/** A client's amount, checked; adds problems naming `field.amount` / `field.currency` and returns null when bad. */
export function readMoneyInput(input: MoneyInput, field: string, problems: FieldProblem[]): DomainMoney | null {
  const money = parseMoney(input, field);
  if (money.ok) return money.value;
  problems.push(...fieldProblems(money.error, ""));
  return null;
}

export function toMoney(amountMinor: bigint, currency: CurrencyCode): Money {
  return formatMoney({ amountMinor, currency });
}
