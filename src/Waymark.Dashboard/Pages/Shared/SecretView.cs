namespace Waymark.Dashboard.Pages.Shared;

/// <summary>A secret shown once, in the response to the form that created it; never in a URL, TempData or a log.</summary>
public sealed record SecretView(string Id, string Label, string Value, string Hint);
