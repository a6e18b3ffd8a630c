using System.Text.RegularExpressions;
using Waymark.Api;
using Waymark.Experiences.Definitions;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// Reads a survey from JSON and checks it whole, in the style of <see cref="DefinitionReader"/>: every problem names
/// the field (<c>questions[2].next[0].go_to</c>) and says what to send instead. Branching may only move forward, so
/// every survey ends, and the SDK never loops.
/// </summary>
internal static partial class SurveyDefinitionReader
{
    private const ContentKind Kind = ContentKind.Survey;
    private const int MaxQuestions = 10;
    private const int MaxOptions = 10;
    private const int MaxBranches = 10;
    private const int MaxPrompt = 300;
    private const int MaxLabel = 100;

    public static Outcome<SurveyDefinition> Read(ReadOnlySpan<byte> json)
    {
        var parsed = DefinitionReader.Deserialize<SurveyDefinition>(json, Kind);
        return parsed.Refusal is { } refusal ? refusal : Check(parsed.Value!);
    }

    private static Outcome<SurveyDefinition> Check(SurveyDefinition survey)
    {
        if (DefinitionReader.CheckName(Kind, survey.Name) is { } badName)
        {
            return badName;
        }

        if (survey.Questions is null || survey.Questions.Count is 0 or > MaxQuestions)
        {
            return Invalid($"questions holds 1 to {MaxQuestions} questions.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < survey.Questions.Count; i++)
        {
            var question = survey.Questions[i];
            var at = $"questions[{i}]";
            if (question is null)
            {
                return Invalid($"{at} must be a question object.");
            }

            if (!IsId(question.Id) || question.Id == QuestionBranch.End || !ids.Add(question.Id))
            {
                return Invalid($"{at}.id must be unique in the survey: 1 to 32 of a-z, 0-9 and '_' (and not \"end\").");
            }
        }

        var questions = new List<SurveyQuestion>(survey.Questions.Count);
        for (var i = 0; i < survey.Questions.Count; i++)
        {
            var checkedQuestion = CheckQuestion(survey.Questions, i);
            if (checkedQuestion.Refusal is { } bad)
            {
                return bad;
            }

            questions.Add(checkedQuestion.Value!);
        }

        if (CheckPlainText("thank_you", survey.ThankYou, MaxPrompt, required: false) is { } badThanks)
        {
            return badThanks;
        }

        var targeting = DefinitionReader.CheckTargeting(Kind, survey.Targeting ?? new Targeting(), allowTrigger: true);
        return targeting.Refusal is { } badTargeting
            ? badTargeting
            : survey with { Name = survey.Name.Trim(), Questions = questions, ThankYou = survey.ThankYou ?? "", Targeting = targeting.Value! };
    }

    private static Outcome<SurveyQuestion> CheckQuestion(IReadOnlyList<SurveyQuestion> all, int index)
    {
        var question = all[index];
        var at = $"questions[{index}]";
        if (Array.IndexOf(SurveyQuestion.Types, question.Type) < 0)
        {
            return Invalid($"{at}.type must be one of {string.Join(", ", SurveyQuestion.Types)}.");
        }

        if (CheckPlainText($"{at}.prompt", question.Prompt, MaxPrompt, required: true) is { } badPrompt)
        {
            return badPrompt;
        }

        if (!question.IsScored && (question.LowLabel is not null || question.HighLabel is not null))
        {
            return Invalid($"{at}.low_label and high_label are only for nps and rating questions: leave them out.");
        }

        if ((CheckPlainText($"{at}.low_label", question.LowLabel, MaxLabel, required: false)
             ?? CheckPlainText($"{at}.high_label", question.HighLabel, MaxLabel, required: false)) is { } badLabel)
        {
            return badLabel;
        }

        if (question.Type != SurveyQuestion.Rating && question.Scale is not null)
        {
            return Invalid($"{at}.scale is only for rating questions: leave it out.");
        }

        if (question.Type == SurveyQuestion.Rating && question.Scale is < 3 or > 10)
        {
            return Invalid($"{at}.scale must be 3 to 10 (default 5): answers are 1 to scale.");
        }

        if (question.Type != SurveyQuestion.Text && question.Placeholder is not null)
        {
            return Invalid($"{at}.placeholder is only for text questions: leave it out.");
        }

        if (CheckPlainText($"{at}.placeholder", question.Placeholder, MaxLabel, required: false) is { } badPlaceholder)
        {
            return badPlaceholder;
        }

        if (CheckOptions(question, at) is { } badOptions)
        {
            return badOptions;
        }

        if (question.Next is { } next && CheckBranches(all, index, next) is { } badBranch)
        {
            return badBranch;
        }

        return question with
        {
            Scale = question.Type == SurveyQuestion.Rating ? question.Scale ?? 5 : null,
            Next = question.Next is { Count: > 0 } branches ? branches : null,
        };
    }

    private static Refusal? CheckOptions(SurveyQuestion question, string at)
    {
        if (!question.IsChoice)
        {
            return question.Options is null ? null : Invalid($"{at}.options is only for single_choice and multiple_choice questions: leave it out.");
        }

        if (question.Options is null || question.Options.Count is < 2 or > MaxOptions)
        {
            return Invalid($"{at}.options holds 2 to {MaxOptions} options, each {{\"id\": \"reports\", \"label\": \"Reports\"}}.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var o = 0; o < question.Options.Count; o++)
        {
            var option = question.Options[o];
            if (option is null || !IsId(option.Id) || !ids.Add(option.Id))
            {
                return Invalid($"{at}.options[{o}].id must be unique in the question: 1 to 32 of a-z, 0-9 and '_'.");
            }

            if (CheckPlainText($"{at}.options[{o}].label", option.Label, MaxLabel, required: true) is { } badLabel)
            {
                return badLabel;
            }
        }

        return null;
    }

    private static Refusal? CheckBranches(IReadOnlyList<SurveyQuestion> all, int index, IReadOnlyList<QuestionBranch> next)
    {
        var question = all[index];
        var at = $"questions[{index}].next";
        if (question.Type == SurveyQuestion.Text && next.Count > 0)
        {
            return Invalid($"{at}: a text question cannot branch (there is no score or choice to test); leave next out.");
        }

        if (next.Count > MaxBranches)
        {
            return Invalid($"{at} holds at most {MaxBranches} branches.");
        }

        for (var b = 0; b < next.Count; b++)
        {
            var branch = next[b];
            var where = $"{at}[{b}]";
            if (branch?.When is not { } when)
            {
                return Invalid($"{where}.when is required: {{\"min\": 0, \"max\": 6}} for a score, {{\"choice\": \"api\"}} for a choice.");
            }

            if (question.IsScored)
            {
                var (min, max) = question.ScoreRange;
                if (when.Choice is not null || (when.Min is null && when.Max is null)
                    || when.Min is { } low && (low < min || low > max) || when.Max is { } high && (high < min || high > max)
                    || when.Min > when.Max)
                {
                    return Invalid($"{where}.when needs min and/or max between {min} and {max} (min at most max) for a {question.Type} question.");
                }
            }
            else if (when.Min is not null || when.Max is not null || when.Choice is null || question.Options!.All(o => o.Id != when.Choice))
            {
                return Invalid($"{where}.when.choice must be the id of one of this question's options.");
            }

            var target = branch.GoTo;
            var later = false;
            for (var q = index + 1; q < all.Count; q++)
            {
                later |= all[q].Id == target;
            }

            if (target != QuestionBranch.End && !later)
            {
                return Invalid($"{where}.go_to must be the id of a later question or \"end\": surveys only branch forward.");
            }
        }

        return null;
    }

    private static Refusal? CheckPlainText(string field, string? text, int max, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
        {
            return Invalid($"{field} is required: 1 to {max} characters.");
        }

        if (text is null)
        {
            return null;
        }

        return text.Length > max ? Invalid($"{field} is longer than {max} characters.")
            : Markup().IsMatch(text) ? Invalid($"{field} is plain text: remove the HTML tags.")
            : null;
    }

    private static bool IsId(string? id) => id is { Length: >= 1 and <= 32 } && id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

    private static Refusal Invalid(string detail) => DefinitionReader.Invalid(Kind, detail);

    [GeneratedRegex("<[a-zA-Z/!?]")]
    private static partial Regex Markup();
}
