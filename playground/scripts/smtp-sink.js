'use strict';

/**
 * The playground's local SMTP sink: an SMTP server on 127.0.0.1 (only) that accepts every message and
 * writes it as a .eml file under playground/.tmp/mail/. `npm run develop` starts it from the
 * playground's register (src/index.js) when no SMTP_HOST is set; the email plugin's nodemailer
 * provider (config/plugins.js) sends to it. Run it alone with `node scripts/smtp-sink.js`.
 */
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const DEFAULT_PORT = 2525;
const MAIL_DIR = path.resolve(__dirname, '..', '.tmp', 'mail');

/** Starts the sink; resolves with `{ port, dir, close }`, rejects when the port is taken. */
function startSmtpSink({ port = DEFAULT_PORT, dir = MAIL_DIR, log = console.log } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'invoicing playground mail sink',
    size: 50 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        n += 1;
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const safe = to.replace(/[^A-Za-z0-9@._-]+/g, '_').slice(0, 80);
        const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(n).padStart(4, '0')}-${safe}.eml`);
        fs.writeFile(file, Buffer.concat(chunks), (error) => callback(error || null));
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (error) => log(`[mail sink] ${error.message}`));
      log(`[mail sink] SMTP on 127.0.0.1:${port}; e-mails are written to ${dir}`);
      resolve({ port, dir, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { startSmtpSink, DEFAULT_PORT, MAIL_DIR };

if (require.main === module) {
  startSmtpSink({ port: Number(process.env.SMTP_PORT) || DEFAULT_PORT }).catch((error) => {
    console.error(`[mail sink] cannot start: ${error.message}`);
    process.exit(1);
  });
}
