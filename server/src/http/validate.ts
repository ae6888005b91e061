/**
 * The contract at the edge (shared/src/contract, CT3): a request is parsed with its route's schemas
 * before a handler uses it, and refused whole with 400 when it does not fit, naming every problem.
 * In tests the answers are checked against the contract too (CT4), so that a drifting response fails
 * where it is made instead of in some client.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { errorBody, routes, type RouteName } from "@concord/shared/contract";
import { badRequest } from "../auth/errors.js";

type Route<N extends RouteName> = (typeof routes)[N];
type Parsed<R, K extends string> = R extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;

/** What a handler of route `N` reads: its body and query as the contract gives them. */
export interface Input<N extends RouteName> {
  readonly body: Parsed<Route<N>, "body">;
  readonly query: Parsed<Route<N>, "query">;
}

/** One problem of a refused request, as `details.issues` lists it. */
export interface InputIssue {
  readonly in: "body" | "query";
  /** Where in it: "invited.2", or "" for the whole body. */
  readonly path: string;
  readonly message: string;
}

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join(".");

/** zod's sentence for problems the contract gives no sentence of its own, with where the problem is. */
const withPlace = (place: "body" | "query") => (issue: z.core.$ZodRawIssue): string | undefined => {
  const message = z.config().localeError?.(issue);
  const text = typeof message === "string" ? message : message?.message ?? "Invalid input";
  const path = pathOf(issue.path ?? []);
  return path ? `\`${path}\`: ${text}.` : `The request ${place === "body" ? "body" : "query"}: ${text}.`;
};

function parsePart(schema: z.ZodType, value: unknown, place: "body" | "query"): { ok: true; value: unknown } | { ok: false; issues: InputIssue[] } {
  let result: z.ZodSafeParseResult<unknown>;
  try {
    result = schema.safeParse(value, { error: withPlace(place) });
  } catch (error) {
    // a body nested too deeply for the schema's recursion: still the client's mistake, never a 500
    if (error instanceof RangeError) return { ok: false, issues: [{ in: place, path: "", message: "The request is nested too deeply." }] };
    throw error;
  }
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => ({ in: place, path: pathOf(issue.path), message: issue.message })) };
}

/**
 * The body and query of `req` parsed with route `name`'s schemas, or a 400 `bad_request` whose
 * message is the problems' sentences and whose `details.issues` lists them (CT3). A route without a
 * body schema ignores the body; a missing body reads as `{}`.
 */
export function input<N extends RouteName>(req: Request, name: N): Input<N> {
  const route = routes[name] as Route<N> & { query?: z.ZodType; body?: z.ZodType; bodyOptional?: boolean };
  const issues: InputIssue[] = [];
  let query: unknown;
  let body: unknown;
  if (route.query) {
    const parsed = parsePart(route.query, req.query ?? {}, "query");
    if (parsed.ok) query = parsed.value;
    else issues.push(...parsed.issues);
  }
  if (route.body) {
    const given = req.body === undefined || req.body === null ? (route.bodyOptional ? undefined : {}) : req.body;
    if (given !== undefined) {
      const parsed = parsePart(route.body, given, "body");
      if (parsed.ok) body = parsed.value;
      else issues.push(...parsed.issues);
    }
  }
  if (issues.length > 0) throw badRequest(issues.map((i) => i.message).join(" "), { issues });
  return { body, query } as Input<N>;
}

interface CompiledRoute {
  readonly name: RouteName;
  readonly method: string;
  readonly pattern: RegExp;
}

const compiled: readonly CompiledRoute[] = (Object.keys(routes) as RouteName[]).map((name) => {
  const { method, path } = routes[name];
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+");
  return { name, method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`) };
});

/** The contract route `method path` is, or null (`path` with the /api prefix, without the query). */
export function routeOf(method: string, path: string): RouteName | null {
  const upper = method === "HEAD" ? "GET" : method;
  return compiled.find((r) => r.method === upper && r.pattern.test(path))?.name ?? null;
}

/**
 * Checks every JSON answer of a contract route against the route's schema for its status (CT4); an
 * answer that does not fit becomes a 500 naming the problems. For tests: production answers as it is.
 */
export function checkResponses(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const name = routeOf(req.method, `${req.baseUrl}${req.path}`);
    if (!name) {
      next();
      return;
    }
    const send = res.json.bind(res);
    res.json = (payload: unknown) => {
      const responses = routes[name].responses as Readonly<Record<number, { schema?: z.ZodType }>>;
      const spec = responses[res.statusCode];
      // errors: the one error body (any status: limits and throttles apply to every route)
      const schema = res.statusCode >= 400 ? errorBody : spec?.schema;
      if (!schema) {
        const status = res.statusCode;
        res.status(500);
        return send({ error: { code: "internal", message: `${name} answered ${status}, which the contract does not list.` } });
      }
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const status = res.statusCode;
        res.status(500);
        return send({ error: { code: "internal", message: `${name} answered ${status} with a body the contract does not allow: ${z.prettifyError(parsed.error)}` } });
      }
      return send(payload);
    };
    next();
  };
}

