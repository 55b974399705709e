import type { ServerResponse } from "node:http";
import { z } from "zod";
import { HttpError } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";

/** Admin API handlers by "METHOD path" under /admin/: they answer JSON, or throw an HttpError. */
export type AdminActions = Record<string, (caller: Caller, body: unknown, res: ServerResponse, url: URL) => Promise<unknown>>;

export function requireAdmin(caller: Caller): void {
  if (caller.role !== "admin") throw new HttpError(403, "Only an admin key may do this");
}

/** Who made a change, as registry history and audit columns record it. */
export function who(caller: Caller): string {
  return caller.role === "society" ? `society ${caller.societyId}` : caller.role;
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, `Invalid request — ${result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ")}`);
  return result.data;
}
