import { Client, fetchExchange, type AnyVariables, type CombinedError, type TypedDocumentNode } from "@urql/core";
import { COUNTRY_CODES } from "../../../lib/validators.js";
import { DirectoryPageDocument, MemberCardDocument, SocietyBySlugDocument, UpcomingEventsDocument, type DirectoryPageQuery, type MemberFilter, type MemberCardQuery, type UpcomingEventsQuery } from "./gql/graphql.js";
import { LABELS, LANGUAGES, languageOf, type Labels, type Language } from "./labels.js";

const PAGE_SIZE = 10;
const SEARCH_DELAY_MS = 250;

/**
 * Codegen's client preset replaces each document by its hash (`__meta__.hash`, "sha256:<hex>"); urql sends
 * a document that carries a `documentId` and no definitions as `{ documentId }` (GraphQL over HTTP's
 * persisted documents), so no query text ever leaves the page.
 */
function persisted<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>): TypedDocumentNode<Data, Variables> {
  const { hash } = (document as unknown as { __meta__: { hash: string } }).__meta__;
  return { kind: "Document", definitions: [], documentId: hash } as unknown as TypedDocumentNode<Data, Variables>;
}

const DIRECTORY_PAGE = persisted(DirectoryPageDocument);
const MEMBER_CARD = persisted(MemberCardDocument);
const SOCIETY_BY_SLUG = persisted(SocietyBySlugDocument);
const UPCOMING_EVENTS = persisted(UpcomingEventsDocument);

type Child = Node | string | null | undefined | false;

/** Builds an element; text is always set as text, never parsed as HTML. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Omit<HTMLElementTagNameMap[K], "part">> & { part?: string } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = Object.assign(document.createElement(tag), props);
  if (props.part) element.setAttribute("part", props.part);
  element.append(...children.filter((child): child is Node | string => Boolean(child)));
  return element;
}

const STYLE = `
  :host { display: block; font: 15px/1.45 system-ui, sans-serif; color: #1d2733; max-width: 56rem; }
  header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
  h2 { font-size: 1.3rem; margin: 0 0 .6rem; } h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
  form { display: grid; grid-template-columns: 2fr repeat(3, minmax(0, 1fr)); gap: .5rem; }
  input, select, button { font: inherit; padding: .35rem .5rem; border: 1px solid #b8c2cc; border-radius: 6px; background: #fff; }
  button { cursor: pointer; } button:disabled { cursor: default; opacity: .5; }
  ol { list-style: none; padding: 0; margin: .6rem 0; }
  ol li { padding: .45rem 0; border-bottom: 1px solid #e3e8ee; }
  ol button { border: 0; padding: 0; color: #0b5cad; font-weight: 600; background: none; }
  .meta { color: #52606d; font-size: .9rem; }
  nav { display: flex; gap: .6rem; align-items: center; }
  .card { border: 1px solid #b8c2cc; border-radius: 10px; padding: .8rem 1rem; margin: .8rem 0; background: #f7fafc; }
  .card dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0 0; } .card dt { color: #52606d; }
  .status { color: #52606d; } .error { color: #a61b1b; font-weight: 600; }
  ul.events { padding-left: 1.1rem; } ul.events a { margin-left: .5rem; }
`;

/**
 * `<copnet-directory society="hoecop" lang="fr" gateway="https://copnet.example.org" key="copnet_…">`:
 * the international member directory and a society's upcoming events, for any page. It needs no
 * framework, and talks only to the gateway, with a publishable key, by document id.
 */
export class CopnetDirectory extends HTMLElement {
  static observedAttributes = ["society", "lang", "gateway", "key"];

  private readonly root = this.attachShadow({ mode: "open" });
  private client: Client | null = null;
  private filter: MemberFilter = {};
  /** Cursors of the pages before this one: "previous" goes back without counting. */
  private cursors: (string | null)[] = [null];
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private renderedFor = "";

  connectedCallback(): void {
    this.render();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.render();
  }

  private get language(): Language {
    return languageOf(this.getAttribute("lang") ?? document.documentElement.lang);
  }

  private get labels(): Labels {
    return LABELS[this.language];
  }

