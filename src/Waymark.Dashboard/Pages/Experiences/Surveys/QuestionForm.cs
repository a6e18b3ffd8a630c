using Waymark.Experiences.Surveys;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

/// <summary>
/// One question of the survey editor, with every field any question type may use: switching the type keeps what was
/// typed, and only the fields of the chosen type are saved.
/// </summary>
public sealed class QuestionForm
{
    public const int MaxOptions = 10;
    public const int MaxBranches = 10;

    /// <summary>The question's id, kept hidden: answers and branches refer to it, so it survives edits and moves.</summary>
    public string? Id { get; set; }

    public string Type { get; set; } = SurveyQuestion.Nps;

    public string? Prompt { get; set; }

    public string? LowLabel { get; set; }

    public string? HighLabel { get; set; }

    public int? Scale { get; set; } = 5;

    public string? Placeholder { get; set; }

    public List<OptionForm> Options { get; set; } = [];

    public List<BranchForm> Branches { get; set; } = [];

    public bool IsScored => Type is SurveyQuestion.Nps or SurveyQuestion.Rating;

    public bool IsChoice => Type is SurveyQuestion.SingleChoice or SurveyQuestion.MultipleChoice;

    /// <summary>A new question, with two empty options ready should it become a choice question.</summary>
    internal static QuestionForm Blank(string id) => new() { Id = id, Options = [new OptionForm { Id = "o1" }, new OptionForm { Id = "o2" }] };

    internal static QuestionForm From(SurveyQuestion question) => new()
    {
        Id = question.Id,
        Type = question.Type,
        Prompt = question.Prompt,
        LowLabel = question.LowLabel,
        HighLabel = question.HighLabel,
        Scale = question.Scale ?? 5,
        Placeholder = question.Placeholder,
        Options = question.Options is { } options
            ? options.Select(o => new OptionForm { Id = o.Id, Label = o.Label }).ToList()
            : [new OptionForm { Id = "o1" }, new OptionForm { Id = "o2" }],
        Branches = (question.Next ?? []).Select(b => new BranchForm { Min = b.When.Min, Max = b.When.Max, Choice = b.When.Choice, GoTo = b.GoTo }).ToList(),
    };

    internal SurveyQuestion ToQuestion()
    {
        var branches = Type == SurveyQuestion.Text ? [] : Branches.Select(b => new QuestionBranch
        {
            When = IsScored ? new BranchCondition { Min = b.Min, Max = b.Max } : new BranchCondition { Choice = OrNull(b.Choice) },
            GoTo = b.GoTo?.Trim() ?? "",
        }).ToList();
        return new SurveyQuestion
        {
            Id = Id?.Trim() ?? "",
            Type = Type,
            Prompt = Prompt?.Trim() ?? "",
            LowLabel = IsScored ? OrNull(LowLabel) : null,
            HighLabel = IsScored ? OrNull(HighLabel) : null,
            Scale = Type == SurveyQuestion.Rating ? Scale ?? 5 : null,
            Placeholder = Type == SurveyQuestion.Text ? OrNull(Placeholder) : null,
            Options = IsChoice ? Options.Select(o => new QuestionOption { Id = o.Id?.Trim() ?? "", Label = o.Label?.Trim() ?? "" }).ToList() : null,
            Next = branches.Count == 0 ? null : branches,
        };
    }

    /// <summary>Adds an option with an id no other option of the question has.</summary>
    internal void AddOption()
    {
        var n = Options.Count + 1;
        while (Options.Any(o => o.Id == $"o{n}"))
        {
            n++;
        }

        Options.Add(new OptionForm { Id = $"o{n}" });
    }

    private static string? OrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>An option of a choice question: the id answers and branches carry, and the label users see.</summary>
public sealed class OptionForm
{
    public string? Id { get; set; }

    public string? Label { get; set; }
}

/// <summary>"If the score is between Min and Max (or the choice is Choice), go to GoTo": a later question, or the end.</summary>
public sealed class BranchForm
{
    public int? Min { get; set; }

    public int? Max { get; set; }

    public string? Choice { get; set; }

    public string? GoTo { get; set; } = QuestionBranch.End;
}
