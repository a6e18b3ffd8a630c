#!/usr/bin/env node
// An S3-compatible server for tests (npm s3rver) that keeps its buckets in a directory.
//
//   node s3-server.mjs --dir DIR --access-key-id ID --secret-access-key SECRET [--port PORT]
//
// Listens on 127.0.0.1:PORT (0, the default, lets the OS choose) over plain HTTP with path-style
// addressing, and prints one line `listening PORT` to stdout once it accepts connections. A bucket is
// created with an unsigned `PUT /BUCKET`. Requests signed with an access key id other than ID are
// refused with InvalidAccessKeyId; s3rver does not check version 4 signatures, so a wrong secret alone
// goes unnoticed. It exits on SIGTERM/SIGINT, and when its stdin closes while stdin is a pipe, so that
// a test process that dies does not leave it running.

import { parseArgs } from 'node:util';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// s3rver seals ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17 and later) only offers
// in its legacy provider, so every second page fails. Triple DES with the key three times over is the same cipher.
const crypto = require('node:crypto');
for (const name of ['createCipheriv', 'createDecipheriv']) {
  const original = crypto[name];
  crypto[name] = (algorithm, key, ...rest) =>
    algorithm === 'des' ? original('des-ede3-cbc', Buffer.concat([key, key, key]), ...rest) : original(algorithm, key, ...rest);
}

const S3rver = require('s3rver');
const AWSAccount = require('s3rver/lib/models/account');

function fail(message) {
  process.stderr.write(`s3-server.mjs: ${message}\n`);
  process.exit(1);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      dir: { type: 'string' },
      port: { type: 'string', default: '0' },
      'access-key-id': { type: 'string' },
      'secret-access-key': { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail(error.message);
}

for (const required of ['dir', 'access-key-id', 'secret-access-key']) {
  if (!options[required]) {
    fail(`--${required} is required`);
  }
}
const port = Number.parseInt(options.port, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be 0..65535, not ${options.port}`);
}
await mkdir(options.dir, { recursive: true });

// The built-in S3RVER/S3RVER pair would let a test with made-up credentials pass; only the test's own pair may sign.
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(options['access-key-id'], options['secret-access-key']);

const server = new S3rver({
  address: '127.0.0.1',
  port,
  directory: options.dir,
  silent: true,
  // Requests to 127.0.0.1 are path-style anyway; this keeps a Host header that looks like a bucket from changing that.
  vhostBuckets: false,
});

let httpServer;
try {
  httpServer = await new Promise((resolve, reject) => {
    server.run((error, address) => (error ? reject(error) : resolve(address)));
  });
} catch (error) {
  fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
}

function stop() {
  server.close(() => process.exit(0));
  // Open keep-alive connections would keep close() waiting; the files are written before each answer.
  setTimeout(() => process.exit(0), 1000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (!process.stdin.isTTY) {
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

process.stdout.write(`listening ${httpServer.port}\n`);
