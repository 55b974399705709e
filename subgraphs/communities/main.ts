import "reflect-metadata";
import { runSubgraph } from "../../lib/subgraph-main.js";
import { communitiesSubgraph } from "./server.js";

runSubgraph(communitiesSubgraph);
