import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { Cluster as CloudNativePgCluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES } from "../../lib/config.js";
import { COMMUNITY_ACCESS_PATH, MEMBER_ACCESS_PATH, WORK_ACCESS_PATH } from "../../lib/member-access.js";
import { JWKS_PATH } from "../../gateway/signing-key/signing-keys.js";
import { trustedProxiesEnv } from "../../gateway/rate-limits.js";
import { SERVICES } from "../../seed/prepare.js";

/*
 * The Kubernetes manifests as an operator applies them: every overlay rendered by kustomize (kubectl's
 * built-in, v5), every object validated against the Kubernetes schemas (kubernetes-models) or, for
 * CloudNativePG clusters, against the schema in deploy/kubernetes/schemas/, then the invariants that make a
 * deployment correct: probes, sizes, budgets, autoscalers, secrets by reference, only the gateway exposed,
 * network policies, compiled entry points. Rendering needs kubectl on PATH: without it the test fails.
 */
const ROOT = "deploy/kubernetes";
const PUBLIC_PATHS = ["/graphql", "/explorer", "/events", "/series", "/societies", "/members", "/mentoring-programs", "/stats/directory.csv"];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: unknown;
  stringData?: unknown;
}

async function render(dir: string): Promise<Manifest[]> {
  const { stdout } = await promisify(execFile)("kubectl", ["kustomize", dir], { maxBuffer: 16 * 1024 * 1024 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error("kubectl is not on PATH: the manifests cannot be rendered (see README, Deploying on Kubernetes)");
    throw error;
  });
  return YAML.parseAllDocuments(stdout).map((document) => document.toJSON() as Manifest);
}

