/**
 * The text of a PDF, per page, read with pdf-parse in a child process (see pdf-text-cli.cjs for why).
 */
import { execFile } from 'child_process';
import path from 'path';

export interface PdfText {
  /** all pages, runs separated by single spaces, pages by newlines */
  text: string;
  pages: string[];
  /** the PDF's info dictionary as pdf-parse reports it (Title, Author, CreationDate, …) */
  info: Record<string, unknown>;
}

export function pdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'pdf-text-cli.cjs')], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pdf-parse failed: ${stderr || err.message}`));
      const parsed = JSON.parse(stdout) as { pages: string[]; info: Record<string, unknown> };
      // pdf-parse separates the text runs of one line by spaces or tabs; normalise to single spaces
      const pages = parsed.pages.map((p) => p.replace(/[ \t]+/g, ' '));
      resolve({ pages, text: pages.join('\n'), info: parsed.info });
    });
    child.stdin?.end(pdf);
  });
}
