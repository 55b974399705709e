import type { IncomingMessage } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { HttpError, type Route } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { GatewayContext } from "../context.js";
import { queryAs } from "./graphql.js";

const PATH = /^\/members\/([0-9a-f-]{36})\/cpd\/(\d{4})\.pdf$/i;

interface CertificateData {
  member: {
    displayName: string;
    society: { id: string; name: string } | null;
    cpdCredits: number | null;
    registrations: { status: string; cpdCredited: boolean; event: { title: string; kind: string; startsAt: string; cpdCredits: number } }[] | null;
  } | null;
}

/**
 * `GET /members/{id}/cpd/{year}.pdf`: a CPD certificate listing the events a member attended in a year
 * (by start date, UTC) and their credits. Personal data: only the member's own society's key gets it.
 */
export function certificateRoute(apollo: ApolloServer<GatewayContext>, callerOf: (req: IncomingMessage) => Promise<Caller>): Route {
  return async (req, res, url) => {
    const match = PATH.exec(url.pathname);
    if (!match || req.method !== "GET") return false;
    const [, memberId, yearText] = match;
    const year = Number(yearText);
    if (year < 2000 || year > 2100) throw new HttpError(400, "The year must be between 2000 and 2100");
    const caller = await callerOf(req);
    if (caller.role === "anonymous") throw new HttpError(401, "A CPD certificate needs the member's society's API key");
    const { member } = await queryAs<CertificateData>(
      apollo,
      res,
      caller,
      `query ($id: ID!, $year: Int!) { member(id: $id) { displayName society { id name } cpdCredits(year: $year)
         registrations { status cpdCredited event { title kind startsAt cpdCredits } } } }`,
      { id: memberId, year },
    );
    if (!member) throw new HttpError(404, "No such member");
    if (caller.role !== "society" || caller.societyId !== member.society?.id) throw new HttpError(403, "Only the member's own society may download their CPD certificate");
    if (member.registrations === null || member.cpdCredits === null) throw new HttpError(503, "The events service is unavailable; try again shortly");
    const attended = member.registrations
      .filter((registration) => registration.cpdCredited && new Date(registration.event.startsAt).getUTCFullYear() === year)
      .sort((a, b) => a.event.startsAt.localeCompare(b.event.startsAt));
    const pdf = await render({ name: member.displayName, society: member.society?.name ?? "", year, total: member.cpdCredits, attended });
    res.writeHead(200, { "content-type": "application/pdf", "content-disposition": `attachment; filename="cpd-${year}-${memberId}.pdf"`, "content-length": pdf.length });
    res.end(pdf);
    return true;
  };
}

async function render(certificate: { name: string; society: string; year: number; total: number; attended: NonNullable<NonNullable<CertificateData["member"]>["registrations"]> }): Promise<Buffer> {
  // pdfkit and its fonts load on the first certificate, not in every gateway's resident memory.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: `CPD certificate ${certificate.year} — ${certificate.name}`, Author: certificate.society, Creator: "copnet" } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.fontSize(22).text("Certificate of Continuing Professional Development", { align: "center" });
  doc.moveDown().fontSize(12).text(`${certificate.society} certifies that`, { align: "center" });
  doc.moveDown(0.5).fontSize(18).text(certificate.name, { align: "center" });
  doc.moveDown(0.5).fontSize(12).text(`earned ${formatCredits(certificate.total)} CPD credits in ${certificate.year} by attending:`, { align: "center" });
  doc.moveDown();
  if (certificate.attended.length === 0) doc.text("No attended events recorded in this year.");
  for (const { event } of certificate.attended) {
    doc.fontSize(11).text(`${event.startsAt.slice(0, 10)}   ${event.title} (${event.kind.replaceAll("_", " ").toLowerCase()})   ${formatCredits(event.cpdCredits)} credits`);
  }
  doc.moveDown().fontSize(12).text(`Total: ${formatCredits(certificate.total)} credits`);
  doc.moveDown(2).fontSize(9).fillColor("#555").text(`Issued ${new Date().toISOString().slice(0, 10)} through copnet from the records of ${certificate.society}.`);
  doc.end();
  return done;
}

function formatCredits(credits: number): string {
  return Number.isInteger(credits) ? String(credits) : credits.toFixed(1);
}
