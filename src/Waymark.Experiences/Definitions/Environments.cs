namespace Waymark.Experiences.Definitions;

/// <summary>Where published content is live: a site's staging build and its production build ask for different versions.</summary>
internal static class Environments
{
    public const string Staging = "staging";

    public const string Production = "production";

    public static bool IsKnown(string? name) => name is Staging or Production;
}
