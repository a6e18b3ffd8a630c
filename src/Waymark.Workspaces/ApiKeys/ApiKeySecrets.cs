using Waymark.Crypto.Hashing;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>How key secrets look: a kind prefix, then 256 random bits. The prefix tells the kind without a lookup.</summary>
internal static class ApiKeySecrets
{
    public const string WritePrefix = "wk_";
    public const string ServerPrefix = "sk_";

    /// <summary>How much of a secret the key list shows, enough to recognise a key, far too little to use it.</summary>
    public const int ShownPrefixLength = 10;

    public static string New(ApiKeyKind kind) => SecretHash.NewSecret(kind == ApiKeyKind.Write ? WritePrefix : ServerPrefix);
}
