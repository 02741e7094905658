using System.Text.RegularExpressions;

namespace Compass.Kserve.Manifests;

/// <summary>How to generate manifests for one plan: where they go, which images run, and the few knobs a platform team sets.</summary>
public sealed partial record ManifestOptions
{
    /// <summary>The vLLM image used by default on NVIDIA GPUs (CUDA): pinned, never <c>latest</c>, so a redeploy runs the engine that was planned.</summary>
    public const string DefaultVllmImage = "vllm/vllm-openai:v0.10.2";

    /// <summary>
    /// The vLLM image used by default on AMD GPUs: the vLLM project's own ROCm build, pinned to its first release
    /// (<c>v0.14.0</c>, January 2026; there is no ROCm image of the CUDA default's <c>v0.10.2</c>). It has the same
    /// <c>vllm serve</c> entrypoint and flags as the CUDA image.
    /// </summary>
    public const string DefaultRocmVllmImage = "vllm/vllm-openai-rocm:v0.14.0";

    /// <summary>The Compass simulator image used by default in simulator mode.</summary>
    public const string DefaultSimulatorImage = "ghcr.io/compass/simulator:0.1.0";

    /// <summary>Gets the namespace of every object (a DNS-1123 label). Default <c>default</c>.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Gets the name of the deployment (a DNS-1123 label of at most <see cref="ResourceNames.MaxNameLength"/> characters), or <see langword="null"/> to derive one from the model.</summary>
    public string? Name { get; init; }

    /// <summary>Gets whether to run the Compass simulator instead of vLLM: same objects, no GPUs, for a CPU cluster.</summary>
    public bool Simulator { get; init; }

    /// <summary>
    /// Gets the vLLM image, pinned by tag (<c>repo:tag</c>, not <c>latest</c>) or digest (<c>repo@sha256:&lt;64 hex&gt;</c>,
    /// emitted without any tag given beside it), or <see langword="null"/> (the default) for the pinned build that
    /// matches the GPU's vendor: <see cref="DefaultVllmImage"/> on NVIDIA, <see cref="DefaultRocmVllmImage"/> on AMD.
    /// </summary>
    public string? VllmImage { get; init; }

    /// <summary>
    /// Gets the user id vLLM runs as (<c>runAsUser</c>, with <c>runAsNonRoot: true</c>), or <see langword="null"/> (the
    /// default) for the image's own user. The official vLLM images have no <c>USER</c> and run as root, and PyTorch looks
    /// the user up in <c>/etc/passwd</c> at start-up, so set this only for an image built to run as that user.
    /// </summary>
    public long? VllmRunAsUser { get; init; }

    /// <summary>
    /// Gets whether the vLLM image runs as a non-root user by itself (a numeric <c>USER</c> other than 0), so the pod
    /// can require <c>runAsNonRoot</c> without naming a user. Default <see langword="false"/>: the official images run as root.
    /// </summary>
    public bool VllmImageRunsAsNonRoot { get; init; }

    /// <summary>
    /// Gets the NetworkPolicy to generate (<c>07-networkpolicy.yaml</c>), which admits traffic to the serving pods only
    /// from the namespaces it names, or <see langword="null"/> (the default) for none.
    /// </summary>
    public NetworkPolicyOptions? NetworkPolicy { get; init; }

    /// <summary>Gets whether vLLM is known to run as a non-root user (<see cref="VllmRunAsUser"/> or <see cref="VllmImageRunsAsNonRoot"/>).</summary>
    public bool VllmRunsAsNonRoot => VllmRunAsUser is not null || VllmImageRunsAsNonRoot;

    /// <summary>Gets the simulator image used when <see cref="Simulator"/> is set.</summary>
    public string SimulatorImage { get; init; } = DefaultSimulatorImage;

    /// <summary>Gets the Secret that holds the Hugging Face token (created by the platform team, never by Compass). Default <c>hf-token</c>.</summary>
    public string HuggingFaceTokenSecret { get; init; } = "hf-token";

