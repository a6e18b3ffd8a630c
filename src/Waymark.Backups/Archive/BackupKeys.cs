using System.Globalization;
using System.Security.Cryptography;

namespace Waymark.Backups.Archive;

/// <summary>
/// How backups are named: <c>wmb_20261129T020000Z_3fa9c1</c>, so names sort by time, and where each piece is stored in
/// a location: <c>backups/{id}.age</c> (the archive), <c>backups/{id}.ledger.age</c> (the deletion ledger at that
/// moment) and <c>backups/{id}.json</c> (the index, written last).
/// </summary>
internal static class BackupKeys
{
    public const string Prefix = "backups/";
    private const string IdPrefix = "wmb_";
    private const string IndexSuffix = ".json";

    public static string NewId(DateTimeOffset now) =>
        IdPrefix + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    public static bool IsId(string value) =>
        value.Length == 27 && value.StartsWith(IdPrefix, StringComparison.Ordinal) && value.Skip(IdPrefix.Length).All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public static string Archive(string id) => Prefix + id + ".age";

    public static string Ledger(string id) => Prefix + id + ".ledger.age";

    public static string Index(string id) => Prefix + id + IndexSuffix;

    /// <summary>The backup id of an index key, or null for any other object.</summary>
    public static string? IdOfIndex(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && key.EndsWith(IndexSuffix, StringComparison.Ordinal) && key[Prefix.Length..^IndexSuffix.Length] is var id && IsId(id)
            ? id
            : null;
}
