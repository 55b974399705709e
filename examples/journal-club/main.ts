import "reflect-metadata";
import { runSubgraph } from "../../lib/subgraph-main.js";
import { journalClubSubgraph } from "./server.js";

runSubgraph(journalClubSubgraph, 4005);
