import { runMain } from "../lib/main.js";
import { runSoak, type SoakOptions } from "./soak.js";

/** The soak mix in its own process (its CPU is not the gateway's): SoakOptions as JSON in argv, SoakResult as JSON out. */
runMain(async () => {
  console.log(JSON.stringify(await runSoak(JSON.parse(process.argv[2]!) as SoakOptions)));
});
