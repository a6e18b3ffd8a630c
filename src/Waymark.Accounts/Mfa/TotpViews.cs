namespace Waymark.Accounts.Mfa;

/// <summary>Where a person stands with an authenticator app; <see cref="Pending"/> is a setup waiting for its first code.</summary>
public sealed record TotpStatus(bool Enabled, int RecoveryCodesLeft, TotpSetup? Pending);

/// <summary>The key of a setup in progress, as a QR code for the app to scan and as text to type in.</summary>
public sealed record TotpSetup(string Key, string OtpauthUri, string QrCodeSvg)
{
    /// <summary>The key in groups of four, as authenticator apps show it and people copy it.</summary>
    public string GroupedKey => string.Join(' ', Key.Chunk(4).Select(group => new string(group)));
}

/// <summary>Recovery codes just made: the only time they are shown.</summary>
public sealed record NewRecoveryCodes(IReadOnlyList<string> Codes);
