namespace Compass.Observability.Prometheus;

/// <summary>Text that is not valid Prometheus exposition format; the message names the line.</summary>
public sealed class PrometheusFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="PrometheusFormatException"/> class.</summary>
    public PrometheusFormatException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PrometheusFormatException"/> class.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public PrometheusFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PrometheusFormatException"/> class.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="innerException">The cause.</param>
    public PrometheusFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PrometheusFormatException"/> class.</summary>
    /// <param name="lineNumber">The line, from 1.</param>
    /// <param name="message">What is wrong.</param>
    public PrometheusFormatException(int lineNumber, string message)
        : base($"Prometheus text, line {lineNumber}: {message}")
    {
        LineNumber = lineNumber;
    }

    /// <summary>Gets the line, from 1 (0 when unknown).</summary>
    public int LineNumber { get; }
}
