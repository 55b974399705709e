import "reflect-metadata";
import { runSubgraph } from "../../lib/subgraph-main.js";
import { scholarshipSubgraph } from "./server.js";

runSubgraph(scholarshipSubgraph);
