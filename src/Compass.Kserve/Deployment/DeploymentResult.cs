namespace Compass.Kserve.Deployment;

/// <summary>The outcome of an apply or a rollback.</summary>
/// <param name="Name">The deployment's name (its <c>app.kubernetes.io/instance</c> label).</param>
/// <param name="Namespace">The namespace the objects went to.</param>
/// <param name="Objects">The objects as the server answered, in apply order.</param>
/// <param name="DryRun">Whether this was a server dry run (nothing stored).</param>
/// <param name="Revision">The revision recorded (1, 2, …); <see langword="null"/> on a dry run or when the manifests equal the current revision.</param>
/// <param name="NamespaceCreated">Whether the namespace was created (or would be, on a dry run).</param>
public sealed record DeploymentResult(string Name, string Namespace, IReadOnlyList<AppliedObject> Objects, bool DryRun, int? Revision, bool NamespaceCreated);