/** The production overlay plus a component, as an operator who adds one writes it. */
async function renderWithComponent(component: string): Promise<Manifest[]> {
  const dir = await mkdtemp(join(tmpdir(), "copnet-component-"));
  try {
    // kustomize takes only relative paths to other kustomizations.
    const from = (path: string) => relative(dir, resolve(ROOT, path));
    await writeFile(join(dir, "kustomization.yaml"), YAML.stringify({ resources: [from("overlays/production")], components: [from(`components/${component}`)] }));
    return await render(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kubernetesModel = async (manifest: Manifest) => {
  const module = (await import(/* @vite-ignore */ `kubernetes-models/${manifest.apiVersion}/${manifest.kind}`)) as Record<string, new (data: unknown) => { validate(): void }>;
  return module[manifest.kind]!;
};

const of = (manifests: Manifest[], kind: string) => manifests.filter((manifest) => manifest.kind === kind);
const named = (manifests: Manifest[], kind: string, name: string) => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  expect(found, `${kind} ${name}`).toBeDefined();
  return found!;
};
const podSpec = (deployment: Manifest) => deployment.spec.template.spec;
const allContainers = (deployment: Manifest): any[] => [...(podSpec(deployment).initContainers ?? []), ...podSpec(deployment).containers];
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([key, value]) => labels[key] === value);
const deploymentName = (service: string) => `copnet-${service}`;

describe.each(["dev", "production"])("overlays/%s", (overlay) => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await render(`${ROOT}/overlays/${overlay}`);
  });

  it("should render only objects that validate against the Kubernetes schemas and the CloudNativePG Cluster schema", async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validateCluster = ajv.compile(JSON.parse(await readFile(`${ROOT}/schemas/cnpg-cluster-v1.schema.json`, "utf8")) as object);
    expect(manifests.length).toBeGreaterThan(20);
    for (const manifest of manifests) {
      expect(manifest.metadata.namespace, `${manifest.kind} ${manifest.metadata.name}`).toBe(overlay === "dev" ? "copnet-dev" : "copnet");
      if (manifest.apiVersion === "postgresql.cnpg.io/v1") {
        // The operator's own CRD schema (CloudNativePG 1.24, as @kubernetes-models/cloudnative-pg generates it from the
        // release's CRDs), then ours, which also refuses fields the CRD would silently ignore.
        expect(() => new CloudNativePgCluster(manifest as never).validate(), `Cluster ${manifest.metadata.name}`).not.toThrow();
        expect(validateCluster(manifest), `${manifest.metadata.name}: ${ajv.errorsText(validateCluster.errors)}`).toBe(true);
        continue;
      }
      const Model = await kubernetesModel(manifest);
      expect(() => new Model(manifest).validate(), `${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
    }
  });

  it("should run the gateway and every subgraph, each with a Service, a PodDisruptionBudget and a HorizontalPodAutoscaler", () => {
    expect(of(manifests, "Deployment").map((deployment) => deployment.metadata.name).sort()).toEqual(SERVICES.map(deploymentName).sort());
    for (const deployment of of(manifests, "Deployment")) {
      const name = deployment.metadata.name;
      const labels = deployment.spec.template.metadata.labels;
      expect(selects(deployment.spec.selector.matchLabels, labels), name).toBe(true);
      const service = named(manifests, "Service", name);
      expect(Object.keys(service.spec.selector).length).toBeGreaterThan(0);
      expect(selects(service.spec.selector, labels), `Service ${name}`).toBe(true);
      expect(service.spec.type ?? "ClusterIP", `Service ${name}`).toBe("ClusterIP");
      const budget = named(manifests, "PodDisruptionBudget", name);
      expect(selects(budget.spec.selector.matchLabels, labels), `PDB ${name}`).toBe(true);
      // Only the labels of this Deployment's pods: a budget must not also count another service's pods.
      for (const other of of(manifests, "Deployment").filter((candidate) => candidate !== deployment)) {
        expect(selects(budget.spec.selector.matchLabels, other.spec.template.metadata.labels), `PDB ${name} selects ${other.metadata.name}`).toBe(false);
      }
      expect(budget.spec.maxUnavailable).toBe(1);
      const autoscaler = named(manifests, "HorizontalPodAutoscaler", name);
      expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name });
      expect(autoscaler.spec.maxReplicas).toBeGreaterThan(autoscaler.spec.minReplicas);
    }
  });

  it("should give every container requests and limits, an image pinned by tag, and the main containers probes on /readyz and /healthz", () => {
    for (const deployment of of(manifests, "Deployment")) {
      for (const container of allContainers(deployment)) {
        const where = `${deployment.metadata.name}/${container.name}`;
        for (const bound of ["requests", "limits"]) for (const resource of ["cpu", "memory"]) expect(container.resources?.[bound]?.[resource], `${where} ${bound}.${resource}`).toBeDefined();
        expect(container.image, where).toMatch(/^[a-z0-9./-]+:(?!latest$)[A-Za-z0-9._-]+$/);
        expect(container.securityContext?.allowPrivilegeEscalation, where).toBe(false);
      }
      for (const container of podSpec(deployment).containers) {
        const where = `${deployment.metadata.name}/${container.name}`;
        expect(container.readinessProbe?.httpGet, where).toEqual({ path: "/readyz", port: "http" });
        expect(container.livenessProbe?.httpGet, where).toEqual({ path: "/healthz", port: "http" });
        expect(container.ports.find((port: { name: string }) => port.name === "http")).toBeDefined();
      }
      // Longer than the preStop pause plus the processes' own 10 s shutdown deadline for requests in flight.
      expect(podSpec(deployment).terminationGracePeriodSeconds).toBeGreaterThan(15);
      expect(podSpec(deployment).securityContext.runAsNonRoot).toBe(true);
      // Spread over nodes counting this service's replicas only.
      const [spread] = podSpec(deployment).topologySpreadConstraints;
      expect(spread.topologyKey).toBe("kubernetes.io/hostname");
      for (const other of of(manifests, "Deployment")) {
        expect(selects(spread.labelSelector.matchLabels, other.spec.template.metadata.labels), `${deployment.metadata.name} spread counts ${other.metadata.name}`).toBe(other === deployment);
      }
    }
  });

  it("should migrate each service's own database in an init container before it serves, and run compiled JavaScript", () => {
    for (const service of SERVICES) {
      const deployment = named(manifests, "Deployment", deploymentName(service));
      const [migrate, ...others] = podSpec(deployment).initContainers;
      expect(others).toEqual([]);
      expect(migrate.command).toEqual(["node", "dist/bin/copnet.js", "migrate", "--service", service]);
      expect(migrate.env.map((variable: { name: string }) => variable.name)).toEqual([`${service.toUpperCase()}_DATABASE_URL`]);
      const [main] = podSpec(deployment).containers;
      const entry = service === "gateway" ? "gateway/main" : `subgraphs/${service}/main`;
      expect(main.command).toEqual(["node", ...(service === "gateway" ? GATEWAY_NODE_FLAGS : []), `dist/${entry}.js`]);
      // `copnet build` compiles <entry>.ts to dist/<entry>.js.
      expect(existsSync(`${entry}.ts`), entry).toBe(true);
      expect(main.env.find((variable: { name: string }) => variable.name === `${service.toUpperCase()}_PORT`)?.value).toBe("8080");
    }
  });

  it("should take every database URL from a Secret and inline no secret", () => {
    expect(of(manifests, "Secret")).toEqual([]);
    expect(of(manifests, "ConfigMap")).toEqual([]);
    for (const deployment of of(manifests, "Deployment")) {
      for (const container of allContainers(deployment)) {
        for (const variable of container.env ?? []) {
          if (!/DATABASE_URL|PASSWORD|SECRET|TOKEN|PRIVATE|_KEY$/.test(variable.name)) {
            expect(variable.value, `${deployment.metadata.name} ${variable.name}`).not.toMatch(/:\/\/[^/]*@/);
            continue;
          }
          expect(variable.value, `${deployment.metadata.name} ${variable.name}`).toBeUndefined();
          const service = variable.name.replace(/_DATABASE_URL$/, "").toLowerCase();
          expect(variable.valueFrom?.secretKeyRef, `${deployment.metadata.name} ${variable.name}`).toEqual({ name: `copnet-${service}-db-app`, key: "uri" });
        }
      }
    }
  });

  it("should expose only the gateway's public routes through the Ingress, never /admin or the metrics port", () => {
    const [ingress, ...more] = of(manifests, "Ingress");
    expect(more).toEqual([]);
    const paths = ingress!.spec.rules.flatMap((rule: any) => rule.http.paths);
    for (const path of paths) expect(path.backend.service).toEqual({ name: "copnet-gateway", port: { name: "http" } });
    expect(paths.map((path: { path: string }) => path.path).sort()).toEqual([...PUBLIC_PATHS].sort());
    for (const service of of(manifests, "Service")) expect(service.spec.type ?? "ClusterIP").toBe("ClusterIP");
    if (overlay === "production") expect(ingress!.spec.tls).toEqual([{ hosts: ingress!.spec.rules.map((rule: { host: string }) => rule.host), secretName: "copnet-tls" }]);
  });

  it("should serve metrics on their own port, named on the Service for Prometheus", () => {
    for (const deployment of of(manifests, "Deployment")) {
      const [main] = podSpec(deployment).containers;
      const metricsPort = main.ports.find((port: { name: string }) => port.name === "metrics")?.containerPort;
      expect(main.env.find((variable: { name: string }) => variable.name === "COPNET_METRICS_PORT")?.value).toBe(String(metricsPort));
      expect(metricsPort).not.toBe(main.ports.find((port: { name: string }) => port.name === "http").containerPort);
      expect(named(manifests, "Service", deployment.metadata.name).spec.ports.map((port: { name: string }) => port.name).sort()).toEqual(["http", "metrics"]);
    }
  });

  it("should let only the gateway reach the subgraphs, and the subgraphs reach the gateway's keys", () => {
    const policies = of(manifests, "NetworkPolicy");
    const deny = named(manifests, "NetworkPolicy", "copnet-default-deny");
    expect(deny.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    const gatewayLabels = named(manifests, "Deployment", "copnet-gateway").spec.template.metadata.labels;
    for (const deployment of of(manifests, "Deployment")) {
      const labels = deployment.spec.template.metadata.labels;
      expect(selects(deny.spec.podSelector.matchLabels, labels), `default deny covers ${deployment.metadata.name}`).toBe(true);
      if (deployment.metadata.name === "copnet-gateway") continue;
      // Every policy that opens the subgraph's `http` port to anyone names the gateway's pods as the only source.
      const openings = policies.filter((policy) => selects(policy.spec.podSelector.matchLabels ?? {}, labels) && policy.spec.ingress);
      for (const rule of openings.flatMap((policy) => policy.spec.ingress)) {
        const ports = rule.ports.map((port: { port: string | number }) => port.port);
        if (ports.includes("metrics")) {
          expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }]);
          continue;
        }
        expect(ports).toEqual(["http"]);
        expect(rule.from).toHaveLength(1);
        expect(matchesExpressions(rule.from[0].podSelector, gatewayLabels)).toBe(true);
        for (const other of of(manifests, "Deployment").filter((candidate) => candidate.metadata.name !== "copnet-gateway")) {
          expect(matchesExpressions(rule.from[0].podSelector, other.spec.template.metadata.labels), `${other.metadata.name} → ${deployment.metadata.name}`).toBe(false);
        }
        expect(rule.from[0].namespaceSelector).toBeUndefined();
      }
      expect(openings.length).toBeGreaterThan(0);
      const egress = policies.filter((policy) => selects(policy.spec.podSelector.matchLabels ?? {}, labels) && policy.spec.egress).flatMap((policy) => policy.spec.egress);
      expect(egress.some((rule: any) => rule.to?.some((peer: any) => peer.podSelector && matchesExpressions(peer.podSelector, gatewayLabels)) && rule.ports.some((port: { port: number }) => port.port === 8080))).toBe(true);
    }
  });

  it("should keep the gateway highly available", () => {
    const gateway = named(manifests, "Deployment", "copnet-gateway");
    const autoscaler = named(manifests, "HorizontalPodAutoscaler", "copnet-gateway");
    expect(gateway.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    if (overlay === "production") {
      expect(gateway.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("overlays/production databases", () => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await render(`${ROOT}/overlays/production`);
  });

  it("should run a CloudNativePG cluster per service database, whose generated secret the service reads", () => {
    expect(of(manifests, "Cluster").map((cluster) => cluster.metadata.name).sort()).toEqual(SERVICES.map((service) => `copnet-${service}-db`).sort());
    for (const service of SERVICES) {
      const cluster = named(manifests, "Cluster", `copnet-${service}-db`);
      expect(cluster.spec.bootstrap.initdb).toMatchObject({ database: `copnet_${service}`, owner: `copnet_${service}` });
      expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
      const env = allContainers(named(manifests, "Deployment", deploymentName(service))).flatMap((container) => container.env ?? []);
      // CloudNativePG writes the application owner's connection URI into `<cluster>-app`, key `uri`.
      for (const variable of env.filter((variable: { name: string }) => variable.name.endsWith("_DATABASE_URL"))) expect(variable.valueFrom.secretKeyRef.name).toBe(`${cluster.metadata.name}-app`);
    }
  });

  it("should let each service, and no other, reach its own database", () => {
    const policies = of(manifests, "NetworkPolicy");
    for (const service of SERVICES) {
      const cluster = `copnet-${service}-db`;
      const podLabels = named(manifests, "Deployment", deploymentName(service)).spec.template.metadata.labels;
      const inbound = policies.filter((policy) => policy.spec.podSelector.matchLabels?.["cnpg.io/cluster"] === cluster);
      expect(inbound).toHaveLength(1);
      const sources = inbound[0]!.spec.ingress.filter((rule: any) => rule.ports?.some((port: { port: number }) => port.port === 5432)).flatMap((rule: any) => rule.from);
      const copnetSources = sources.filter((peer: any) => peer.podSelector);
      expect(copnetSources).toHaveLength(1);
      for (const other of SERVICES) {
        const otherLabels = named(manifests, "Deployment", deploymentName(other)).spec.template.metadata.labels;
        expect(selects(copnetSources[0].podSelector.matchLabels, otherLabels), `${other} → ${cluster}`).toBe(other === service);
      }
      // Egress to PostgreSQL from this service's pods goes to its own cluster only.
      const databaseEgress = policies
        .filter((policy) => policy.spec.egress && selects(policy.spec.podSelector.matchLabels ?? {}, podLabels))
        .flatMap((policy) => policy.spec.egress)
        .filter((rule: any) => rule.ports?.some((port: { port: number }) => port.port === 5432));
      expect(databaseEgress.flatMap((rule: any) => rule.to)).toEqual([{ podSelector: { matchLabels: { "cnpg.io/cluster": cluster } } }]);
    }
  });

  it.each([
    ["admin-ingress", ["/admin"]],
    ["external-subgraphs", [JWKS_PATH, MEMBER_ACCESS_PATH, COMMUNITY_ACCESS_PATH, WORK_ACCESS_PATH]],
  ])("should add routes to the Ingress only when the %s component is added", async (component, added) => {
    const [ingress] = of(await renderWithComponent(component), "Ingress");
    const paths = ingress!.spec.rules[0].http.paths;
    expect(paths.map((path: { path: string }) => path.path).sort()).toEqual([...PUBLIC_PATHS, ...added].sort());
    for (const path of paths) expect(path.backend.service).toEqual({ name: "copnet-gateway", port: { name: "http" } });
  });
});

describe("every subgraph copnet ships", () => {
  it("should have its folder in the base, its URL on the gateway and a database in production", async () => {
    const base = YAML.parse(await readFile(`${ROOT}/base/kustomization.yaml`, "utf8")) as { resources: string[] };
    const gateway = YAML.parse(await readFile(`${ROOT}/base/gateway/deployment.yaml`, "utf8")) as Manifest;
    const env = gateway.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    for (const name of SUBGRAPH_NAMES) {
      expect(base.resources).toContain(`subgraphs/${name}`);
      expect(env.find((variable) => variable.name === `${name.toUpperCase()}_URL`)?.value).toBe(`http://copnet-${name}:8080/graphql`);
      expect(existsSync(`${ROOT}/overlays/production/databases/${name}.yaml`), name).toBe(true);
    }
  });
});

describe("the gateway behind the Ingress", () => {
  it("should trust X-Forwarded-For from the pod network only, with a setting the gateway accepts", async () => {
    const gateway = YAML.parse(await readFile(`${ROOT}/base/gateway/deployment.yaml`, "utf8")) as Manifest;
    const env = gateway.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    const trusted = env.find((variable) => variable.name === "COPNET_TRUSTED_PROXIES")?.value;
    // Without it every client behind ingress-nginx shares one rate-limit bucket.
    expect(trusted).toBeDefined();
    const proxies = trustedProxiesEnv.COPNET_TRUSTED_PROXIES.parse(trusted);
    expect(proxies.has("10.244.1.5")).toBe(true);
    expect(proxies.has("203.0.113.7")).toBe(false);
  });
});

/** Whether a selector with matchLabels and/or `In` matchExpressions selects these labels. */
function matchesExpressions(selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values: string[] }[] }, labels: Record<string, string>): boolean {
  return (
    selects(selector.matchLabels ?? {}, labels) &&
    (selector.matchExpressions ?? []).every((expression) => expression.operator === "In" && expression.values.includes(labels[expression.key]!))
  );
}
