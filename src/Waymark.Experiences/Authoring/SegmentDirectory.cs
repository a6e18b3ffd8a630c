using Waymark.Storage;

namespace Waymark.Experiences.Authoring;

internal sealed class SegmentDirectory(WaymarkDatabase database) : ISegmentDirectory
{
    public async Task<bool> ExistsAsync(long workspaceId, string segmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM segments WHERE workspace_id = @w AND id = @id";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@id", segmentId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
