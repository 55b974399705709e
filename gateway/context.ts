import type { RequestContext } from "../lib/http.js";
import type { Caller } from "../lib/identity.js";

/** Per request at the gateway: the authenticated caller, forwarded to subgraphs as a service token. */
export interface GatewayContext extends RequestContext {
  caller: Caller;
}
