import "reflect-metadata";
import { isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { buildAppSchema } from "../src/schema/build-schema.ts";

// patches/type-graphql@2.0.0-rc.4.patch (issue 13): a field that only reads its property gets no
// resolver, so graphql-jit reads it inline instead of calling a function per field and row.
describe("the schema's plain fields (issue 13)", () => {
  it("have no resolver of their own; fields with a resolver method keep it", async () => {
    const schema = await buildAppSchema();
    const lead = schema.getType("Lead");
    if (!isObjectType(lead)) throw new Error("Lead is an object type");
    const fields = lead.getFields();
    for (const plain of ["id", "companyName", "tier", "status", "createdAt"]) expect(fields[plain]!.resolve, plain).toBeUndefined();
    // Masking for analysts (phone) and relations (owner) are resolver methods.
    for (const resolved of ["phone", "owner", "nextFollowUp"]) expect(fields[resolved]!.resolve, resolved).toBeTypeOf("function");
    const plainFields = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith("__"))
      .flatMap((type) => Object.values(type.getFields()))
      .filter((field) => field.resolve === undefined);
    expect(plainFields.length).toBeGreaterThan(300);
  });
});
