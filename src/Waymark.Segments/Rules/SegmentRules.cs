using System.Text.Json;
using Waymark.Api;
using Waymark.Crypto.Keys;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Segments.Rules;

/// <summary>Parses conditions for one workspace, with its current data classes and its blind-index key.</summary>
internal sealed class SegmentRules(DataClassStore classes, KeyRing keyRing)
{
    public async Task<Outcome<SegmentRule>> ParseAsync(long workspaceId, JsonElement conditions, CancellationToken cancellationToken)
    {
        var map = await classes.GetAsync(workspaceId, cancellationToken);
        var keys = await keyRing.GetWorkspaceAsync(workspaceId, cancellationToken);
        return RuleParser.Parse(conditions, map, keys);
    }
}
