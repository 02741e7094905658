namespace Compass.Postgres;

/// <summary>
/// A knowledge-base operation on PostgreSQL failed in a way the user can act on: the server cannot be reached, the
/// schema is missing or newer than this package, or an import file is invalid. The message says what and how to fix it.
/// </summary>
public class CompassDatabaseException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public CompassDatabaseException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public CompassDatabaseException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public CompassDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets what fixes the problem, when an operation of this package does: the message says it in the library's terms,
    /// and a host can name its own way of doing it (the CLI names the command). Null when the message says all there is.
    /// </summary>
    public KnowledgeRemedy? Remedy { get; init; }
}
