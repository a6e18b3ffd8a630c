// What the servers the .NET tests start (SMTP sink, OpenID provider, S3 server) share: a fatal problem is one line
// on stderr and exit code 1, and the server stops on SIGTERM/SIGINT and when its stdin closes while stdin is a pipe,
// so that a test process that dies does not leave it behind.

export function failWith(script) {
  return (message) => {
    process.stderr.write(`${script}: ${message}\n`);
    process.exit(1);
  };
}

// server.close() waits for open keep-alive connections, so after a second the process exits regardless; each server
// writes what it must keep before it answers.
export function stopWhenTold(server) {
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (!process.stdin.isTTY) {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
}
