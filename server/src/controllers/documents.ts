import type { Core } from "@strapi/strapi";
import type { Context } from "koa";
import { getService } from "../utils/get-service";
import { actorOf } from "../utils/actor";
import { validationError } from "../utils/errors";
import {
  DOCUMENT_DISPOSITIONS,
  DOCUMENT_SHA256_HEADER,
  type DocumentDisposition,
  type DocumentKind,
} from "../../../shared/contracts/documents";
import type { StartJob } from "../../../shared/contracts/runs";

/** `Content-Disposition` with an ASCII `filename` and, for any other character, an RFC 5987 `filename*`. */
export function contentDisposition(
  disposition: DocumentDisposition,
  fileName: string,
): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return ascii === fileName
    ? `${disposition}; filename="${fileName}"`
    : `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function dispositionOf(query: Record<string, unknown>): DocumentDisposition {
  const value = query.disposition;
  if (value === undefined) return "attachment";
  if (
    typeof value === "string" &&
    (DOCUMENT_DISPOSITIONS as readonly string[]).includes(value)
  )
    return value as DocumentDisposition;
  throw validationError('disposition must be "attachment" or "inline".', [
    {
      path: ["disposition"],
      message: 'disposition must be "attachment" or "inline".',
      name: "ValidationError",
    },
  ]);
}

/** Invoice documents (DESIGN §16, §18): one invoice's PDF or UBL file, a run's ZIPs and the prepare job. */
const documentsController = ({ strapi }: { strapi: Core.Strapi }) => {
  /** GET /invoices/:id/document, GET /credit-notes/:id/document: the archived PDF (304 to a matching If-None-Match). */
  async function download(ctx: Context, kind: DocumentKind) {
    const disposition = dispositionOf(ctx.query);
    const documents = getService(strapi, "documents");
    // A client that holds the archived document (its ETag) gets 304 without the bytes being read.
    const archived = ctx.get("If-None-Match")
      ? await documents.archivedSha256(ctx.params.id, kind)
      : null;
    if (
      archived &&
      ctx
        .get("If-None-Match")
        .split(",")
        .some((tag) => tag.trim().replace(/^W\//, "") === `"${archived}"`)
    ) {
      ctx.set("ETag", `"${archived}"`);
      ctx.set("Cache-Control", "private, no-cache");
      ctx.status = 304;
      return;
    }
    const doc = await documents.ensure(ctx.params.id, kind);
    ctx.set("Content-Type", doc.mime);
    ctx.set(
      "Content-Disposition",
      contentDisposition(disposition, doc.fileName),
    );
    ctx.set("ETag", `"${doc.sha256}"`);
    ctx.set(DOCUMENT_SHA256_HEADER, doc.sha256);
    ctx.set("Cache-Control", "private, no-cache");
    ctx.body = doc.data;
  }

  /** GET /invoices/:id/ubl, GET /credit-notes/:id/ubl: the document's Peppol UBL file (DESIGN §18). */
  async function ubl(ctx: Context, kind: DocumentKind) {
    const disposition = dispositionOf(ctx.query);
    const file = await getService(strapi, "eInvoices").ubl(ctx.params.id, kind);
    ctx.set("Content-Type", `${file.mime}; charset=utf-8`);
    ctx.set("Content-Disposition", contentDisposition(disposition, file.fileName));
    ctx.set("Cache-Control", "private, no-cache");
    ctx.body = file.data;
  }

  return {
    async ubl(ctx: Context) {
      await ubl(ctx, "invoice");
    },
    async ublCreditNote(ctx: Context) {
      await ubl(ctx, "credit_note");
    },
    /** GET /runs/:id/invoices/ubl: a ZIP of the run's UBL files, streamed. */
    async ublOfRun(ctx: Context) {
      const { fileName, stream } = await getService(strapi, "eInvoices").zipOfRun(ctx.params.id);
      ctx.set("Content-Type", "application/zip");
      ctx.set("Content-Disposition", contentDisposition("attachment", fileName));
      ctx.body = stream;
    },
    async download(ctx: Context) {
      await download(ctx, "invoice");
    },
    async downloadCreditNote(ctx: Context) {
      await download(ctx, "credit_note");
    },
    async downloadRun(ctx: Context) {
      const { fileName, stream } = await getService(
        strapi,
        "documents",
      ).zipOfRun(ctx.params.id);
      ctx.set("Content-Type", "application/zip");
      ctx.set(
        "Content-Disposition",
        contentDisposition("attachment", fileName),
      );
      ctx.body = stream;
    },
    /** 202 with the `documents` job at once; the run's active one when it is already queued or running. */
    async prepare(ctx: Context) {
      const { job } = await getService(strapi, "jobs").start(
        ctx.params.id,
        "documents",
        actorOf(ctx),
      );
      ctx.status = 202;
      ctx.body = { data: job } satisfies StartJob.Response;
    },
  };
};

export default documentsController;
