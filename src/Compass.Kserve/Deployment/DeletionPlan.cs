namespace Compass.Kserve.Deployment;

/// <summary>
/// What deleting a deployment would remove, worked out from the cluster without changing it: every object that
/// carries the Compass labels for the deployment, has Compass's field manager, and (where the revision history
/// records it) was created by Compass; and what carries the deployment's name but is left alone, with the reason.
/// </summary>
/// <param name="Name">The deployment's name.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Cluster">The cluster, as <see cref="KubernetesDeployer.Cluster"/> describes it.</param>
/// <param name="Delete">The objects to delete, in order (the InferenceService first, the revision history last), each with the uid it must still have.</param>
/// <param name="LeftAlone">Objects that will not be deleted, and why.</param>
public sealed record DeletionPlan(string Name, string Namespace, string Cluster, IReadOnlyList<PlannedDeletion> Delete, IReadOnlyList<ObjectLeftAlone> LeftAlone);

/// <summary>One object a <see cref="DeletionPlan"/> deletes.</summary>
/// <param name="Target">The object.</param>
/// <param name="Uid">Its uid when planned: the delete is conditioned on it, so an object re-created since is left alone.</param>
public sealed record PlannedDeletion(ObjectReference Target, string Uid)
{
    /// <inheritdoc/>
    public override string ToString() => Target.ToString();
}
