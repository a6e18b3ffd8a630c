#!/usr/bin/env node
// An SMTP server for tests that accepts every message and keeps it as a file.
//
//   node smtp-sink.mjs --dir DIR [--port PORT] [--reject-domain DOMAIN]
//
// Listens on 127.0.0.1:PORT (0, the default, lets the OS choose) without TLS or authentication, and
// prints one line `listening PORT` to stdout once it accepts connections. Each message received is
// written raw (as the client sent it after DATA) to DIR/<n>.eml, n = 1, 2, ...; the file appears
// under its final name only when complete. Recipients at --reject-domain are refused with
// `550 5.1.1 <address>: Recipient address rejected`, quoting the address the way real servers do.
// It exits on SIGTERM/SIGINT, and when its stdin closes while stdin is a pipe, so that a test
// process that dies does not leave it running.

import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer } from 'smtp-server';
import { failWith, stopWhenTold } from './test-server.mjs';

const fail = failWith('smtp-sink.mjs');

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '0' },
      'reject-domain': { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail(error.message);
}

if (!options.dir) {
  fail('--dir DIR is required');
}
const port = Number.parseInt(options.port, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be 0..65535, not ${options.port}`);
}
await mkdir(options.dir, { recursive: true });

let received = 0;
const rejectDomain = options['reject-domain']?.toLowerCase();

const server = new SMTPServer({
  // The tests speak plain SMTP to 127.0.0.1: no certificate to trust, no account to know.
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  banner: 'waymark test sink',
  onRcptTo(address, session, callback) {
    if (rejectDomain && address.address.toLowerCase().endsWith(`@${rejectDomain}`)) {
      const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected`);
      error.responseCode = 550;
      callback(error);
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const n = ++received;
    const final = join(options.dir, `${n}.eml`);
    // A dot-name with another extension: readers look for *.eml only, so they never open a half-written file.
    const partial = join(options.dir, `.${n}.eml.partial`);
    pipeline(stream, createWriteStream(partial))
      .then(() => rename(partial, final))
      .then(
        () => callback(null, `queued as ${n}`),
        async (error) => {
          await rm(partial, { force: true });
          process.stderr.write(`smtp-sink.mjs: message ${n} not stored: ${error.message}\n`);
          callback(error);
        },
      );
  },
});

let listening = false;
server.on('error', (error) => {
  if (!listening) {
    fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
  }
  process.stderr.write(`smtp-sink.mjs: ${error.message}\n`);
});

stopWhenTold(server);

server.listen(port, '127.0.0.1', () => {
  listening = true;
  process.stdout.write(`listening ${server.server.address().port}\n`);
});
