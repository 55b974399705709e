import { dropDatabase, ensureDatabase, migrate, openDatabase } from "../../lib/database.js";
import { startSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { journalClubSubgraph } from "../../examples/journal-club/server.js";
import type { TestNetwork } from "./network.js";

/**
 * The example journal-club subgraph on its own throwaway database, with one session presented by
 * `presenterId`, listening on an ephemeral port (or `port`) — a new society's service, not yet federated.
 */
export async function startJournalClub(network: TestNetwork, presenterId: string, port = 0): Promise<RunningSubgraph> {
  const databaseUrl = network.databaseUrl("journalclub");
  await ensureDatabase(databaseUrl);
  const orm = await openDatabase({ url: databaseUrl, entities: journalClubSubgraph.entities, migrations: journalClubSubgraph.migrations });
  try {
    await migrate(orm);
    await orm.em.fork().execute(
      `insert into journal_club_session (id, paper_title, paper_doi, meets_at, presenter_id) values (?, ?, ?, ?, ?) on conflict do nothing`,
      ["7a0e0c1e-0000-4000-8000-000000000001", "Anticoagulation in cancer-associated thrombosis", "10.5555/jc.2026.001", "2026-10-01T17:00:00Z", presenterId],
    );
  } finally {
    await orm.close();
  }
  const server = await startSubgraph(journalClubSubgraph, { databaseUrl, port, tokenSecrets: [network.tokenSecret], gatewayUrl: network.gatewayBaseUrl });
  return {
    ...server,
    async close() {
      await server.close();
      await dropDatabase(databaseUrl);
    },
  };
}
