using System.CommandLine;
using Waymark.Bench;

var provider = new Option<string>("--provider") { Description = "sqlite or postgres", Required = true };
var connection = new Option<string>("--connection") { Description = "SQLite file (or connection string) / Npgsql connection string of a database migrated with 'waymark migrate'", Required = true };
var rows = new Option<int>("--rows") { Description = "Rows to insert", DefaultValueFactory = _ => 300_000 };
var batch = new Option<int>("--batch") { Description = "Rows per transaction (Waymark's MaxEventsPerCommit is 5,000)", DefaultValueFactory = _ => 5_000 };
var withDedup = new Option<bool>("--with-dedup") { Description = "Also claim a random 64-bit key per row in event_ids, as Waymark deduplicates" };
var payloadBytes = new Option<int>("--payload-bytes") { Description = "Mean size of sealed_data (29 bytes of AES-GCM framing + the JSON payload)", DefaultValueFactory = _ => 230 };
var subjects = new Option<int>("--subjects") { Description = "Distinct 16-byte subject hashes", DefaultValueFactory = _ => 10_000 };
var writers = new Option<int>("--writers") { Description = "Concurrent writer connections (PostgreSQL only; Waymark's default is 2)", DefaultValueFactory = _ => 1 };
var asyncCopy = new Option<bool>("--async-copy") { Description = "PostgreSQL: await every COPY field as Waymark's PostgresEventStore does, instead of synchronous writes" };
var pragmas = new Option<string?>("--sqlite-pragmas") { Description = "SQLite: extra PRAGMA statements after Waymark's own, for experiments (e.g. \"PRAGMA wal_autocheckpoint=10000\")" };
var json = new Option<bool>("--json") { Description = "Print one JSON line" };
var seed = new Option<ulong>("--seed") { Description = "Seed of the data generator (default: random, so that repeated runs send new message ids)", DefaultValueFactory = _ => RandomSeed() };

var raw = new Command("raw", "Physical baseline: insert event-shaped rows straight into the events table, durably")
{
    provider, connection, rows, batch, withDedup, payloadBytes, subjects, writers, asyncCopy, pragmas, json, seed,
};
raw.SetAction((parse, cancellationToken) => RawBaseline.RunAsync(
    new RawOptions(
        parse.GetValue(provider)!, parse.GetValue(connection)!, parse.GetValue(rows), Math.Max(1, parse.GetValue(batch)),
        parse.GetValue(withDedup), parse.GetValue(payloadBytes), parse.GetValue(subjects), parse.GetValue(writers),
        parse.GetValue(asyncCopy), parse.GetValue(json), parse.GetValue(seed), parse.GetValue(pragmas)),
    cancellationToken));

