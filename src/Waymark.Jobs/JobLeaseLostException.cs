namespace Waymark.Jobs;

/// <summary>Thrown to a handler that reports progress after its worker lost the job's lease: another worker owns the job now.</summary>
public sealed class JobLeaseLostException : Exception
{
    public JobLeaseLostException()
        : base("This worker no longer holds the job's lease; another worker runs it now.")
    {
    }

    public JobLeaseLostException(string message)
        : base(message)
    {
    }

    public JobLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
