namespace Compass.Api;

/// <summary>The host's settings, bound from the <c>Compass</c> configuration section.</summary>
internal sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Compass";

    /// <summary>Gets or sets the API key; when set, every <c>/api/*</c> request must send it in <c>X-Api-Key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the largest request body accepted, in bytes (default 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the knowledge base's PostgreSQL connection string (or env <c>COMPASS_KB</c>); the embedded one when unset.</summary>
    public string? KnowledgeBase { get; set; }

    /// <summary>Gets the CORS settings.</summary>
    public CorsSettings Cors { get; } = new();

    /// <summary>Gets the Kubernetes connection; deployments are off until one is configured.</summary>
    public KubernetesSettings Kubernetes { get; } = new();

    /// <summary>Gets the server-side conversation settings.</summary>
    public ConversationSettings Conversations { get; } = new();

    /// <summary>Gets the bounds on long work.</summary>
    public LimitSettings Limits { get; } = new();
}

/// <summary>CORS settings.</summary>
internal sealed class CorsSettings
{
    /// <summary>Gets or sets the origins allowed to call the API from a browser (never <c>*</c>).</summary>
    public string[] Origins { get; set; } = [];
}

/// <summary>How to reach a Kubernetes cluster.</summary>
internal sealed class KubernetesSettings
{
    /// <summary>Gets or sets the kubeconfig file.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Gets or sets the kubeconfig context.</summary>
    public string? Context { get; set; }

    /// <summary>Gets or sets a value indicating whether to use the pod's service account.</summary>
    public bool InCluster { get; set; }

    /// <summary>Gets or sets the default namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>Gets a value indicating whether a connection is configured.</summary>
    public bool Configured => InCluster || !string.IsNullOrWhiteSpace(Kubeconfig);
}

/// <summary>Server-side conversation settings.</summary>
internal sealed class ConversationSettings
{
    /// <summary>Gets or sets the most conversations kept at once.</summary>
    public int MaxConversations { get; set; } = 1000;

    /// <summary>Gets or sets how long an idle conversation is kept, in minutes.</summary>
    public int IdleMinutes { get; set; } = 30;
}

/// <summary>Bounds on long work.</summary>
internal sealed class LimitSettings
{
    /// <summary>Gets or sets the most requests one simulation may run.</summary>
    public int MaxSimulatedRequests { get; set; } = 5000;

    /// <summary>Gets or sets the longest load test or validation, in seconds.</summary>
    public int MaxLoadTestSeconds { get; set; } = 300;

    /// <summary>
    /// Gets or sets the hosts that load tests and validations may send traffic to, besides loopback: exact host names or
    /// addresses, or <c>*.suffix</c> patterns (e.g. <c>*.svc.cluster.local</c>). Empty means loopback only, so the API
    /// cannot be used to load or probe machines its operator did not name.
    /// </summary>
    public string[] LoadTestHosts { get; set; } = [];
}
