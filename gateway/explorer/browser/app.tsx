import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import { EXAMPLE_OPERATIONS } from "../examples.js";

// The page talks only to the gateway that served it: no CDN, no telemetry, nothing outside this origin.
const fetcher = createGraphiQLFetcher({ url: new URL("/graphql", window.location.href).toString() });
const plugins = [explorerPlugin()];

createRoot(document.getElementById("explorer")!).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={plugins}
    defaultEditorToolsVisibility="headers"
    defaultTabs={EXAMPLE_OPERATIONS.map((query) => ({ query }))}
    shouldPersistHeaders
  />,
);
