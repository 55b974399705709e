import "reflect-metadata";
import { runSubgraph } from "../../lib/subgraph-main.js";
import { mentorshipSubgraph } from "./server.js";

runSubgraph(mentorshipSubgraph);
