import { ApiKeySchema } from "./api-key/api-key.entity.js";
import { migrations } from "./migrations/index.js";

/** The gateway's own database: API keys (and, with the registry, federated subgraphs). */
export const gatewayDatabase = { entities: [ApiKeySchema], migrations };
