namespace Compass.Kserve.Validation;

/// <summary>Thrown when manifests fail validation; nothing is written.</summary>
public sealed class ManifestValidationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ManifestValidationException"/> class.</summary>
    public ManifestValidationException()
        : this(ValidationResult.Valid)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ManifestValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ManifestValidationException(string message)
        : base(message)
    {
        Result = ValidationResult.Valid;
    }

    /// <summary>Initializes a new instance of the <see cref="ManifestValidationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ManifestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Result = ValidationResult.Valid;
    }

    /// <summary>Initializes a new instance of the <see cref="ManifestValidationException"/> class.</summary>
    /// <param name="result">The failed validation.</param>
    public ManifestValidationException(ValidationResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>Gets the failed validation, with every error.</summary>
    public ValidationResult Result { get; }

    private static string Describe(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Errors.Length switch
        {
            0 => "The manifests are not valid.",
            1 => $"The manifests are not valid: {result.Errors[0]}",
            var n => $"The manifests are not valid ({n} errors; first: {result.Errors[0]}).",
        };
    }
}
