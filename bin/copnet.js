#!/usr/bin/env node
// Entry point of the `copnet` command: registers tsx so the TypeScript sources run as they are.
import { register } from "tsx/esm/api";
import "reflect-metadata";

register();
await import("./copnet.ts");
