import type { RequestContext } from "../lib/http.js";
import type { Caller } from "../lib/identity.js";
import type { Publishable } from "./partner-web/partner-web.js";

/** Per request at the gateway: the authenticated caller, forwarded to subgraphs as a service token. */
export interface GatewayContext extends RequestContext {
  caller: Caller;
  /** Set when a publishable key called: `caller` is then anonymous, and the request read-only. */
  publishable: Publishable | null;
}
