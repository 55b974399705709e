import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { createRoot } from "react-dom/client";

// Everything goes to the admin API of the gateway that served the page: no other host is ever called.
const KEY_STORAGE = "copnet-admin-key";

type Json = Record<string, any>;

class AdminError extends Error {}

async function call(key: string, method: "GET" | "POST", path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`/admin/${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = (await response.json()) as Json;
  if (answer.errors) throw new AdminError(answer.errors.map((error: { message: string }) => error.message).join("; "));
  return answer;
}

function formValues(event: FormEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string" && value.trim() !== "") values[name] = value.trim();
  return values;
}

const stamp = (value: string | null | undefined) => (value ? new Date(value).toISOString().slice(0, 16).replace("T", " ") : "–");
const societyLabel = (society: Json | null) => (society ? `${society.slug} (${society.name})` : "–");

/** Runs an admin call, keeping its error in view instead of losing it. */
function useAction(): [string | null, (run: () => Promise<void>) => Promise<void>] {
  const [error, setError] = useState<string | null>(null);
  const act = useCallback(async (run: () => Promise<void>) => {
    setError(null);
    try {
      await run();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, []);
  return [error, act];
}

/** An admin API listing, loaded when the tab opens and again on `reload`; the tab's actions share its error line. */
function useAdminData<T extends Json>(adminKey: string, path: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, act] = useAction();
  const reload = useCallback(() => act(async () => setData((await call(adminKey, "GET", path)) as T)), [act, adminKey, path]);
  useEffect(() => void reload(), [reload]);
  return { data, reload, error, act };
}

function Problem({ error }: { error: string | null }) {
  return error ? <p className="error" role="alert">{error}</p> : null;
}

function Login({ onKey }: { onKey: (key: string) => void }) {
  const [error, act] = useAction();
  return (
    <main>
      <section>
        <h2>Sign in with an admin key</h2>
        <form
          onSubmit={(event) => {
            const { key } = formValues(event);
            void act(async () => {
              if (!key) throw new AdminError("Type the admin key");
              await call(key, "GET", "supergraph/history"); // any admin-only call proves the key; this one only reads the gateway database
              sessionStorage.setItem(KEY_STORAGE, key);
              onKey(key);
            });
          }}
        >
          <label>
            Admin key
            <input name="key" type="password" autoComplete="off" size={60} />
          </label>
          <button type="submit">Sign in</button>
        </form>
        <Problem error={error} />
        <p className="muted">The key stays in this tab's session storage until you sign out or close the tab.</p>
      </section>
    </main>
  );
}

const KINDS = ["COMMUNITY_OF_PRACTICE", "PROFESSIONAL_SOCIETY", "TRAINEE_NETWORK", "RESEARCH_GROUP", "ACADEMY"];
const STAGES = ["ESTABLISH", "GROW", "SUSTAIN"];

function Societies({ adminKey }: { adminKey: string }) {
  const { data, reload: load, error, act } = useAdminData(adminKey, "societies");
  const societies: Json[] = data?.societies ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <section>
        <h2>Add a society</h2>
        <form
          aria-label="Add a society"
          onSubmit={(event) => {
            const values = formValues(event);
            const form = event.currentTarget;
            void act(async () => {
              const { society } = await call(adminKey, "POST", "societies", values);
              setNotice(`Created ${society.slug} (${society.name}). Give it a key under Keys.`);
              form.reset();
              await load();
            });
          }}
        >
          <label>Slug<input name="slug" required size={12} /></label>
          <label>Name<input name="name" required size={30} /></label>
          <label>Country<input name="country" required size={3} placeholder="PT" /></label>
          <label>Kind<select name="kind">{KINDS.map((kind) => <option key={kind}>{kind}</option>)}</select></label>
          <label>Stage<select name="stage">{STAGES.map((stage) => <option key={stage}>{stage}</option>)}</select></label>
          <label>Website<input name="website" size={24} /></label>
          <label>ROR id<input name="ror" size={14} /></label>
          <button type="submit">Create society</button>
        </form>
        {notice && <p className="ok">{notice}</p>}
        <Problem error={error} />
      </section>
      <section>
        <h2>Societies</h2>
        <table>
          <thead><tr><th>Slug</th><th>Name</th><th>Kind</th><th>Country</th><th>Stage history</th><th /></tr></thead>
          <tbody>
            {societies.map((society) => (
              <tr key={society.id}>
                <td>{society.slug}</td>
                <td>{society.name}</td>
                <td>{society.kind}</td>
                <td>{society.country}</td>
                <td>{society.stageHistory.map((change: Json) => `${change.stage} since ${stamp(change.since)}`).join(" → ")}</td>
                <td>
                  {editing === society.id ? (
                    <form
                      aria-label={`Edit ${society.slug}`}
                      onSubmit={(event) => {
                        const values = formValues(event);
                        void act(async () => {
                          await call(adminKey, "POST", "societies/update", { society: society.slug, ...values });
                          setEditing(null);
                          await load();
                        });
                      }}
                    >
                      <label>Name<input name="name" defaultValue={society.name} /></label>
                      <label>Stage<select name="stage" defaultValue={society.stage}>{STAGES.map((stage) => <option key={stage}>{stage}</option>)}</select></label>
                      <label>Website<input name="website" defaultValue={society.website ?? ""} /></label>
                      <button type="submit">Save</button>
                    </form>
                  ) : (
                    <button className="plain" onClick={() => setEditing(society.id)}>Edit</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function Keys({ adminKey }: { adminKey: string }) {
  const { data, reload: load, error, act } = useAdminData(adminKey, "keys");
  const keys: Json[] = data?.keys ?? [];
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <section>
        <h2>Create a key</h2>
        <form
          aria-label="Create a key"
          onSubmit={(event) => {
            const { rate, expires, ...values } = formValues(event);
            void act(async () => {
              const answer = await call(adminKey, "POST", "keys", { ...values, ...(rate ? { rate: Number(rate) } : {}), ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}) });
              setCreated(answer.key);
              await load();
            });
          }}
        >
          <label>Role<select name="role"><option>society</option><option>researcher</option><option>admin</option></select></label>
          <label>Society (slug)<input name="society" size={12} /></label>
          <label>Label<input name="label" size={24} /></label>
          <label>Rate/s<input name="rate" type="number" min={1} size={6} /></label>
          <label>Expires<input name="expires" type="date" /></label>
          <button type="submit">Create key</button>
        </form>
        {created && (
          <p>
            Shown once — copy it now: <span className="secret" data-testid="new-key">{created}</span>{" "}
            <button className="plain" onClick={() => void navigator.clipboard?.writeText(created)}>Copy</button>{" "}
            <button className="plain" onClick={() => setCreated(null)}>Done</button>
          </p>
        )}
        <Problem error={error} />
      </section>
      <section>
        <h2>Keys</h2>
        <table>
          <thead><tr><th>Prefix</th><th>Role</th><th>Society</th><th>Label</th><th>Rate/s</th><th>Created</th><th>Expires</th><th>Last used</th><th>Revoked</th><th /></tr></thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id}>
                <td><code>{key.prefix}</code></td>
                <td>{key.role}</td>
                <td>{societyLabel(key.society)}</td>
                <td>{key.label}</td>
                <td>{key.rate ?? "role"}</td>
                <td>{stamp(key.createdAt)}</td>
                <td>{stamp(key.expiresAt)}</td>
                <td>{stamp(key.lastUsedAt)}</td>
                <td>{stamp(key.revokedAt)}</td>
                <td>
                  {!key.revokedAt && (
                    <button
                      className="plain"
                      onClick={() => confirm(`Revoke ${key.role} key ${key.prefix}… (${key.label})? Requests with it fail from now on.`) && void act(async () => {
                        await call(adminKey, "POST", "keys/revoke", { key: key.id });
                        await load();
                      })}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function Status({ adminKey }: { adminKey: string }) {
  const { data: status, reload: load, error } = useAdminData(adminKey, "status");
  const ms = (value: number | null) => (value === null ? "–" : `${value} ms`);
  return (
    <section>
      <h2>Network status <button className="plain" onClick={() => void load()}>Refresh</button></h2>
      <Problem error={error} />
      {status && (
        <>
          <p>Registry version {status.supergraphVersion}. Gateways: {status.gateways.map((gateway: Json) => `${gateway.url} serves version ${gateway.supergraphVersion}`).join("; ")}</p>
          <table>
            <thead><tr><th>Subgraph</th><th>Owner</th><th>Ready</th><th>p50</th><th>p99</th><th>Errors (5 min)</th><th>Service tokens</th><th>Data rights</th><th>URL</th></tr></thead>
            <tbody>
              {status.subgraphs.map((subgraph: Json) => (
                <tr key={subgraph.name}>
                  <td>{subgraph.name}</td>
                  <td>{societyLabel(subgraph.owner)}</td>
                  <td className={subgraph.ready ? "ok" : "error"}>{subgraph.ready ? "ready" : `not ready: ${subgraph.readiness}`}</td>
                  <td>{ms(subgraph.recent.p50Ms)}</td>
                  <td>{ms(subgraph.recent.p99Ms)}</td>
                  <td>{subgraph.recent.errorRate === null ? "no traffic" : `${(subgraph.recent.errorRate * 100).toFixed(1)}% of ${subgraph.recent.fetches}`}</td>
                  <td className={subgraph.contracts.serviceTokens === "verified" ? "ok" : "error"}>{subgraph.contracts.serviceTokens}</td>
                  <td className={subgraph.contracts.dataRights === "MISSING" ? "error" : undefined}>{subgraph.contracts.dataRights.toLowerCase().replace("_", " ")}</td>
                  <td><code>{subgraph.url}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Registry({ adminKey }: { adminKey: string }) {
  const { data: history, reload: load, error, act } = useAdminData(adminKey, "supergraph/history");
  const [diff, setDiff] = useState<Json | null>(null);
  const [report, setReport] = useState<{ text: string; refused: boolean } | null>(null);
  const [candidate, setCandidate] = useState<Record<string, string> | null>(null);
  const showReport = (answer: Json) => {
    const checks = answer.report;
    const refused = Boolean(answer.error) || (checks && (!checks.composes || checks.breaking.length > 0 || checks.brokenOperations.length > 0));
    setReport({ text: [answer.summary, answer.error?.message].filter(Boolean).join("\n\n"), refused });
    return refused;
  };
  return (
    <>
      <section>
        <h2>Check a subgraph</h2>
        <form
          aria-label="Check a subgraph"
          onSubmit={(event) => {
            const values = formValues(event);
            void act(async () => {
              setCandidate(null);
              const refused = showReport(await call(adminKey, "POST", "subgraphs/check", values));
              if (!refused && values.url) setCandidate(values);
            });
          }}
        >
          <label>Name<input name="name" required size={14} /></label>
          <label>Owner (slug)<input name="society" size={12} /></label>
          <label>URL<input name="url" size={36} placeholder="http://…/graphql" /></label>
          <label style={{ width: "100%" }}>SDL (or leave empty to fetch it from the URL)<textarea name="sdl" /></label>
          <button type="submit">Check</button>
        </form>
        <Problem error={error} />
        {report && <pre className={report.refused ? "error" : "ok"} data-testid="check-report">{report.text}</pre>}
        {candidate && (
          <button
            onClick={() => confirm(`Publish ${candidate.name} from ${candidate.url}? Every gateway switches to the new supergraph.`) && void act(async () => {
              const answer = await call(adminKey, "POST", "subgraphs/publish", candidate);
              showReport(answer);
              setCandidate(null);
              await load();
            })}
          >
            Publish {candidate.name}
          </button>
        )}
      </section>
      <section>
        <h2>Registry history</h2>
        {history && (
          <table>
            <thead><tr><th>Version</th><th>Action</th><th>Subject</th><th>Published</th><th>By</th><th>Subgraphs</th><th /></tr></thead>
            <tbody>
              {history.versions.map((version: Json) => (
                <tr key={version.version} data-version={version.version}>
                  <td>{version.version}{version.version === history.current ? " (live)" : ""}</td>
                  <td>{version.action}</td>
                  <td>{version.subject ?? "–"}</td>
                  <td>{stamp(version.publishedAt)}</td>
                  <td>{version.publishedBy}</td>
                  <td>{version.subgraphs.map((subgraph: Json) => subgraph.name).join(", ")}</td>
                  <td>
                    {version.version > 1 && (
                      <button className="plain" onClick={() => void act(async () => setDiff(await call(adminKey, "POST", "supergraph/diff", { from: version.version - 1, to: version.version })))}>
                        Diff
                      </button>
                    )}{" "}
                    {version.version !== history.current && (
                      <button
                        className="plain"
                        onClick={() => confirm(`Roll back to version ${version.version}? It is published again as a new version.`) && void act(async () => {
                          await call(adminKey, "POST", "supergraph/rollback", { to: version.version });
                          await load();
                        })}
                      >
                        Roll back here
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {diff && <Diff diff={diff} />}
    </>
  );
}

function Diff({ diff }: { diff: Json }) {
  return (
    <section data-testid="diff">
      <h2>Version {diff.from} → {diff.to}</h2>
      <p>{diff.subgraphs.length === 0 ? "No subgraph changed." : diff.subgraphs.map((subgraph: Json) => `${subgraph.name} ${subgraph.change} (${subgraph.url})`).join("; ")}</p>
      {diff.changes.length === 0 ? (
        <p className="muted">The client-facing schema is the same.</p>
      ) : (
        <ul>
          {diff.changes.map((change: Json, index: number) => (
            <li key={index} className={change.criticality}>
              <strong>{change.criticality.replace("_", "-").toLowerCase()}</strong>: {change.message}
            </li>
          ))}
        </ul>
      )}
      {diff.subgraphs.map((subgraph: Json) => (
        <details key={subgraph.name}>
          <summary>SDL of {subgraph.name}, before and after</summary>
          <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: ".5rem" }}>
            <pre aria-label={`${subgraph.name} before`}>{subgraph.sdlBefore ?? "(not in this version)"}</pre>
            <pre aria-label={`${subgraph.name} after`}>{subgraph.sdlAfter ?? "(not in this version)"}</pre>
          </div>
        </details>
      ))}
    </section>
  );
}

const TABS: Record<string, (props: { adminKey: string }) => ReactNode> = { Societies, Keys, Subgraphs: Status, Registry };

function Console() {
  const [adminKey, setAdminKey] = useState<string | null>(() => sessionStorage.getItem(KEY_STORAGE));
  const [tab, setTab] = useState("Societies");
  const Tab = TABS[tab]!;
  return (
    <>
      <header>
        <h1>copnet admin</h1>
        {adminKey &&
          Object.keys(TABS).map((name) => (
            <button key={name} aria-current={name === tab ? "page" : undefined} onClick={() => setTab(name)}>
              {name}
            </button>
          ))}
        {adminKey && (
          <button style={{ marginLeft: "auto" }} onClick={() => { sessionStorage.removeItem(KEY_STORAGE); setAdminKey(null); }}>
            Sign out
          </button>
        )}
      </header>
      {adminKey ? <main><Tab key={tab} adminKey={adminKey} /></main> : <Login onKey={setAdminKey} />}
    </>
  );
}

createRoot(document.getElementById("console")!).render(<Console />);
