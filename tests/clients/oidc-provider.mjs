#!/usr/bin/env node
// A real OpenID Connect provider for tests (npm oidc-provider), with one confidential client.
//
//   node oidc-provider.mjs --client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI ...]
//                          [--port PORT] [--host NAME]
//
// Listens on 127.0.0.1:PORT (0, the default, lets the OS choose) and prints one line `listening PORT` to stdout once
// it accepts connections. Its issuer is http://NAME:PORT (NAME defaults to localhost, which browsers treat as another
// site than 127.0.0.1, so a test sees the cross-site redirects a real provider causes). The client uses the
// authorization code flow with PKCE (required) and authenticates with client_secret_post.
//
// Sign-in uses the library's development screens: any login name and any password. The login name is the email
// address, verified; a login name `unverified:ADDRESS` gives ADDRESS with email_verified false. It exits on
// SIGTERM/SIGINT, and when its stdin closes while stdin is a pipe, so that a test process that dies does not leave
// it running.

import { parseArgs } from 'node:util';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { failWith, stopWhenTold } from './test-server.mjs';

const fail = failWith('oidc-provider.mjs');

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: 'localhost' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
    },
    strict: true,
  }));
} catch (error) {
  fail(error.message);
}

if (!options['client-id'] || !options['client-secret'] || !options['redirect-uri']?.length) {
  fail('--client-id, --client-secret and at least one --redirect-uri are required');
}
const port = Number.parseInt(options.port, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be 0..65535, not ${options.port}`);
}

const UNVERIFIED = 'unverified:';

function account(id) {
  const unverified = id.startsWith(UNVERIFIED);
  const email = unverified ? id.slice(UNVERIFIED.length) : id;
  return {
    accountId: id,
    async claims() {
      return { sub: id, email, email_verified: !unverified, name: email.split('@')[0] };
    },
  };
}

// The issuer needs the port, which is known only once listening: the provider is created then.
const server = createServer();
let callback = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
server.on('request', (req, res) => callback(req, res));

function start() {
  const issuer = `http://${options.host}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options['client-id'],
        client_secret: options['client-secret'],
        redirect_uris: options['redirect-uri'],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    findAccount: (_ctx, id) => account(id),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(32).toString('hex')] },
  });
  provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider.mjs: ${error.stack}\n`));
  callback = provider.callback();
  process.stdout.write(`listening ${server.address().port}\n`);
}

let listening = false;
server.on('error', (error) => {
  if (!listening) {
    fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`);
  }
  process.stderr.write(`oidc-provider.mjs: ${error.message}\n`);
});

stopWhenTold(server);

server.listen(port, '127.0.0.1', () => {
  listening = true;
  start();
});
