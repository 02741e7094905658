namespace Compass.Kserve;

/// <summary>Labels and names Compass puts on the Kubernetes objects it generates and manages.</summary>
public static class KserveNames
{
    /// <summary>The label that marks an object as managed by Compass (<c>app.kubernetes.io/managed-by=compass</c>).</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedByLabel"/>, and the server-side-apply field manager.</summary>
    public const string Manager = "compass";

    /// <summary>The label that groups every object of one deployment (<c>app.kubernetes.io/instance</c>).</summary>
    public const string InstanceLabel = "app.kubernetes.io/instance";
}
