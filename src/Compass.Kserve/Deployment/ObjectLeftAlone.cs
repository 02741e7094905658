namespace Compass.Kserve.Deployment;

/// <summary>An object that carries the deployment's name but that Compass will not delete, and why.</summary>
/// <param name="Target">The object.</param>
/// <param name="Reason">Why Compass does not own it, e.g. "it is labelled app.kubernetes.io/managed-by=Helm".</param>
public sealed record ObjectLeftAlone(ObjectReference Target, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Target}: {Reason}";
}
