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

    /// <summary>Deletes every object labelled with the deployment's instance label (foreground propagation), and its revisions.</summary>
    /// <param name="name">The deployment's name.</param>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The objects deleted.</returns>
    /// <exception cref="DeploymentException">Nothing carries that label, or a request failed.</exception>
    Task<IReadOnlyList<ObjectReference>> DeleteAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default);

    /// <summary>Re-applies the revision before the current one, and deletes objects that revision did not have.</summary>
    /// <param name="name">The deployment's name.</param>
    /// <param name="namespaceName">The namespace, or <see langword="null"/> for the default.</param>
    /// <param name="progress">Receives one line per step, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The re-applied objects and the new revision number.</returns>
    /// <exception cref="DeploymentException">There is no earlier revision, or a request failed.</exception>
    Task<DeploymentResult> RollbackAsync(string name, string? namespaceName = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default);
}
