import { Migration } from "@mikro-orm/migrations";

/** A member's erasure finds the webhook deliveries naming them by index. */
export class Migration20261201140100_webhook_delivery_members extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "webhook_delivery_member_ids_index" on "webhook_delivery" using gin ("member_ids");`);
  }
}