    /// <summary>Gets the key of the token in that Secret. Default <c>token</c>.</summary>
    public string HuggingFaceTokenKey { get; init; } = "token";

    /// <summary>Gets the Prometheus URL KEDA queries. Default <c>http://prometheus-operated.monitoring.svc:9090</c>.</summary>
    public Uri PrometheusAddress { get; init; } = new("http://prometheus-operated.monitoring.svc:9090");

    /// <summary>
    /// Gets the conservative rate at which a replica reads its weights into GPU memory, in MB/s (default 200), which
    /// sizes the startup probe: weights ÷ this rate + engine start-up.
    /// </summary>
    public double LoadBandwidthMBps { get; init; } = 200;

    /// <summary>Gets the spare replicas above the plan the autoscaler may add for bursts, as a fraction (default 0.5 = +50%, at least one).</summary>
    public double BurstHeadroom { get; init; } = 0.5;

    /// <summary>Gets how the alerts, their runbook and tests, the Alertmanager configuration and the dashboard are generated (windows, <c>for:</c>, runbook address, receivers).</summary>
    public MonitoringOptions Monitoring { get; init; } = new();

    /// <summary>Checks the options; values a user typed are rejected here, before they reach any manifest.</summary>
    /// <exception cref="ArgumentException">An option is not valid; the message names it and says why.</exception>
    public void Validate()
    {
        if (!ResourceNames.IsDnsLabel(Namespace))
        {
            throw new ArgumentException($"The namespace '{Namespace}' is not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters).", nameof(Namespace));
        }

        if (Name is not null && !ResourceNames.IsValidName(Name))
        {
            throw new ArgumentException($"The name '{Name}' is not valid: use lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most {ResourceNames.MaxNameLength} characters (KServe appends '-predictor-<hash>').", nameof(Name));
        }

        if (VllmImage is not null)
        {
            ImageReference.Parse(VllmImage, nameof(VllmImage));
        }

        ImageReference.Parse(SimulatorImage, nameof(SimulatorImage));
        if (VllmRunAsUser is < 1 or > int.MaxValue)
        {
            throw new ArgumentException($"The vLLM user id {VllmRunAsUser} is not valid: use a non-root id from 1 to {int.MaxValue}, or leave it unset to run as the image's user.", nameof(VllmRunAsUser));
        }

        NetworkPolicy?.Validate();
        if (!ResourceNames.IsDnsSubdomain(HuggingFaceTokenSecret))
        {
            throw new ArgumentException($"The Secret name '{HuggingFaceTokenSecret}' is not a DNS-1123 subdomain.", nameof(HuggingFaceTokenSecret));
        }

        if (!SecretKey().IsMatch(HuggingFaceTokenKey))
        {
            throw new ArgumentException($"The Secret key '{HuggingFaceTokenKey}' is not valid (letters, digits, '-', '_' or '.', at most 253 characters).", nameof(HuggingFaceTokenKey));
        }

        if (PrometheusAddress is not { IsAbsoluteUri: true, Scheme: "http" or "https" } || PrometheusAddress.OriginalString.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"The Prometheus address '{PrometheusAddress}' must be an absolute http(s) URL.", nameof(PrometheusAddress));
        }

        if (!(LoadBandwidthMBps > 0 && double.IsFinite(LoadBandwidthMBps)))
        {
            throw new ArgumentException($"The load bandwidth must be a positive number of MB/s (got {LoadBandwidthMBps}).", nameof(LoadBandwidthMBps));
        }

        if (Monitoring is null)
        {
            throw new ArgumentException("The monitoring options must not be null.", nameof(Monitoring));
        }

        Monitoring.Validate();
        if (!(BurstHeadroom >= 0 && BurstHeadroom <= 10))
        {
            throw new ArgumentException($"The burst headroom must be between 0 and 10 (got {BurstHeadroom}).", nameof(BurstHeadroom));
        }
    }

    [GeneratedRegex(@"^[-._A-Za-z0-9]{1,253}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