var url = new Option<string>("--url") { Description = "Waymark's base address, e.g. http://127.0.0.1:5080", Required = true };
var writeKey = new Option<string>("--write-key") { Description = "A workspace write key", Required = true };
var events = new Option<int>("--events") { Description = "Events to send (measured)", DefaultValueFactory = _ => 300_000 };
var batchSize = new Option<int>("--batch-size") { Description = "Calls per request (at most 2,500)", DefaultValueFactory = _ => 100 };
var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight", DefaultValueFactory = _ => 8 };
var identifyPercent = new Option<double>("--identify-percent") { Description = "Share of identify calls (traits email, name, plan)", DefaultValueFactory = _ => 5 };
var users = new Option<int>("--users") { Description = "Distinct users", DefaultValueFactory = _ => 10_000 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured events sent first, visiting every user once (creates subject keys, warms the JIT)", DefaultValueFactory = _ => 10_000 };
var path = new Option<string>("--path") { Description = "Request path", DefaultValueFactory = _ => "/v1/batch" };

var httpBatch = new Command("http-batch", "Concurrent POST /v1/batch load; counts only 200 answers")
{
    url, writeKey, events, batchSize, concurrency, identifyPercent, users, warmup, path, json, seed,
};
httpBatch.SetAction((parse, cancellationToken) => HttpBatchLoad.RunAsync(
    new HttpBatchOptions(
        new Uri(parse.GetValue(url)!, UriKind.Absolute), parse.GetValue(writeKey)!, parse.GetValue(events), parse.GetValue(batchSize), Math.Max(1, parse.GetValue(concurrency)),
        parse.GetValue(identifyPercent), Math.Max(1, parse.GetValue(users)), parse.GetValue(warmup), parse.GetValue(path)!, parse.GetValue(json), parse.GetValue(seed)),
    cancellationToken));

var auditConnection = new Option<string>("--connection")
{
    Description = "SQLite: the data directory (as waymark --data; created if missing). PostgreSQL: an Npgsql connection string of an existing database. The audit schema is applied first",
    Required = true,
};
var entries = new Option<int>("--entries") { Description = "Entries to record (measured)", DefaultValueFactory = _ => 50_000 };
var callers = new Option<int>("--concurrency") { Description = "Callers, each awaiting one RecordAsync at a time", DefaultValueFactory = _ => 16 };
var workspaces = new Option<int>("--workspaces") { Description = "Workspaces (hash chains) the entries are spread over at random", DefaultValueFactory = _ => 10 };
var auditWarmup = new Option<int>("--warmup") { Description = "Unmeasured entries recorded first (JIT, connections, chain heads)", DefaultValueFactory = _ => 2_000 };

var audit = new Command("audit", "Audit-log writes through Waymark's own IAuditLog and group-committing writer: entries/s, RecordAsync latency, entries per commit")
{
    provider, auditConnection, entries, callers, workspaces, auditWarmup, json, seed,
};
audit.SetAction((parse, cancellationToken) => AuditLoad.RunAsync(
    new AuditLoadOptions(
        parse.GetValue(provider)!, parse.GetValue(auditConnection)!, Math.Max(0, parse.GetValue(entries)), Math.Max(1, parse.GetValue(callers)),
        Math.Max(1, parse.GetValue(workspaces)), Math.Max(0, parse.GetValue(auditWarmup)), parse.GetValue(json), parse.GetValue(seed)),
    cancellationToken));

var exportEvents = new Option<int>("--events") { Description = "Events of the one user exported", DefaultValueFactory = _ => 100_000 };
var exportBatch = new Option<int>("--batch-size") { Description = "Calls per seeding /v1/batch request (a request holds at most 500 KB)", DefaultValueFactory = _ => 1_000 };
var exportRuns = new Option<int>("--runs") { Description = "Measured exports; the best is reported", DefaultValueFactory = _ => 3 };
var exportWarmup = new Option<int>("--warmup") { Description = "Unmeasured exports first: the first runs are slower until the JIT has tiered the hot loop up", DefaultValueFactory = _ => 2 };
var exportFormat = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
var exportData = new Option<string?>("--data") { Description = "SQLite data directory to use (default: a fresh temporary one, deleted afterwards)" };

var export = new Command("export", "Export of one person: seed one user's events through /v1/batch into an in-process server on SQLite, then time GET /v1/users/{id}/export")
{
    exportEvents, exportBatch, exportRuns, exportWarmup, exportFormat, exportData, json, seed,
};
export.SetAction((parse, cancellationToken) => ExportLoad.RunAsync(
    new ExportLoadOptions(
        Math.Max(1, parse.GetValue(exportEvents)), Math.Clamp(parse.GetValue(exportBatch), 1, 2_500), Math.Max(1, parse.GetValue(exportRuns)), Math.Max(0, parse.GetValue(exportWarmup)),
        parse.GetValue(exportFormat)!, parse.GetValue(exportData), parse.GetValue(json), parse.GetValue(seed)),
    cancellationToken));

var deletions = new Option<int>("--deletions") { Description = "Single DELETEs timed one after another (each user has one identify call)", DefaultValueFactory = _ => 200 };
var purgeEvents = new Option<int>("--events") { Description = "Events of the one user whose purge is timed", DefaultValueFactory = _ => 1_000_000 };
var deletion = new Command("deletion", "Deletion: DELETE to data key destroyed, then the purge of one user with many events, through an in-process server on SQLite")
{
    deletions, purgeEvents, exportBatch, exportData, json, seed,
};
deletion.SetAction((parse, cancellationToken) => DeletionLoad.RunAsync(
    new DeletionLoadOptions(
        Math.Max(1, parse.GetValue(deletions)), Math.Max(1, parse.GetValue(purgeEvents)), Math.Clamp(parse.GetValue(exportBatch), 1, 2_500), parse.GetValue(exportData), parse.GetValue(json), parse.GetValue(seed)),
    cancellationToken));

var sizeMb = new Option<int>("--size-mb") { Description = "Size the database is filled to, in MiB (SQLite: the file; PostgreSQL: pg_database_size)", DefaultValueFactory = _ => 1_024 };
var backupDatabase = new Option<string?>("--database") { Description = "Measure PostgreSQL: an Npgsql connection string of an empty database (its server also gets scratch databases). Default: SQLite in a fresh data directory" };
var backupRuns = new Option<int>("--runs") { Description = "Times every step is measured, one run after another on the same database", DefaultValueFactory = _ => 3 };
var seedEvents = new Option<int>("--seed-events") { Description = "Real events sent through /v1/batch before the database is filled to size with direct inserts", DefaultValueFactory = _ => 20_000 };
var workDirectory = new Option<string?>("--work") { Description = "Folder for the database, scratch space, backup location and copies (default: a fresh temporary one); removed afterwards" };
var backup = new Command("backup", "Backup and restore throughput: plain copies against snapshot, encryption, decryption, and Waymark's whole backup, verification and restore of a database filled to --size-mb (SQLite, or PostgreSQL with --database)")
{
    sizeMb, backupDatabase, backupRuns, seedEvents, workDirectory, seed,
};
backup.SetAction((parse, cancellationToken) => BackupLoad.RunAsync(
    new BackupLoadOptions(Math.Max(1, parse.GetValue(sizeMb)), parse.GetValue(backupDatabase), Math.Max(1, parse.GetValue(backupRuns)), Math.Max(1, parse.GetValue(seedEvents)), parse.GetValue(workDirectory), parse.GetValue(seed)),
    cancellationToken));

var root = new RootCommand("Waymark benchmarks: the physical database baseline, HTTP ingest load, audit-log writes, data subject export and deletion, and backup and restore") { raw, httpBatch, audit, export, deletion, backup };
root.Subcommands.Add(ContentCommand.Create());
root.Subcommands.Add(AnalyticsFillCommand.Create());
return await root.Parse(args).InvokeAsync();

static ulong RandomSeed() => BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
