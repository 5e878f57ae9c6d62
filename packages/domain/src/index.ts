// The public API of @sales/domain: pure SOP rules, no I/O, no clock.
export * from "./result.ts";
export * from "./vocabulary.ts";
export * from "./tiering.ts";
export * from "./playbook.ts";
export * from "./opportunity-signals.ts";
export * from "./calendar/calendar-spec.ts";
export * from "./calendar/business-calendar.ts";
export * from "./calendar/china-mainland.ts";
export * from "./follow-up-planning.ts";
export * from "./follow-up-queue.ts";
export * from "./normalization/email.ts";
export * from "./normalization/phone.ts";
export * from "./normalization/company-name.ts";
export * from "./normalization/credit-code.ts";
export * from "./normalization/duplicate-keys.ts";
export * from "./normalization/masking.ts";
