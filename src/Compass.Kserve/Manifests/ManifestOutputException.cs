namespace Compass.Kserve.Manifests;

/// <summary>
/// A manifest output folder that Compass will not write to, or a write that could not complete; the message says
/// which folder or file, why, and what to do instead. Nothing in the folder was changed.
/// </summary>
public sealed class ManifestOutputException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="ManifestOutputException"/> class.</summary>
    public ManifestOutputException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ManifestOutputException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ManifestOutputException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ManifestOutputException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ManifestOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets a value indicating whether writing again with <c>force</c> (see <see cref="ManifestWriter.WriteAsync"/>) would
    /// replace the files that stopped this write; hosts name their own way of asking for it (the CLI: its flag).
    /// </summary>
    public bool ForceReplaces { get; init; }
}