  /** Rebuilds the whole widget (attributes changed); the directory and events are then fetched again. */
  private render(): void {
    const gateway = this.getAttribute("gateway") ?? "";
    const key = this.getAttribute("key") ?? "";
    const settings = [gateway, key, this.getAttribute("society"), this.language].join(" ");
    if (settings === this.renderedFor) return;
    this.renderedFor = settings;
    this.client = new Client({
      url: new URL("/graphql", gateway || location.href).toString(),
      exchanges: [fetchExchange],
      preferGetMethod: false,
      requestPolicy: "network-only",
      fetchOptions: () => ({ headers: { authorization: `Bearer ${key}` } }),
    });
    const labels = this.labels;
    const regions = new Intl.DisplayNames([this.language], { type: "region" });
    const countries = [...COUNTRY_CODES].map((code) => [code, regions.of(code) ?? code] as const).sort((a, b) => a[1].localeCompare(b[1], this.language));
    const option = (value: string, text: string, selected: boolean) => h("option", { value, selected }, text);
    const languagePicker = h("select", { ariaLabel: labels.language, part: "language", onchange: () => this.setAttribute("lang", languagePicker.value) }, ...LANGUAGES.map((tag) => option(tag, new Intl.DisplayNames([tag], { type: "language" }).of(tag) ?? tag, tag === this.language)));
    const search = h("input", { type: "search", name: "q", placeholder: labels.search, ariaLabel: labels.search, value: this.filter.q ?? "" });
    const country = h("select", { name: "country", ariaLabel: labels.anyCountry }, option("", labels.anyCountry, !this.filter.country), ...countries.map(([code, name]) => option(code, name, code === this.filter.country)));
    const stage = h("select", { name: "careerStage", ariaLabel: labels.anyStage }, option("", labels.anyStage, !this.filter.careerStage), ...Object.entries(labels.careerStages).map(([value, text]) => option(value, text, value === this.filter.careerStage)));
    const profession = h("select", { name: "profession", ariaLabel: labels.anyProfession }, option("", labels.anyProfession, !this.filter.profession), ...Object.entries(labels.professions).map(([value, text]) => option(value, text, value === this.filter.profession)));
    const form = h("form", { part: "filters", onsubmit: (event: Event) => event.preventDefault() }, search, country, stage, profession);
    const changed = () => {
      this.filter = {
        q: search.value.trim() || undefined,
        country: country.value || undefined,
        careerStage: (stage.value || undefined) as MemberFilter["careerStage"],
        profession: (profession.value || undefined) as MemberFilter["profession"],
      };
      this.cursors = [null];
      void this.loadPage();
    };
    search.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(changed, SEARCH_DELAY_MS);
    });
    for (const select of [country, stage, profession]) select.addEventListener("change", changed);
    this.root.replaceChildren(
      h("style", {}, STYLE),
      h("header", {}, h("h2", { className: "title" }, labels.directory), languagePicker),
      form,
      h("p", { className: "status", role: "status" }),
      h("ol", { className: "results", part: "results" }),
      h("nav", { part: "pages" }),
      h("div", { className: "card-slot" }),
      h("section", { part: "events" }, h("h3", {}, labels.upcomingEvents), h("ul", { className: "events" })),
    );
    void this.loadPage();
    void this.loadEvents();
  }

  private find<T extends Element>(selector: string): T {
    return this.root.querySelector<T>(selector)!;
  }

  private async loadPage(): Promise<void> {
    const labels = this.labels;
    const status = this.find<HTMLElement>(".status");
    status.className = "status";
    status.textContent = labels.loading;
    const after = this.cursors[this.cursors.length - 1] ?? null;
    const result = await this.client!.query(DIRECTORY_PAGE, { filter: this.filter, first: PAGE_SIZE, after }).toPromise();
    if (!result.data) return this.fail(status, result.error);
    this.showPage(result.data.members);
  }

  private showPage(members: DirectoryPageQuery["members"]): void {
    const labels = this.labels;
    const regions = new Intl.DisplayNames([this.language], { type: "region" });
    this.find<HTMLElement>(".status").textContent = members.totalCount === 0 ? labels.noResults : labels.results(members.totalCount);
    this.find<HTMLElement>(".results").replaceChildren(
      ...members.edges.map(({ node }) =>
        h(
          "li",
          {},
          h("button", { type: "button", onclick: () => void this.openCard(node.id) }, node.displayName),
          h("div", { className: "meta" }, [regions.of(node.country) ?? node.country, labels.careerStages[node.careerStage], ...node.professions.map((profession) => labels.professions[profession]), node.society.name].join(" · ")),
        ),
      ),
    );
    const page = this.cursors.length;
    this.find<HTMLElement>("nav").replaceChildren(
      h("button", { type: "button", className: "previous", disabled: page === 1, onclick: () => { this.cursors.pop(); void this.loadPage(); } }, labels.previous),
      h("span", { className: "page" }, labels.page(page)),
      h("button", { type: "button", className: "next", disabled: !members.pageInfo.hasNextPage, onclick: () => { this.cursors.push(members.pageInfo.endCursor); void this.loadPage(); } }, labels.next),
    );
  }

  private async openCard(id: string): Promise<void> {
    const slot = this.find<HTMLElement>(".card-slot");
    const result = await this.client!.query(MEMBER_CARD, { id }).toPromise();
    if (!result.data?.member) return this.fail(this.find(".status"), result.error);
    slot.replaceChildren(this.card(result.data.member));
  }

  private card(member: NonNullable<MemberCardQuery["member"]>): HTMLElement {
    const labels = this.labels;
    const regions = new Intl.DisplayNames([this.language], { type: "region" });
    const languages = new Intl.DisplayNames([this.language], { type: "language" });
    const profile = member.mentorProfile;
    const mentoring = !profile ? labels.notAMentor : profile.acceptingMentees ? labels.acceptingMentees(Math.max(0, profile.capacity - profile.activeMentees), profile.capacity) : labels.notAcceptingMentees;
    const row = (term: string, detail: string) => [h("dt", {}, term), h("dd", {}, detail)];
    return h(
      "article",
      { className: "card", part: "card" },
      h("header", {}, h("h3", {}, member.displayName), h("button", { type: "button", onclick: () => this.find<HTMLElement>(".card-slot").replaceChildren() }, labels.close)),
      h("div", { className: "meta" }, [regions.of(member.country) ?? member.country, labels.careerStages[member.careerStage], ...member.professions.map((profession) => labels.professions[profession])].join(" · ")),
      h("dl", {}, ...row(labels.society, member.society.name), ...row(labels.languages, member.languages.map((tag) => languages.of(tag) ?? tag).join(", ")), ...row(labels.expertise, member.expertise.join(", ")), ...row(labels.mentoring, mentoring)),
    );
  }

  private async loadEvents(): Promise<void> {
    const list = this.find<HTMLElement>("ul.events");
    const society = await this.client!.query(SOCIETY_BY_SLUG, { slug: this.getAttribute("society") ?? "" }).toPromise();
    if (!society.data?.society) return this.fail(this.find(".status"), society.error);
    this.find<HTMLElement>(".title").textContent = `${society.data.society.name} · ${this.labels.directory}`;
    const events = await this.client!.query(UPCOMING_EVENTS, { society: society.data.society.id, from: new Date().toISOString() }).toPromise();
    if (!events.data) return this.fail(this.find(".status"), events.error);
    this.showEvents(list, events.data.events.edges.map((edge) => edge.node));
  }

  private showEvents(list: HTMLElement, events: UpcomingEventsQuery["events"]["edges"][number]["node"][]): void {
    const labels = this.labels;
    if (events.length === 0) return void list.replaceChildren(h("li", {}, labels.noEvents));
    const gateway = this.getAttribute("gateway") || location.href;
    list.replaceChildren(
      ...events.map((event) => {
        // In the organiser's zone, named: "25 févr. 2027, 23:00 (Australia/Sydney)".
        const when = `${new Intl.DateTimeFormat(this.language, { dateStyle: "medium", timeStyle: "short", timeZone: event.timezone }).format(new Date(String(event.startsAt)))} (${event.timezone})`;
        return h(
          "li",
          {},
          h("strong", {}, event.title),
          ` — ${labels.eventKinds[event.kind]}, ${when}, ${event.online ? labels.online : (event.venue ?? "")}`,
          h("a", { href: new URL(event.icsUrl, gateway).toString(), download: `${event.id}.ics` }, labels.addToCalendar),
        );
      }),
    );
  }

  /** A page on an origin the gateway does not know cannot read its answers: the browser reports a network error. */
  private fail(status: HTMLElement, error: CombinedError | undefined): void {
    status.className = "status error";
    status.textContent = !error || error.networkError ? this.labels.unreachable : this.labels.failed(error.graphQLErrors.map((problem) => problem.message).join("; "));
  }
}

customElements.define("copnet-directory", CopnetDirectory);
