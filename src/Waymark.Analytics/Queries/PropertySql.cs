using System.Data.Common;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

/// <summary>
/// Reads one public event property as text in SQL, the same on both databases: strings as they are, numbers as
/// written, booleans as <c>true</c>/<c>false</c>; missing or JSON null as SQL NULL. Only <c>public_data</c> is ever
/// read: sealed values never reach a query.
/// </summary>
internal static class PropertySql
{
    public static string Text(string key, DbCommand command, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            command.AddParameter("@pm", StoredEvent.PropertiesField);
            command.AddParameter("@pk", key);
            return "(public_data::jsonb -> @pm ->> @pk)";
        }

        // json_extract answers 1/0 for booleans: json_type tells them apart from numbers.
        command.AddParameter("@pk", "$." + StoredEvent.PropertiesField + ".\"" + key + "\"");
        return "(CASE json_type(public_data, @pk) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN NULL ELSE CAST(json_extract(public_data, @pk) AS TEXT) END)";
    }
}
