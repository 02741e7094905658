using System.Collections.Immutable;

namespace Compass.Kserve.Validation;

/// <summary>The outcome of validating manifests: every error found, not just the first.</summary>
/// <param name="Errors">The errors; empty when the manifests are valid.</param>
public sealed record ValidationResult(ImmutableArray<ValidationError> Errors)
{
    /// <summary>Gets a result without errors.</summary>
    public static ValidationResult Valid { get; } = new(ImmutableArray<ValidationError>.Empty);

    /// <summary>Gets whether no error was found.</summary>
    public bool IsValid => Errors.IsEmpty;

    /// <summary>Throws when there are errors.</summary>
    /// <exception cref="ManifestValidationException">The manifests are not valid.</exception>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ManifestValidationException(this);
        }
    }

    /// <inheritdoc />
    public override string ToString()
        => IsValid ? "valid" : string.Join(Environment.NewLine, Errors.Select(e => e.ToString()));
}
