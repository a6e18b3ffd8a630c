namespace Waymark.Experiences.Schema;

/// <summary>
/// A flow or checklist. Which of its versions is a draft and which is live in each environment; the versions
/// themselves are never changed once published.
/// </summary>
internal sealed class ContentRow
{
    public string Id { get; set; } = "";

    public long WorkspaceId { get; set; }

    public int Kind { get; set; }

    public string Name { get; set; } = "";

    public int LatestVersion { get; set; }

    /// <summary>The version being edited, if any; publishing it clears this.</summary>
    public int? DraftVersion { get; set; }

    public int? StagingVersion { get; set; }

    public long? StagingPublishedAt { get; set; }

    public int? ProductionVersion { get; set; }

    public long? ProductionPublishedAt { get; set; }

    public long? ArchivedAt { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class ContentVersionRow
{
    public string ContentId { get; set; } = "";

    public int Version { get; set; }

    /// <summary>The definition as saved: validated, rich text already sanitised.</summary>
    public string Definition { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}

/// <summary>
/// Where one user is with one flow or checklist, derived from the progress events in the writer's transaction so the
/// content decision reads one small row instead of the event log. Deleted with the user.
/// </summary>
internal sealed class ProgressRow
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public string ContentId { get; set; } = "";

    public int Version { get; set; }

    public int TimesShown { get; set; }

    /// <summary>The furthest step index reached.</summary>
    public int MaxStep { get; set; }

    public long FirstSeenAt { get; set; }

    public long LastSeenAt { get; set; }

    public long? CompletedAt { get; set; }

    public long? DismissedAt { get; set; }
}

/// <summary>Bumped whenever a workspace's live content changes, so every node's cache notices within seconds.</summary>
internal sealed class ContentRevisionRow
{
    public long WorkspaceId { get; set; }

    public long Revision { get; set; }
}
