using System.Collections.Immutable;

namespace Compass.Core;

/// <summary>
/// A description gives a value that cannot be planned for (a negative, zero or absurd number of users) or leaves out
/// one planning needs (the load); <see cref="Fields"/> names the fields that would fix it, as <see cref="IntentHint"/>
/// does, so that hosts can say how to set them in their own terms.
/// </summary>
public sealed class IntentValueException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    public IntentValueException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public IntentValueException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public IntentValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a message and the fields that would fix it.</summary>
    /// <param name="message">What is wrong and how to fix it, in the library's terms.</param>
    /// <param name="fields">The fields (names from <see cref="IntentFields"/>) whose value would fix it.</param>
    public IntentValueException(string message, params IEnumerable<string> fields)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = [.. fields];
    }

    /// <summary>Gets the fields (names from <see cref="IntentFields"/>) whose value would fix it.</summary>
    public ImmutableArray<string> Fields { get; } = [];
}
