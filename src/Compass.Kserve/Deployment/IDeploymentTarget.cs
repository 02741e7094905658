namespace Compass.Kserve.Deployment;

/// <summary>
/// A place Compass deploys manifests to: apply (server-side, with dry run), wait for Ready, status, list, delete and
/// roll back to the previously applied revision.
/// </summary>
/// <remarks>
/// Implementations are thread-safe. Every failure is a <see cref="DeploymentException"/> whose message says what
/// failed, on which object, and how to fix it.
/// </remarks>
public interface IDeploymentTarget
{
    /// <summary>Applies the manifests with server-side apply, adds the Compass labels and records the revision.</summary>
    /// <param name="request">What to apply.</param>
    /// <param name="progress">Receives one line per step, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The applied objects.</returns>
    /// <exception cref="DeploymentException">The apply failed.</exception>
    Task<DeploymentResult> ApplyAsync(DeploymentRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Waits until the InferenceService reports Ready=True, reporting conditions, pods and events as they change.</summary>
    /// <param name="name">The InferenceService's name.</param>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="timeout">How long to wait; <see langword="null"/> for the options' ready timeout.</param>
    /// <param name="progress">Receives one line per change, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The Ready status, with the URL.</returns>
    /// <exception cref="DeploymentException">The timeout passed (the message names the last condition that was not True), or a request failed.</exception>
    Task<DeploymentStatus> WaitForReadyAsync(string name, string? namespaceName = null, TimeSpan? timeout = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a deployment's status: conditions, URL, pods and recent events.</summary>
    /// <param name="name">The InferenceService's name.</param>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The status.</returns>
    /// <exception cref="DeploymentException">It does not exist, or a request failed.</exception>
    Task<DeploymentStatus> GetStatusAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the InferenceServices labelled <c>app.kubernetes.io/managed-by=compass</c>.</summary>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The deployments, by name.</returns>
    /// <exception cref="DeploymentException">A request failed.</exception>
    Task<IReadOnlyList<DeploymentSummary>> ListAsync(string? namespaceName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Works out what deleting a deployment would remove, without changing anything: only objects Compass owns
    /// (the managed-by and instance labels, Compass's field manager, and created by Compass where the revision
    /// history records it); everything else that carries the deployment's name is listed as left alone, with why.
    /// </summary>
    /// <param name="name">The deployment's name.</param>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan, to show before <see cref="DeleteAsync"/>.</returns>
    /// <exception cref="DeploymentException">Nothing of that deployment is Compass's to delete, or a request failed.</exception>
    Task<DeletionPlan> PlanDeletionAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the objects of a plan (foreground propagation), checking each one's ownership again just before and
    /// conditioning the delete on the uid it had when planned, so nothing re-created or taken over since is removed.
    /// </summary>
    /// <param name="plan">The plan from <see cref="PlanDeletionAsync"/>.</param>
    /// <param name="progress">Receives one line per object, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The objects deleted.</returns>
    /// <exception cref="DeploymentException">A request failed.</exception>
    Task<IReadOnlyList<ObjectReference>> DeleteAsync(DeletionPlan plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Works out what rolling back to the revision before the current one would do, without changing anything.
    /// </summary>
    /// <param name="name">The deployment's name.</param>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan, to show before <see cref="RollbackAsync(RollbackPlan, IProgress{string}?, CancellationToken)"/>.</returns>
    /// <exception cref="DeploymentException">There is no earlier revision, or a request failed.</exception>
    Task<RollbackPlan> PlanRollbackAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-applies the earlier revision of a plan and deletes the objects the plan lists (Compass-owned objects the
    /// earlier revision did not have, each re-checked before it goes). Secrets are never re-applied: the history keeps
    /// only their hashes.
    /// </summary>
    /// <param name="plan">The plan from <see cref="PlanRollbackAsync"/>.</param>
    /// <param name="progress">Receives one line per step, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The re-applied objects and the new revision number.</returns>
    /// <exception cref="DeploymentException">The history changed since the plan was made, or a request failed.</exception>
    Task<DeploymentResult> RollbackAsync(RollbackPlan plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default);
}
