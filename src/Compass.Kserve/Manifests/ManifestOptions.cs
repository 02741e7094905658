using System.Text.RegularExpressions;

namespace Compass.Kserve.Manifests;

/// <summary>How to generate manifests for one plan: where they go, which images run, and the few knobs a platform team sets.</summary>
public sealed partial record ManifestOptions
{
    /// <summary>The vLLM image used by default: pinned, never <c>latest</c>, so a redeploy runs the engine that was planned.</summary>
    public const string DefaultVllmImage = "vllm/vllm-openai:v0.10.2";

    /// <summary>The Compass simulator image used by default in simulator mode.</summary>
    public const string DefaultSimulatorImage = "ghcr.io/compass/simulator:0.1.0";

    /// <summary>Gets the namespace of every object (a DNS-1123 label). Default <c>default</c>.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Gets the name of the deployment (a DNS-1123 label of at most <see cref="ResourceNames.MaxNameLength"/> characters), or <see langword="null"/> to derive one from the model.</summary>
    public string? Name { get; init; }

    /// <summary>Gets whether to run the Compass simulator instead of vLLM: same objects, no GPUs, for a CPU cluster.</summary>
    public bool Simulator { get; init; }

    /// <summary>Gets the vLLM image (with a pinned tag or digest).</summary>
    public string VllmImage { get; init; } = DefaultVllmImage;

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

        CheckImage(VllmImage, nameof(VllmImage));
        CheckImage(SimulatorImage, nameof(SimulatorImage));
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

        if (!(BurstHeadroom >= 0 && BurstHeadroom <= 10))
        {
            throw new ArgumentException($"The burst headroom must be between 0 and 10 (got {BurstHeadroom}).", nameof(BurstHeadroom));
        }
    }

    private static void CheckImage(string image, string name)
    {
        if (string.IsNullOrEmpty(image) || image.Length > 512 || !ImageReference().IsMatch(image))
        {
            throw new ArgumentException($"'{image}' is not an image reference (registry/name:tag or name@sha256:digest).", name);
        }

        if (image.EndsWith(":latest", StringComparison.Ordinal) || (!image.Contains('@', StringComparison.Ordinal) && !image[(image.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The image '{image}' must have a pinned tag or digest (not latest), so a redeploy runs the same engine.", name);
        }
    }

    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^[-._A-Za-z0-9]{1,253}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
