namespace Compass.Kserve.Deployment;

/// <summary>What rolling a deployment back would do, worked out from the cluster without changing it.</summary>
/// <param name="Name">The deployment's name.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Cluster">The cluster, as <see cref="KubernetesDeployer.Cluster"/> describes it.</param>
/// <param name="FromRevision">The current revision.</param>
/// <param name="ToRevision">The revision to go back to.</param>
/// <param name="Apply">The objects of <paramref name="ToRevision"/> that will be applied again.</param>
/// <param name="Delete">Objects the current revision added that Compass created, which will be deleted.</param>
/// <param name="LeftAlone">Objects that will not be touched (Secrets, whose content Compass does not keep; objects Compass does not own), and why.</param>
public sealed record RollbackPlan(string Name, string Namespace, string Cluster, int FromRevision, int ToRevision, IReadOnlyList<ObjectReference> Apply, IReadOnlyList<PlannedDeletion> Delete, IReadOnlyList<ObjectLeftAlone> LeftAlone);
