namespace Waymark.Incidents.Signals;

/// <summary>
/// One thing a detector noticed. Signals with the same <see cref="GroupingKey"/> in the same workspace join the
/// incident already open for it. <see cref="Summary"/> and <see cref="Title"/> hold ids, counts and addresses only.
/// </summary>
/// <param name="WorkspaceId">The workspace whose incident it is; 0 for the installation's own.</param>
/// <param name="Detector">The detector's name, e.g. <c>password-brute-force</c>.</param>
/// <param name="Subject">What it is about, e.g. <c>account:ID</c>, <c>address:203.0.113.9</c>, <c>key:12</c>.</param>
/// <param name="Title">The incident's title when this signal opens one.</param>
/// <param name="Likelihood">1 (rare) to 5 (almost certain) that this is an attack.</param>
/// <param name="Impact">1 (negligible) to 5 (severe) if it is.</param>
/// <param name="Summary">The timeline line: what was seen, in ids, counts and addresses.</param>
internal sealed record Signal(long WorkspaceId, string Detector, string Subject, string Title, int Likelihood, int Impact, string Summary)
{
    /// <summary>Likelihood × impact, 1–25.</summary>
    public int Score => Likelihood * Impact;

    public string GroupingKey => Detector + ":" + Subject;
}
