import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123000000_api_keys } from "./Migration20261123000000_api_keys.js";
import { Migration20261123110000_registry } from "./Migration20261123110000_registry.js";
import { Migration20261123120000_api_key_notify } from "./Migration20261123120000_api_key_notify.js";
import { Migration20261130100000_signing_keys } from "./Migration20261130100000_signing_keys.js";
import { Migration20261130130000_normalised_operations } from "./Migration20261130130000_normalised_operations.js";
import { Migration20261130150000_api_key_rate } from "./Migration20261130150000_api_key_rate.js";
import { Migration20261201100000_partner_web } from "./Migration20261201100000_partner_web.js";
import { Migration20261201110000_erasure } from "./Migration20261201110000_erasure.js";
import { Migration20261201120000_key_use_heartbeats } from "./Migration20261201120000_key_use_heartbeats.js";
import { Migration20261201120100_operation_clients } from "./Migration20261201120100_operation_clients.js";
import { Migration20261201140000_live_updates } from "./Migration20261201140000_live_updates.js";
import { Migration20261201140100_webhook_delivery_members } from "./Migration20261201140100_webhook_delivery_members.js";

export const migrations: MigrationObject[] = [
  { name: "Migration20261123000000_api_keys", class: Migration20261123000000_api_keys },
  { name: "Migration20261123110000_registry", class: Migration20261123110000_registry },
  { name: "Migration20261123120000_api_key_notify", class: Migration20261123120000_api_key_notify },
  { name: "Migration20261130100000_signing_keys", class: Migration20261130100000_signing_keys },
  { name: "Migration20261130130000_normalised_operations", class: Migration20261130130000_normalised_operations },
  { name: "Migration20261130150000_api_key_rate", class: Migration20261130150000_api_key_rate },
  { name: "Migration20261201100000_partner_web", class: Migration20261201100000_partner_web },
  { name: "Migration20261201110000_erasure", class: Migration20261201110000_erasure },
  { name: "Migration20261201120000_key_use_heartbeats", class: Migration20261201120000_key_use_heartbeats },
  { name: "Migration20261201120100_operation_clients", class: Migration20261201120100_operation_clients },
  { name: "Migration20261201140000_live_updates", class: Migration20261201140000_live_updates },
  { name: "Migration20261201140100_webhook_delivery_members", class: Migration20261201140100_webhook_delivery_members },
];
