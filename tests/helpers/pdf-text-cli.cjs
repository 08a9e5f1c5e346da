'use strict';

/**
 * Reads a PDF on stdin and prints its text as JSON `{ "pages": ["…", …], "info": {…} }` (pdf-parse v2).
 *
 * Run as its own Node process by tests/helpers/pdf-text.ts: pdf.js starts its "fake worker" with a
 * dynamic import(), which Jest's module sandbox refuses without --experimental-vm-modules.
 */
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    process.stdout.write(JSON.stringify({ pages: text.pages.map((p) => p.text), info: info.info }));
  } catch (err) {
    process.stderr.write(String(err && err.stack ? err.stack : err));
    process.exitCode = 1;
  } finally {
    await parser.destroy();
  }
});
