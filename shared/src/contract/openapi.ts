/**
 * server/openapi.yaml, made from the contract (CT5): every route of `routes` with its parameters,
 * body and answers; every named schema as a component. Pure: the server's script writes the YAML,
 * and a test checks that the committed file is what this gives.
 */
import { z } from "zod";
import { CLOSE, NOTICE_MESSAGE } from "./collab.js";
import { errorBody } from "./common.js";
import { pathParams, routes, type RouteName, type RouteSpec } from "./routes.js";

type Json = Record<string, unknown>;

const COMPONENT = "#/components/schemas/";
const capital = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, "{$1}");

/** Every schema the document names: the contract's named ones, and each route's unnamed bodies and answers. */
function componentRegistry(): { registry: z.core.$ZodRegistry<{ id: string }>; idOf: Map<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  const add = (schema: z.ZodType, fallback: string) => {
    if (idOf.has(schema)) return;
    const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id ?? fallback;
    registry.add(schema, { id });
    idOf.set(schema, id);
  };
  // the named schemas first, so that what the routes use refers to them
  for (const [id, schema] of z.globalRegistry._idmap) {
    registry.add(schema as z.ZodType, { id });
    idOf.set(schema as z.ZodType, id);
  }
  for (const [name, route] of Object.entries(routes) as [RouteName, RouteSpec][]) {
    if (route.body) add(route.body, `${capital(name)}Body`);
    for (const [status, response] of Object.entries(route.responses)) {
      if (response.schema) add(response.schema, `${capital(name)}${status === "200" ? "" : status}Reply`);
    }
  }
  return { registry, idOf };
}

/** JSON Schema of a query's fields, one parameter each. */
function queryParameters(query: z.ZodObject): Json[] {
  const schema = z.toJSONSchema(query, { unrepresentable: "any", io: "input" }) as Json & { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: (schema.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
  });
}

const CSRF = { $ref: "#/components/parameters/Csrf" };
const ERROR = { $ref: "#/components/responses/Error" };

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(version: string): Json {
  const { registry, idOf } = componentRegistry();
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `${COMPONENT}${id}`, unrepresentable: "any", io: "input" }) as { schemas: Record<string, Json> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const ref = (schema: z.ZodType) => ({ $ref: `${COMPONENT}${idOf.get(schema)!}` });

  const paths: Record<string, Json> = {};
  for (const [name, route] of Object.entries(routes) as [RouteName, RouteSpec][]) {
    const unsafe = route.method !== "get";
    const parameters: Json[] = [
      ...pathParams(route.path).map((param) => ({ name: param, in: "path", required: true, schema: { type: "string" } })),
      ...(route.query ? queryParameters(route.query) : []),
      ...(unsafe && route.caller !== "anyone" ? [CSRF] : []),
    ];
    const responses: Record<string, Json> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const content: Record<string, Json> = {};
      if (response.schema) content["application/json"] = { schema: ref(response.schema) };
      for (const [media, kind] of Object.entries(response.media ?? {})) content[media] = { schema: kind === "binary" ? { type: "string", format: "binary" } : { type: "string" } };
      responses[status] = {
        description: response.description,
        ...(response.headers ? { headers: Object.fromEntries(Object.entries(response.headers).map(([header, description]) => [header, { description, schema: { type: "string" } }])) } : {}),
        ...(Object.keys(content).length > 0 ? { content } : {}),
      };
    }
    for (const status of route.errors) responses[String(status)] = ERROR;
    const operation: Json = {
      operationId: name,
      tags: [route.tag],
      summary: route.summary,
      ...(route.caller === "anyone" ? { security: [] } : {}),
      "x-caller": route.caller,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: !route.bodyOptional, content: { "application/json": { schema: ref(route.body) } } } } : {}),
      responses,
    };
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Concord HTTP API",
      version,
      description: [
        "Generated from shared/src/contract by `pnpm --filter @concord/server run openapi`: do not edit by hand.",
        "The HTTP side of the Concord server (API.md). Live editing is the WebSocket endpoint `/collab/{documentId}`, described in PROTOCOL.md.",
        "",
        "Authentication: the browser session cookie `concord_session` (from `POST /api/session`), or an API token as",
        "`Authorization: Bearer <token>` (issued with `pnpm concord token issue`). Every state-changing request authenticated",
        "by the cookie must send the session's CSRF token in `X-CSRF-Token` (403 `csrf` otherwise). Every error is",
        "`{\"error\": {\"code\", \"message\", \"details\"?}}`; a request that does not fit its schema is 400 `bad_request`",
        "with `details.issues` ({in, path, message} for every problem). `x-caller` says who may call an operation.",
      ].join("\n"),
    },
    servers: [{ url: "http://127.0.0.1:8080" }],
    security: [{ session: [] }, { bearer: [] }],
    tags: ["identity", "documents", "review", "snapshots", "rounds", "notes"].map((tag) => ({ name: tag })),
    paths,
    "x-websocket": {
      path: "/collab/{documentId}",
      description: "y-websocket's protocol (PROTOCOL.md); Concord's notices are message type `noticeMessage` with one JSON string (schema Notice); before every 44xx close the server sends a CloseNotice",
      noticeMessage: NOTICE_MESSAGE,
      closeCodes: CLOSE,
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "concord_session" },
        bearer: { type: "http", scheme: "bearer", description: "API token, `concord_…`" },
      },
      parameters: {
        Csrf: { name: "X-CSRF-Token", in: "header", required: false, schema: { type: "string" }, description: "required with the session cookie" },
      },
      responses: {
        Error: { description: "An error (see the code)", content: { "application/json": { schema: ref(errorBody) } } },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
