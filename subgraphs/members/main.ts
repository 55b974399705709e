import "reflect-metadata";
import { runSubgraph } from "../../lib/subgraph-main.js";
import { membersSubgraph } from "./server.js";

runSubgraph(membersSubgraph);
