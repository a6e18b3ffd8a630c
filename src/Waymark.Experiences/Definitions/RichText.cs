using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using Ganss.Xss;

namespace Waymark.Experiences.Definitions;

/// <summary>
/// The HTML a step or task may carry: a few formatting tags and safe links. Applied on save; the SDK applies the same
/// list again before rendering, so content stored by an older version or altered in the database cannot run script.
/// </summary>
internal static class RichText
{
    public static readonly string[] AllowedTags = ["p", "br", "b", "strong", "i", "em", "u", "a", "ul", "ol", "li", "code", "h3", "h4"];

    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Sanitize(string html) => html.Length == 0 ? "" : Sanitizer.Sanitize(html);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<CssRuleType>(),
        });
        sanitizer.KeepChildNodes = true;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
