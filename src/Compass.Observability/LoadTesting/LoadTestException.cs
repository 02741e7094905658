namespace Compass.Observability.LoadTesting;

/// <summary>A load test could not run: the endpoint is unreachable, or does not answer like an OpenAI-compatible server.</summary>
public sealed class LoadTestException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LoadTestException"/> class.</summary>
    public LoadTestException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestException"/> class.</summary>
    /// <param name="message">What went wrong, in one sentence.</param>
    public LoadTestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestException"/> class.</summary>
    /// <param name="message">What went wrong, in one sentence.</param>
    /// <param name="innerException">The cause.</param>
    public LoadTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
