namespace Waymark.TestSupport;

/// <summary>How one run of the <c>waymark</c> CLI ended: its exit code and what it wrote to stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Output, string Errors)
{
    /// <summary>Everything the command wrote, for assertion messages.</summary>
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
}
