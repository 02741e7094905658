namespace Compass.Core.Knowledge;

/// <summary>Knowledge-base data is missing, malformed or inconsistent; the message names the file or item and the rule broken.</summary>
public sealed class KnowledgeBaseException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public KnowledgeBaseException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public KnowledgeBaseException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public KnowledgeBaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
