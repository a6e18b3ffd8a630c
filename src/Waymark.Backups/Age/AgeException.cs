namespace Waymark.Backups.Age;

/// <summary>
/// An age file or key was refused. The message says what was wrong and what to do next; it never contains key
/// material or plaintext, so it can be logged.
/// </summary>
public sealed class AgeException : Exception
{
    public AgeException()
    {
    }

    public AgeException(string message)
        : base(message)
    {
    }

    public AgeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal AgeException(AgeFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>What was refused.</summary>
    public AgeFailure Failure { get; }
}
