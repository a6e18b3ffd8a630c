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
}
