namespace Waymark.Cli;

internal static class MasterKeyWarning
{
    public static string Text(string keyFile) => $"""

        ******************************************************************************
        WARNING: Waymark generated a new master key: {keyFile}
        Every personal value Waymark stores is encrypted under this key. If it is lost,
        that data is lost for good; if it leaks, keep it from the database copies too.
        Back it up now, somewhere apart from the data directory and its backups
        (or set WAYMARK_MASTERKEY / Waymark:MasterKeyFile to keep it elsewhere).
        ******************************************************************************

        """;
}
