using System.Collections.Immutable;

namespace Compass.Core.Knowledge;

/// <summary>A name (GPU, model, use case) is not in the catalog; the message lists the closest names it does hold.</summary>
public sealed class UnknownNameException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    public UnknownNameException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public UnknownNameException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public UnknownNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a kind of name, the name given and the suggestions.</summary>
    /// <param name="kind">What was looked up (<c>GPU</c>, <c>model</c>, <c>use case</c>).</param>
    /// <param name="name">The name given.</param>
    /// <param name="suggestions">The closest known names.</param>
    /// <param name="known">All known names, listed when there is no close suggestion.</param>
    public UnknownNameException(string kind, string name, IReadOnlyList<string> suggestions, IEnumerable<string> known)
        : base(BuildMessage(kind, name, suggestions, known))
    {
        Kind = kind;
        Name = name;
        Suggestions = [.. suggestions];
    }

    /// <summary>Gets what was looked up.</summary>
    public string Kind { get; } = string.Empty;

    /// <summary>Gets the name given.</summary>
    public string Name { get; } = string.Empty;

    /// <summary>Gets the closest known names.</summary>
    public ImmutableArray<string> Suggestions { get; } = [];

    private static string BuildMessage(string kind, string name, IReadOnlyList<string> suggestions, IEnumerable<string> known)
        => suggestions.Count switch
        {
            0 => $"Unknown {kind} '{name}'. Known: {string.Join(", ", known)}.",
            1 => $"Unknown {kind} '{name}'. Did you mean {suggestions[0]}?",
            _ => $"Unknown {kind} '{name}'. Did you mean {string.Join(", ", suggestions.Take(suggestions.Count - 1))} or {suggestions[^1]}?",
        };
}
