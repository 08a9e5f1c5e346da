/**
 * A real SMTP server on 127.0.0.1 for the sending tests (smtp-server): it keeps every message it
 * accepts, parsed with mailparser, rejects RCPT TO for the addresses it is told to, and can be closed
 * (then the port refuses connections: an unreachable mail server) and opened again on the same port.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'net';

export interface ReceivedMail {
  /** RCPT TO addresses of the envelope */
  rcptTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  /** when the message's data arrived (ms) */
  at: number;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** RCPT TO of these addresses (lower case) is answered 550. */
  reject: Set<string>;
  /** The env that points the playground's email provider here (SMTP_HOST, SMTP_PORT). */
  env: Record<string, string>;
  /** Stops listening: connections to the port are refused until `open()`. */
  close(): Promise<void>;
  open(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const reject = new Set<string>();
  const pending = new Set<Promise<void>>();
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (reject.has(address.address.toLowerCase())) {
          const error = new Error(`Mailbox ${address.address} does not exist`) as Error & { responseCode?: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const at = Date.now();
          const rcptTo = session.envelope.rcptTo.map((r) => r.address);
          const p = simpleParser(raw).then((parsed) => {
            received.push({ rcptTo, raw, parsed, at });
          });
          pending.add(p);
          // Answer only once the message is parsed and stored: a 250 means the test can see it.
          p.then(() => callback(), callback).finally(() => pending.delete(p));
        });
      },
    });
  let server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject2) => {
      server.once('error', reject2);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject2);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  let open = true;
  const close = async () => {
    if (!open) return;
    open = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    received,
    reject,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) },
    close,
    async open() {
      if (open) return;
      server = make();
      await listen(port);
      open = true;
    },
    stop: close,
  };
}
