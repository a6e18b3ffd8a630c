#!/usr/bin/env node
// An S3-compatible server for tests (npm s3rver) that keeps its buckets in a directory.
//
//   node s3-server.mjs --dir DIR --access-key-id ID --secret-access-key SECRET [--port PORT]
//
// Listens on 127.0.0.1:PORT (0, the default, lets the OS choose) over plain HTTP with path-style
// addressing, and prints one line `listening PORT` to stdout once it accepts connections. A bucket is
// created with an unsigned `PUT /BUCKET`. Requests signed with an access key id other than ID are
// refused with InvalidAccessKeyId, and version 4 signatures not made with SECRET with
// SignatureDoesNotMatch. Beyond s3rver 3.7 itself: ListObjectsV2 pagination works on current Node, and
// a multipart upload can be aborted. It exits on SIGTERM/SIGINT, and when its stdin closes while stdin
// is a pipe, so that a test process that dies does not leave it running.

import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { failWith, stopWhenTold } from './test-server.mjs';

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
const S3Error = require('s3rver/lib/models/error');

const fail = failWith('s3-server.mjs');

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

// s3rver accepts any version 4 signature made with a known access key id; a client with the wrong secret key must
// fail here as it would against a real server. Checked: the signature over method, path, query, signed headers and the
// declared payload hash (x-amz-content-sha256), as S3 computes it. Not checked: that the body matches that hash, the
// clock skew, presigned URLs (not used by Waymark). Requests without an Authorization header pass, as in s3rver.
const secrets = new Map([[options['access-key-id'], options['secret-access-key']]]);
server.middleware.unshift(async (ctx, next) => {
  const authorization = ctx.get('authorization');
  if (authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    checkSignatureV4(ctx.req, authorization);
  }
  await next();
});

function checkSignatureV4(req, authorization) {
  const fields = Object.fromEntries(
    authorization
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map((field) => field.trim().split('=', 2)),
  );
  const [accessKeyId, ...scope] = (fields.Credential ?? '').split('/');
  const secret = secrets.get(accessKeyId);
  if (!secret) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: accessKeyId,
    });
  }

  const [path, query = ''] = req.url.split(/\?(.*)/s, 2);
  const rfc3986 = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name, value = ''] = pair.split(/=(.*)/s, 2);
      return [rfc3986(decodeURIComponent(name)), rfc3986(decodeURIComponent(value))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const signedHeaders = (fields.SignedHeaders ?? '').split(';');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${String(req.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD';
  const canonicalRequest = [req.method, path, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');

  const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  const hmac = (key, text) => crypto.createHmac('sha256', key).update(text, 'utf8').digest();
  const amzDate = req.headers['x-amz-date'] ?? '';
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope.join('/'), sha256(canonicalRequest)].join('\n');
  const signingKey = scope.reduce((key, part) => hmac(key, part), Buffer.from(`AWS4${secret}`, 'utf8'));
  const expected = crypto.createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  if (expected !== fields.Signature) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { AWSAccessKeyId: accessKeyId },
    );
  }
}

// s3rver 3.7 cannot abort a multipart upload (it answers 405). Its store keeps an upload's parts in one folder,
// BUCKET/._S3rver_uploads/UPLOAD_ID, which S3Server.IncompleteUploads counts; aborting removes it, as S3 discards the parts.
server.middleware.splice(1, 0, async (ctx, next) => {
  const match = /^\/([^/]+)\/.+$/.exec(ctx.path);
  const uploadId = ctx.query.uploadId;
  if (ctx.method !== 'DELETE' || !match || typeof uploadId !== 'string' || !/^[0-9a-f]+$/.test(uploadId)) {
    await next();
    return;
  }
  const uploadDir = join(server.store.getResourcePath(match[1], undefined, 'uploads'), uploadId);
  if (!existsSync(uploadDir)) {
    throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
  }
  await rm(uploadDir, { recursive: true, force: true });
  ctx.status = 204;
});

let httpServer;
try {
  httpServer = await new Promise((resolve, reject) => {
    server.run((error, address) => (error ? reject(error) : resolve(address)));
  });
} catch (error) {
  fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
}

stopWhenTold(server);

process.stdout.write(`listening ${httpServer.port}\n`);
