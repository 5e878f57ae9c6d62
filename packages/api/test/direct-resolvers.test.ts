import "reflect-metadata";
import { isObjectType, parse, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";
import { Arg, buildSchema, Ctx, Field, FieldResolver, ID, Info, Int, ObjectType, Query, Resolver, Root, UseMiddleware, type MiddlewareFn } from "type-graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../src/schema/build-schema.ts";

// patches/type-graphql@2.0.0-rc.4.patch and patches/graphql-jit@0.8.9.patch (issue 13): a field
// resolver taking only its root, context and resolve info is called directly, and graphql-jit
// builds no resolve info for one that does not take it. These check that each kind of resolver
// still gets what it asks for when run as the API runs it (compiled by graphql-jit).

interface TestContext {
  scale: number;
  middlewareRuns: number;
}

@ObjectType()
class Item {
  @Field(() => ID)
  id!: string;

  value!: number;
}

const countRuns: MiddlewareFn<TestContext> = ({ context }, next) => {
  context.middlewareRuns += 1;
  return next();
};

@Resolver(() => Item)
class ItemResolver {
  private readonly offset = 1000;

  @Query(() => [Item])
  items(): Item[] {
    return [
      { id: "a", value: 1 },
      { id: "b", value: 2 },
    ];
  }

  @FieldResolver(() => Int, { description: "Root and context: called directly, given no resolve info" })
  scaled(@Root() item: Item, @Ctx() ctx: TestContext): number {
    return item.value * ctx.scale;
  }

  @FieldResolver(() => Int, { description: "Reads `this`: the resolver class's own instance" })
  offsetValue(@Root() item: Item): number {
    return this.offset + item.value;
  }

  @FieldResolver(() => String, { description: "Asks for the resolve info: called directly, given it" })
  where(@Root() item: Item, @Info() info: GraphQLResolveInfo): string {
    return `${info.parentType.name}.${info.fieldName} at ${pathOf(info.path)}`;
  }

  @FieldResolver(() => Int, { description: "Takes an argument: type-graphql's own path, which converts it" })
  plus(@Root() item: Item, @Arg("by", () => Int) by: number): number {
    return item.value + by;
  }

  @UseMiddleware(countRuns)
  @FieldResolver(() => Int, { description: "Has a middleware: type-graphql's own path, which runs it" })
  counted(@Root() item: Item): number {
    return item.value;
  }
}

function pathOf(path: GraphQLResolveInfo["path"] | undefined): string {
  return path ? [pathOf(path.prev), String(path.key)].filter(Boolean).join(".") : "";
}

describe("resolvers called directly (issue 13)", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    // An auth checker because the app's resolvers, imported below, use @Authorized; none of these does.
    schema = await buildSchema({ resolvers: [ItemResolver], validate: false, authChecker: () => true });
  });

  function resolverOf(field: string) {
    const item = schema.getType("Item");
    if (!isObjectType(item)) throw new Error("Item is an object type");
    return item.getFields()[field]!.resolve as ((...args: unknown[]) => unknown) & { readsNoResolveInfo?: boolean };
  }

  it("say whether they read the resolve info; resolvers with arguments or middleware stay type-graphql's", () => {
    expect(resolverOf("scaled").readsNoResolveInfo).toBe(true);
    expect(resolverOf("offsetValue").readsNoResolveInfo).toBe(true);
    expect(resolverOf("where").readsNoResolveInfo).toBe(false);
    expect(resolverOf("plus").readsNoResolveInfo).toBeUndefined();
    expect(resolverOf("counted").readsNoResolveInfo).toBeUndefined();
  });

  it("answer under graphql-jit with their root, context, own instance, resolve info, arguments and middleware", async () => {
    const compiled = compileQuery(schema, parse(`{ items { id scaled offsetValue where plus(by: 10) counted } }`));
    if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled));
    const context: TestContext = { scale: 3, middlewareRuns: 0 };
    const result = await compiled.query(undefined, context, {});
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      items: [
        { id: "a", scaled: 3, offsetValue: 1001, where: "Item.where at items.0.where", plus: 11, counted: 1 },
        { id: "b", scaled: 6, offsetValue: 1002, where: "Item.where at items.1.where", plus: 12, counted: 2 },
      ],
    });
    expect(context.middlewareRuns).toBe(2);
  });

  it("cover the API's row fields: a deal's money, lead, owner and latest version read no resolve info", async () => {
    const opportunity = (await buildAppSchema()).getType("Opportunity");
    if (!isObjectType(opportunity)) throw new Error("Opportunity is an object type");
    const fields = opportunity.getFields();
    for (const name of ["estimatedValue", "lead", "owner", "latestProposalVersion", "pendingReviews"]) {
      expect((fields[name]!.resolve as { readsNoResolveInfo?: boolean }).readsNoResolveInfo, name).toBe(true);
    }
  });
});
