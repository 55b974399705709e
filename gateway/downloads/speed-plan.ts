import type { IncomingMessage, ServerResponse } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { ApolloServer } from "@apollo/server";
import { Slots } from "../../lib/bounded.js";
import { HttpError, type Route } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { GatewayContext } from "../context.js";
import { csvField } from "./csv.js";
import { queryAs } from "./graphql.js";

/**
 * One PDF plan printed at a time per gateway process (its slot shows on /metrics). The largest plan (30 rounds,
 * about 8000 lines) costs 0.6–0.9 s of the event loop's CPU, and a society key may ask 200 times a second:
 * further PDF requests are refused at once with 503 rather than queued, and a print yields between rounds.
 */
export const pdfRenders = () => new Slots("speed_plan_pdf_renders", 1);
/** Seconds a refused PDF request is told to wait: about one large render. */
const RETRY_AFTER_SECONDS = 2;

const PATH = /^\/mentoring-programs\/([0-9a-f-]{36})\/speed-plan\.(csv|pdf)$/i;

interface Person {
  id: string;
  displayName: string;
}

interface PlanData {
  mentoringProgram: { name: string; society: { name: string } | null; speedSession: { event: { title: string; venue: string | null; timezone: string } | null } | null } | null;
  planSpeedRounds: {
    minutesPerRound: number;
    pairsMet: number;
    repeats: number;
    idleSeats: number;
    rounds: { number: number; startsAt: string; pairs: { table: number; score: number; mentor: Person | null; mentee: Person | null }[] }[];
  };
}

/** The plan and what its page heads need, asked with the caller's key. */
export const SPEED_PLAN_QUERY = `query ($id: ID!, $rounds: Int!, $minutes: Int!) {
  mentoringProgram(id: $id) { name society { name } speedSession { event { title venue timezone } } }
  planSpeedRounds(programId: $id, rounds: $rounds, minutesPerRound: $minutes) {
    minutesPerRound pairsMet repeats idleSeats
    rounds { number startsAt pairs { table score mentor { id displayName } mentee { id displayName } } } } }`;

/**
 * `GET /mentoring-programs/{id}/speed-plan.csv?rounds=8&minutes=7` and `….pdf`: a SPEED programme's rotation plan
 * for its organiser, as a spreadsheet or a printable page per round. The plan is `planSpeedRounds`, asked with the
 * caller's key, so the download holds exactly what the API gives that key (and is refused where the API refuses).
 */
export function speedPlanRoute(
  apollo: ApolloServer<GatewayContext>,
  callerOf: (req: IncomingMessage) => Promise<Caller>,
  renders: Slots,
): Route {
  return async (req, res, url) => {
    const match = PATH.exec(url.pathname);
    if (!match || req.method !== "GET") return false;
    const [, programId, format] = match;
    const rounds = wholeNumber(url.searchParams.get("rounds"), "rounds");
    const minutes = wholeNumber(url.searchParams.get("minutes"), "minutes");
    const caller = await callerOf(req);
    if (caller.role === "anonymous") throw new HttpError(401, "A speed-mentoring plan needs the programme's society's API key");
    const name = `speed-plan-${programId}.${format!.toLowerCase()}`;
    const plan = () => queryAs<PlanData>(apollo, res, caller, SPEED_PLAN_QUERY, { id: programId, rounds, minutes });
    if (format!.toLowerCase() === "csv") {
      const data = await plan();
      res.writeHead(200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` });
      res.end(toCsv(data.planSpeedRounds));
      return true;
    }
    // The slot covers the plan's query too: a refused request costs the subgraphs nothing.
    const body = await (renders.tryRun(async () => render(await plan())) ?? refuseBusy(res));
    res.writeHead(200, { "content-type": "application/pdf", "content-disposition": `attachment; filename="${name}"`, "content-length": body.length });
    res.end(body);
    return true;
  };
}

function refuseBusy(res: ServerResponse): never {
  res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
  throw new HttpError(503, `This gateway is printing another plan; retry after ${RETRY_AFTER_SECONDS} s`, "SERVER_BUSY");
}

function wholeNumber(value: string | null, name: string): number {
  if (value === null || !/^\d{1,4}$/.test(value)) throw new HttpError(400, `${name} must be a whole number`);
  return Number(value);
}

function toCsv(plan: PlanData["planSpeedRounds"]): string {
  const lines = ["round,starts_at,table,mentor_id,mentor,mentee_id,mentee,score"];
  for (const round of plan.rounds) {
    for (const pair of round.pairs) {
      lines.push([round.number, round.startsAt, pair.table, pair.mentor?.id ?? "", csvField(pair.mentor?.displayName ?? ""), pair.mentee?.id ?? "", csvField(pair.mentee?.displayName ?? ""), pair.score].join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

async function render({ mentoringProgram: program, planSpeedRounds: plan }: PlanData): Promise<Buffer> {
  // pdfkit and its fonts load on the first plan, not in every gateway's resident memory.
  const { default: PDFDocument } = await import("pdfkit");
  const event = program?.speedSession?.event ?? null;
  const zone = event?.timezone ?? "UTC";
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: zone, dateStyle: "medium", timeStyle: "short" });
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: `Speed mentoring plan — ${program?.name ?? ""}`, Author: program?.society?.name ?? "", Creator: "copnet" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.fontSize(20).text(`Speed mentoring: ${program?.name ?? ""}`);
  if (event) doc.fontSize(11).text(`${event.title}${event.venue ? `, ${event.venue}` : ""} (times in ${zone})`);
  doc.fontSize(10).fillColor("#555").text(`${plan.rounds.length} rounds of ${plan.minutesPerRound} minutes. Pairs met: ${plan.pairsMet}. Repeats: ${plan.repeats}. Idle seats: ${plan.idleSeats}.`);
  doc.fillColor("#000");
  for (const round of plan.rounds) {
    doc.moveDown().fontSize(13).text(`Round ${round.number}, ${time.format(new Date(round.startsAt))}`);
    for (const pair of round.pairs) doc.fontSize(10).text(`Table ${pair.table}: ${pair.mentor?.displayName ?? "(hidden)"} with ${pair.mentee?.displayName ?? "(hidden)"}`);
    // A round is at most 300 lines: other requests are served between rounds instead of after the whole plan.
    await nextTurn();
  }
  doc.end();
  return done;
}
