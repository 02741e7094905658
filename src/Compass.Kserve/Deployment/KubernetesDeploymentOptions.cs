namespace Compass.Kserve.Deployment;

/// <summary>How <see cref="KubernetesDeployer"/> reaches the cluster and how long it waits.</summary>
public sealed class KubernetesDeploymentOptions
{
    /// <summary>Gets or sets the kubeconfig file; <see langword="null"/> for <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Gets or sets the kubeconfig context; <see langword="null"/> for the current context.</summary>
    public string? Context { get; set; }

    /// <summary>Gets or sets a value indicating whether to use the pod's service account (in-cluster configuration) instead of a kubeconfig.</summary>
    public bool InCluster { get; set; }

    /// <summary>Gets or sets the namespace for objects and commands that name none; <see langword="null"/> for the kubeconfig context's namespace, else <c>default</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>Gets or sets how long one API request may take (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long <see cref="IDeploymentTarget.WaitForReadyAsync"/> waits by default (default 10 minutes: model downloads are slow).</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how often the InferenceService is polled while waiting (default 5 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many revisions to keep for rollback (default 10).</summary>
    public int MaxRevisions { get; set; } = 10;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range, or <see cref="InCluster"/> is combined with a kubeconfig path or context.</exception>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || ReadyTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("RequestTimeout, ReadyTimeout and PollInterval must be positive.");
        }

        if (MaxRevisions is < 2 or > 100)
        {
            throw new ArgumentException($"MaxRevisions must be between 2 and 100 (got {MaxRevisions}); rollback needs at least two.");
        }

        if (InCluster && (KubeconfigPath is not null || Context is not null))
        {
            throw new ArgumentException("InCluster uses the pod's service account; do not also set KubeconfigPath or Context.");
        }
    }

    internal KubernetesDeploymentOptions Copy() => (KubernetesDeploymentOptions)MemberwiseClone();
}
