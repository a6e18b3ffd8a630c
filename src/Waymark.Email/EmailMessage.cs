namespace Waymark.Email;

/// <summary>One message to one recipient. <paramref name="HtmlBody"/> is an optional alternative to the plain text.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null);
