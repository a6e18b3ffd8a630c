using System.Data.Common;

namespace Waymark.Storage;

public static class CommandExtensions
{
    /// <summary>Adds a named parameter in a way both Microsoft.Data.Sqlite and Npgsql accept.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Adds one parameter per value (<c>@{prefix}0</c>, <c>@{prefix}1</c>, …) and answers the comma-separated list of
    /// their names, to put inside <c>IN (…)</c>. Keep lists in the hundreds: SQLite allows 32,766 parameters a statement.
    /// </summary>
    public static string AddInList<T>(this DbCommand command, string prefix, IReadOnlyList<T> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.AddParameter(names[i], values[i]);
        }

        return string.Join(',', names);
    }
}
