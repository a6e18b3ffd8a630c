using Microsoft.Playwright;

namespace Waymark.TestSupport.Dashboard;

/// <summary>Whether a page's form fields carry an accessible name, the check every editor's browser test makes.</summary>
public static class FormLabels
{
    /// <summary>The form fields of the page that no label, aria-label or aria-labelledby names.</summary>
    private const string UnlabelledScript = """
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter(f => f.type !== 'hidden')
          .filter(f => ![...f.labels].some(l => l.textContent.trim() !== '') && !(f.getAttribute('aria-label') || '').trim() && !f.getAttribute('aria-labelledby'))
          .map(f => f.outerHTML)
        """;

    /// <summary>The markup of each visible form field on <paramref name="page"/> that has no accessible name; empty when all do.</summary>
    public static Task<string[]> UnlabelledFieldsAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.EvaluateAsync<string[]>(UnlabelledScript);
    }
}
