using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Waymark.Dashboard.Pages.Shared;

/// <summary>
/// Form errors that screen readers announce and keyboards reach: a summary at the top whose entries link to their
/// fields, each field's message tied to it with <c>aria-describedby</c>, and <c>aria-invalid</c> on the field.
/// The built-in validation helpers render the messages but link nothing.
/// </summary>
internal static class FieldIds
{
    public static string Of(string key) => TagBuilder.CreateSanitizedId(key, "_");

    public static string ErrorOf(string key) => Of(key) + "-error";

    public static ModelStateEntry? Invalid(ViewContext view, string key) =>
        view.ViewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry : null;
}

/// <summary><c>&lt;error-summary /&gt;</c>: every error of the form, each linked to its field; focused on load.</summary>
[HtmlTargetElement("error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ErrorSummaryTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var modelState = ViewContext.ViewData.ModelState;
        if (modelState.IsValid)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("aria-labelledby", "error-summary-title");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("autofocus", "autofocus");
        output.Content.AppendHtml("<h2 id=\"error-summary-title\">There is a problem</h2><ul>");
        foreach (var (key, entry) in modelState.Where(pair => pair.Value is { Errors.Count: > 0 }).OrderBy(pair => pair.Key.Length == 0 ? 0 : 1))
        {
            foreach (var error in entry!.Errors)
            {
                var item = new TagBuilder("li");
                if (key.Length == 0)
                {
                    item.InnerHtml.Append(error.ErrorMessage);
                }
                else
                {
                    var link = new TagBuilder("a");
                    link.Attributes["href"] = "#" + FieldIds.Of(key);
                    link.InnerHtml.Append(error.ErrorMessage);
                    item.InnerHtml.AppendHtml(link);
                }

                output.Content.AppendHtml(item);
            }
        }

        output.Content.AppendHtml("</ul>");
    }
}

/// <summary>
/// <c>&lt;field-error asp-for="Email" /&gt;</c>, or <c>key="from"</c> for a field named by hand: the field's own
/// message, referenced by the field.
/// </summary>
[HtmlTargetElement("field-error", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression? For { get; set; }

    [HtmlAttributeName("key")]
    public string? Key { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var key = For is not null ? ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name) : Key ?? "";
        if (FieldIds.Invalid(ViewContext, key) is not { } entry)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field-error");
        output.Attributes.SetAttribute("id", FieldIds.ErrorOf(key));
        output.Content.AppendHtml("<span class=\"visually-hidden\">Error: </span>");
        output.Content.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
    }
}

/// <summary>Marks a field with an error as invalid and points it at its message.</summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class FieldValidityTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>After the built-in helpers, which generate the id and name this relies on.</summary>
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var key = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (FieldIds.Invalid(ViewContext, key) is null)
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value + " " : "";
        output.Attributes.SetAttribute("aria-describedby", describedBy + FieldIds.ErrorOf(key));
    }
}
