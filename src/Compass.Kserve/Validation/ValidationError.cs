namespace Compass.Kserve.Validation;

/// <summary>One reason a manifest is not valid, with where in the object it is.</summary>
/// <param name="Document">The document it is in (<c>Kind/name</c>, or its position in the text).</param>
/// <param name="Path">The JSON path in the object, e.g. <c>$.spec.predictor.containers[0].resources</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ValidationError(string Document, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Document}: {Path}: {Message}";
}
