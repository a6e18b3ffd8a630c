namespace Waymark.Jobs;

/// <summary>Column sizes of <c>background_jobs</c>.</summary>
internal static class JobLimits
{
    public const int PublicId = 40;

    public const int Type = 64;

    public const int Status = 24;

    public const int LastError = 200;

    public const int LeaseOwner = 64;

    /// <summary>The most characters of one row error kept.</summary>
    public const int ErrorMessage = 500;
}
