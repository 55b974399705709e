import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { DEFAULT_PORTS, GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES } from "../../lib/config.js";

/*
 * Docker has no engine on these machines: the deployment files are checked as text, for what a user with
 * Docker relies on — services, ports, health checks, environment, start commands that exist.
 */
const read = (path: string) => readFile(path, "utf8");
// The shipped subgraphs and their ports, as schema/supergraph.yaml lists them (4001–4005).
const SUBGRAPHS = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, DEFAULT_PORTS[name]!]));

interface Service {
  image?: string;
  build?: { context: string; args: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
}

async function compose(): Promise<Record<string, Service>> {
  return (YAML.parse(await read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> }).services;
}

describe("docker-compose.yml", () => {
  it("should run PostgreSQL, the migrations, every shipped subgraph and the gateway, publishing only the gateway", async () => {
    const services = await compose();
    expect(Object.keys(services).sort()).toEqual([...SUBGRAPH_NAMES, "gateway", "migrate", "postgres"].sort());
    expect(SUBGRAPH_NAMES).toEqual(["members", "mentorship", "scholarship", "events", "communities"]);
    expect(services.gateway!.ports).toEqual(["4000:4000"]);
    for (const [name, port] of Object.entries(SUBGRAPHS)) {
      expect(services[name]!.ports).toBeUndefined();
      expect(services[name]!.expose).toEqual([String(port)]);
      expect(services[name]!.environment).toMatchObject({ [`${name.toUpperCase()}_PORT`]: String(port), PORT: String(port) });
    }
  });

  it("should start every service with a command whose entry file exists", async () => {
    const services = await compose();
    for (const [name, service] of Object.entries(services)) {
      if (name === "postgres") continue;
      // The image runs `copnet build`'s output: dist/<path>.js compiled from <path>.ts.
      const entry = service.command!.find((part) => /\.(ts|js)$/.test(part))!;
      expect(entry, name).toMatch(/^dist\/.*\.js$/);
      const source = entry.replace(/^dist\//, "").replace(/\.js$/, ".ts");
      expect(existsSync(source), `${name}: ${source}`).toBe(true);
      expect(service.build).toMatchObject({ context: ".", args: { SERVICE: name } });
    }
  });

  it("should run the gateway with the heap settings npm start and the benchmark use", async () => {
    const services = await compose();
    expect(services.gateway!.command!.slice(1, 1 + GATEWAY_NODE_FLAGS.length)).toEqual(GATEWAY_NODE_FLAGS);
  });

  it("should give each service its own database and role, and the gateway every subgraph's address", async () => {
    const services = await compose();
    for (const name of Object.keys(SUBGRAPHS)) {
      const env = services[name]!.environment!;
      expect(env[`${name.toUpperCase()}_DATABASE_URL`]).toMatch(new RegExp(`^postgres://copnet_${name}:\\$\\{${name.toUpperCase()}_DB_PASSWORD}@postgres:5432/copnet_${name}$`));
      // A subgraph holds nothing that can sign: it verifies with the gateway's published public keys.
      expect(env.COPNET_GATEWAY_URL).toBe("http://gateway:4000");
      expect(Object.keys(env).filter((key) => /SECRET|PRIVATE|SIGNING|TOKEN/.test(key))).toEqual([]);
      expect(Object.keys(env).filter((key) => key.endsWith("_DATABASE_URL"))).toHaveLength(1);
    }
    const gateway = services.gateway!.environment!;
    for (const [name, port] of Object.entries(SUBGRAPHS)) expect(gateway[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${port}/graphql`);
    expect(Object.keys(services.migrate!.environment!).filter((key) => key.endsWith("_DATABASE_URL")).sort()).toEqual(
      ["gateway", ...SUBGRAPH_NAMES].map((name) => `${name.toUpperCase()}_DATABASE_URL`).sort(),
    );
    const init = await read("docker/postgres/init.sh");
    expect(init).toContain(`for service in gateway ${SUBGRAPH_NAMES.join(" ")};`);
    expect(init).toMatch(/CREATE DATABASE copnet_\$\{service\} OWNER copnet_\$\{service\}/);
  });

  it("should wait for health: PostgreSQL healthy, migrations done, subgraphs healthy before the gateway", async () => {
    const services = await compose();
    expect(services.postgres!.healthcheck!.test).toContain("pg_isready -U postgres");
    for (const name of [...Object.keys(SUBGRAPHS), "gateway"]) {
      expect(services[name]!.depends_on).toMatchObject({ postgres: { condition: "service_healthy" }, migrate: { condition: "service_completed_successfully" } });
    }
    for (const name of Object.keys(SUBGRAPHS)) expect(services.gateway!.depends_on![name]).toEqual({ condition: "service_healthy" });
  });

  it("should restart every long-running container that dies, but never rerun the one-off migration job", async () => {
    const services = await compose();
    for (const name of ["postgres", ...Object.keys(SUBGRAPHS), "gateway"]) expect(services[name]!.restart, name).toBe("unless-stopped");
    expect(services.migrate!.restart).toBe("no");
  });

  it("should take every secret from .env, with .env.example naming each one", async () => {
    const text = await read("docker-compose.yml");
    const example = await read(".env.example");
    const variables = new Set([...text.matchAll(/\$\{([A-Z_]+)/g)].map((match) => match[1]!));
    for (const variable of variables) expect(example, variable).toMatch(new RegExp(`^${variable}=`, "m"));
    expect(text).not.toMatch(/PASSWORD: [^$\s]/);
    expect(await read(".gitignore")).toMatch(/^\.env$/m);
    expect(await read(".dockerignore")).toMatch(/^\.env$/m);
  });
});

describe("Dockerfile", () => {
  it("should install production dependencies, compile to JavaScript, and run only the compiled code as a non-root user with a health check", async () => {
    const dockerfile = await read("Dockerfile");
    const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(stages).toEqual(["node:24-slim deps", "node:24-slim build", "node:24-slim runtime"]);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^RUN node bin\/copnet.js build$/m);
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).toMatch(/^COPY --from=deps \/app\/node_modules/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    // No TypeScript source in the runtime image: what runs is what `copnet build` compiled.
    for (const folder of ["lib", "gateway", "subgraphs", "seed", "bin"]) expect(runtime).not.toContain(`COPY ${folder} `);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    expect(dockerfile).not.toMatch(/^(ENV|ARG) .*(SECRET|PASSWORD|TOKEN)/m);
    // The build stage has every folder the build compiles or copies; esbuild (the compiler) is a production dependency.
    const build = dockerfile.slice(dockerfile.indexOf("AS build"), dockerfile.indexOf("AS runtime"));
    for (const folder of ["lib", "gateway", "subgraphs", "schema", "seed", "bin"]) expect(build).toContain(`COPY ${folder} ./${folder}`);
    const pkg = JSON.parse(await read("package.json")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.esbuild).toBeDefined();
  });
});
