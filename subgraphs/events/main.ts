import "reflect-metadata";
import { runSubgraph } from "../../lib/subgraph-main.js";
import { eventsSubgraph } from "./server.js";

runSubgraph(eventsSubgraph);
