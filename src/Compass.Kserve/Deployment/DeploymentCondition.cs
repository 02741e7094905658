namespace Compass.Kserve.Deployment;

/// <summary>One entry of an InferenceService's <c>status.conditions</c>.</summary>
/// <param name="Type">The condition, e.g. <c>Ready</c>, <c>PredictorReady</c>, <c>IngressReady</c>.</param>
/// <param name="Status"><c>True</c>, <c>False</c> or <c>Unknown</c>.</param>
/// <param name="Reason">The machine-readable reason, if any.</param>
/// <param name="Message">The human-readable message, if any.</param>
public sealed record DeploymentCondition(string Type, string Status, string? Reason, string? Message)
{
    /// <summary>Gets a value indicating whether <see cref="Status"/> is <c>True</c>.</summary>
    public bool IsTrue => string.Equals(Status, "True", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString()
        => $"{Type}={Status}{(Reason is null ? string.Empty : $" ({Reason}{(Message is null ? string.Empty : ": " + Message)})")}";
}
