import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from "express";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Express's own test of a mounted path (`app.use("/graphql")`): the path itself or below it, in any case. */
const GRAPHQL_PATH = /^\/graphql(?:\/|\?|$)/i;

export function isGraphqlPath(url: string | undefined): boolean {
  return url !== undefined && GRAPHQL_PATH.test(url);
}

export interface GraphqlRouteOptions<Context extends BaseContext> {
  /** Run in order before Apollo answers, as `app.use("/graphql", ...before)` would run them. */
  before: RequestHandler[];
  apollo: ApolloServer<Context>;
  context: (args: { req: Request; res: Response }) => Promise<Context>;
  /** Where a step's error goes, as Express's error handlers would get it. */
  onError: ErrorRequestHandler;
}

/**
 * /graphql served beside Express's router, not through it (issue 13): the router's matching,
 * parameter handling and `next` chain, and `res.send`'s ETag (a SHA-1 of every answer, useless
 * on POST), were about 7 % of the API's CPU on a pipeline page. Each request still gets Express's
 * request and response, as `app.handle` gives them (req.ip behind the trusted proxies,
 * req.secure, res.cookie), and runs the same middleware in the same order, so what a client sees
 * is what Express answered, but for the ETag.
 */
export function graphqlRoute<Context extends BaseContext>(app: Express, options: GraphqlRouteOptions<Context>) {
  const steps: RequestHandler[] = [...options.before, answerWithApollo(options.apollo, options.context)];
  return (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const req = incoming as Request;
    const res = outgoing as Response;
    // What app.handle does before its router runs.
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    res.locals = Object.create(null) as Response["locals"];
    let index = 0;
    const failed = (error: unknown): void => void options.onError(error, req, res, () => {});
    const next = (error?: unknown): void => {
      if (error !== undefined) {
        failed(error);
        return;
      }
      const step = steps[index++]!;
      try {
        const result: unknown = step(req, res, next);
        if (result instanceof Promise) result.catch(failed);
      } catch (error) {
        failed(error);
      }
    };
    next();
  };
}

/** What @as-integrations/express5 does, answering with `res.end` (no ETag, no freshness check). */
function answerWithApollo<Context extends BaseContext>(apollo: ApolloServer<Context>, context: GraphqlRouteOptions<Context>["context"]): RequestHandler {
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const query = req.url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query === -1 ? "" : req.url.slice(query), body: req.body },
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
