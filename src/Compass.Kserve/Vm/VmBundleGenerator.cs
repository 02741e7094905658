using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Manifests;
using Compass.Kserve.Validation;

namespace Compass.Kserve.Vm;

/// <summary>
/// Turns one recommendation of a plan into a single-VM deployment bundle: the cloud instance type that carries the
/// plan's GPU (<see cref="VmInstanceSelector.Exact"/>), Terraform for the VMs that carry the plan's replicas behind a
/// firewall open only to the stated networks, cloud-init that installs the NVIDIA driver and container toolkit and starts
/// a Docker Compose stack of vLLM (as many replicas as the VM's GPUs hold at the planned tensor parallelism, behind an
/// nginx proxy when there are several), Prometheus, Alertmanager and Grafana, and a README with the commands and the cost
/// beside the plan's Kubernetes GPU-hours. vLLM's arguments and every monitoring file come from <see cref="ManifestGenerator"/>'s own
/// settings and <see cref="MonitoringBundle"/>, so the VM and KServe deployments of a plan cannot drift apart.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class VmBundleGenerator
{
    /// <summary>EC2's user-data limit; the Terraform gzips cloud-init for AWS, so the limit applies to the gzipped size.</summary>
    internal const int AwsUserDataLimit = 16 * 1024;

    /// <summary>Azure's custom-data limit (base64-encoded); the Terraform gzips cloud-init for Azure too, so the limit applies to the gzipped size in base64.</summary>
    internal const int AzureCustomDataLimit = 64 * 1024;

    /// <summary>Compute Engine's limit on one metadata value.</summary>
    internal const int GcpMetadataLimit = 256 * 1024;

    private readonly KnowledgeCatalog _catalog;
    private readonly CloudInstanceCatalog _instances;
    private readonly VmInstanceSelector _selector;
    private readonly ManifestValidator _validator;

    /// <summary>Initializes a new instance of the <see cref="VmBundleGenerator"/> class.</summary>
    /// <param name="catalog">The knowledge base (GPUs, models, use cases).</param>
    /// <param name="instances">The cloud instances, or <see langword="null"/> for <see cref="CloudInstanceCatalog.Embedded"/>.</param>
    /// <param name="validator">The manifest validator, or <see langword="null"/> for a new one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public VmBundleGenerator(KnowledgeCatalog catalog, CloudInstanceCatalog? instances = null, ManifestValidator? validator = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _instances = instances ?? CloudInstanceCatalog.Embedded;
        _selector = new VmInstanceSelector(catalog, _instances);
        _validator = validator ?? new ManifestValidator();
    }

    /// <summary>Generates the bundle for one recommendation of a plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation, or <see langword="null"/> for the plan's first.</param>
    /// <param name="options">The options.</param>
    /// <returns>The bundle.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is not valid, the provider is unknown, or the plan has no recommendation.</exception>
    /// <exception cref="VmTargetException">No instance of the provider carries the plan's GPU in the numbers one replica needs; the message names who does and the closest alternative.</exception>
    /// <exception cref="ManifestValidationException">A generated manifest does not validate (a bug).</exception>
    public VmBundle Generate(Plan plan, Recommendation? recommendation, VmOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var providers = _instances.Providers;
        if (!providers.Contains(options.Provider))
        {
            throw new ArgumentException($"Compass has no VM catalog for the provider '{options.Provider}'; use {string.Join(", ", providers)}.", nameof(options));
        }

        recommendation ??= plan.Recommendations.IsDefaultOrEmpty
            ? throw new ArgumentException("The plan has no recommendation to deploy: no configuration met the SLOs.", nameof(plan))
            : plan.Recommendations[0];
        var choice = _selector.Exact(options.Provider, plan, recommendation)
            ?? throw NoInstance(options.Provider, plan, recommendation);
        var instance = choice.Instance;

        var set = new ManifestGenerator(_catalog, _validator).Generate(plan, recommendation, options.Manifest);
        var settings = set.Settings;
        var gpu = _catalog.GetGpu(recommendation.Gpu)!;
        var image = VllmImages.For(gpu, options.Manifest).ToString();
        var arguments = ServingSettingsCalculator.VllmArguments(settings, settings.Checkpoint, KserveManifestConstants.ContainerPort);
        var planned = Math.Max(1, settings.MinReplicas);
        var perVm = choice.ReplicasPerVm;
        var vmCount = choice.VmsFor(planned);
        var region = options.Region ?? instance.Region;
        var cost = new VmCost
        {
            VmUsdPerHour = instance.OnDemandUsdPerHour,
            VmCount = vmCount,
            PriceRegion = instance.Region,
            PriceAsOf = instance.AsOf,
            PriceSource = instance.Source,
            IdleGpus = choice.IdleGpus * vmCount,
            KubernetesGpus = recommendation.TotalGpus,
            KubernetesUsdPerGpuHour = recommendation.Cost.UsdPerGpuHour,
            KubernetesMonthlyUsd = recommendation.Cost.MonthlyUsd,
            KubernetesBasis = recommendation.Cost.Basis,
        };
        var inputs = new VmBundleInputs(plan, recommendation, options, instance, settings, set.Monitoring!, image, arguments, region, DiskGiB(settings.WeightsGiB), vmCount, perVm, cost);

        var notes = new List<string>();
        var warnings = new List<string>();
        if (options.OpenToInternet)
        {
            warnings.Add($"The firewall admits the whole internet ({string.Join(", ", options.AllowedCidrs.Where(c => c.EndsWith("/0", StringComparison.Ordinal)))}) to SSH, Grafana and the unauthenticated OpenAI API; anyone who finds the address can use your GPUs. Name your own networks instead.");
        }

        if (perVm > 1)
        {
            notes.Add(Invariant($"Each VM runs {perVm} vLLM replicas ({inputs.VllmServiceRange}), each on {inputs.ReplicaGpus} of the VM's {instance.GpuCount}, behind nginx on the API port ({options.ApiPort}), which sends each request to the replica with the fewest open requests."));
        }

        if (inputs.Replicas > planned)
        {
            notes.Add(Invariant($"The plan needs {Count(planned, "replica")}; {Count(vmCount, "VM")} of {perVm} replicas {(vmCount == 1 ? "runs" : "run")} {inputs.Replicas} in all, {inputs.Replicas - planned} more than planned, on GPUs that are paid for anyway."));
        }

        if (vmCount > 1)
        {
            notes.Add(perVm == 1
                ? Invariant($"The plan needs {vmCount} replicas, so the Terraform creates {vmCount} identical VMs (instance_count), each a complete stack with its own monitoring; put a load balancer (not generated) in front of their API ports to share the load as the plan assumes, and read each VM's alerts by their `vm` label.")
                : Invariant($"The Terraform creates {vmCount} identical VMs (instance_count), each a complete stack with its own monitoring; put a load balancer (not generated) in front of their API ports to share the load as the plan assumes, and read each VM's alerts by their `vm` label."));
        }

        if (choice.IdleGpus > 0)
        {
            notes.Add(Invariant($"{instance.Type} carries {instance.GpuCount} {instance.Gpu} GPUs and {(perVm == 1 ? "its replica uses" : $"its {perVm} replicas use")} {choice.GpusUsed} (the plan's tensor parallelism is {settings.TensorParallel}): {choice.IdleGpus} per VM, {cost.IdleGpus} in all, stay idle while paid for."));
        }

        if (!string.Equals(region, instance.Region, StringComparison.Ordinal))
        {
            notes.Add($"The price shown is {instance.Region}'s; {region} may cost more or less, and may not offer {instance.Type}.");
        }

        notes.Add($"Gated models (Llama and others) need a Hugging Face token in {VmOptions.StackFolder}/secrets/hf_token on each VM (see Secrets); Compass never writes it.");
        notes.AddRange(set.Notes.Where(n => !n.Contains("kubectl", StringComparison.Ordinal) && !n.Contains("NetworkPolicy", StringComparison.Ordinal)));

        var stack = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StackFiles.Compose] = StackBuilder.Compose(inputs),
            [StackFiles.Prometheus] = StackBuilder.Prometheus(inputs),
            [StackFiles.Rules] = set.Monitoring!.RulesFile,
            [StackFiles.Alertmanager] = set.Monitoring.AlertmanagerConfig,
            [StackFiles.GrafanaDatasource] = StackBuilder.GrafanaDatasource(),
            [StackFiles.GrafanaDashboards] = StackBuilder.GrafanaDashboards(),
            [StackFiles.GrafanaDashboard] = set.Monitoring.DashboardJson,
            [StackFiles.Bootstrap] = CloudInitBuilder.Bootstrap(inputs),
        };
        if (perVm > 1)
        {
            stack[StackFiles.Proxy] = ProxyBuilder.Nginx(inputs);
        }

        var cloudInit = CloudInitBuilder.Build(stack);
        CheckUserDataSize(options.Provider, cloudInit);

        var files = ImmutableArray.CreateBuilder<VmFile>();
        files.Add(new VmFile(StackFiles.Terraform, TerraformBuilder.Build(inputs)));
        files.Add(new VmFile(StackFiles.CloudInit, cloudInit));
        files.AddRange(StackFiles.OnVm.Where(stack.ContainsKey).Select(n => new VmFile(n, stack[n])));
        files.Add(new VmFile(StackFiles.Runbook, set.Monitoring.Runbook));
        files.Add(new VmFile(StackFiles.Readme, ReadmeBuilder.Build(inputs, notes, warnings)));

        return new VmBundle
        {
            Rank = recommendation.Rank,
            Provider = options.Provider,
            Instance = instance,
            VmCount = vmCount,
            ReplicasPerVm = perVm,
            Region = region,
            DiskGiB = inputs.DiskGiB,
            AllowedCidrs = options.AllowedCidrs,
            Settings = settings,
            VllmArguments = arguments,
            VllmImage = image,
            Monitoring = set.Monitoring,
            Cost = cost,
            Files = files.ToImmutable(),
            Notes = [.. notes],
            Warnings = [.. warnings],
        };
    }

    /// <summary>
    /// The boot disk: 60 GB for the OS, driver, container images and metrics, plus the weights with a quarter more
    /// for the download, rounded up to 50 GB, at least 100 GB.
    /// </summary>
    /// <param name="weightsGiB">The weights one replica loads.</param>
    /// <returns>The disk size in GB.</returns>
    internal static int DiskGiB(double weightsGiB) => Math.Max(100, (int)Math.Ceiling((60 + (1.25 * Math.Max(0, weightsGiB))) / 50) * 50);

    private VmTargetException NoInstance(CloudProvider provider, Plan plan, Recommendation recommendation)
    {
        var gpu = recommendation.Gpu;
        var tp = recommendation.TensorParallel;
        var text = new StringBuilder();
        var own = _instances.WithGpu(provider, gpu);
        text.Append(own.Count > 0
            ? Invariant($"The plan puts {tp} {gpu} GPUs in one replica, but the largest {provider} instance with {gpu} has {own.Max(i => i.GpuCount)} ({own.MaxBy(i => i.GpuCount)!.Type}). ")
            : Invariant($"No {provider} instance in Compass's catalog carries {gpu}. "));

        var elsewhere = _instances.Instances.Where(i => i.Gpu == gpu && i.Provider != provider && i.GpuCount >= tp)
            .GroupBy(i => i.Provider)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(i => i.Family).Distinct())}: {string.Join(", ", g.Select(i => i.Type))})")
            .ToList();
        text.Append(elsewhere.Count > 0
            ? Invariant($"{tp}× {gpu} in one VM is offered on {string.Join("; ", elsewhere)}: choose the provider {elsewhere[0].Split(' ')[0]}. ")
            : Invariant($"No provider in the catalog ({string.Join(", ", _instances.Providers)}; NVIDIA GPU instances only) offers {tp}× {gpu} in one VM. "));

        var closest = _selector.Closest(provider, plan, recommendation);
        if (closest is { Instance: var c })
        {
            text.Append(Invariant($"Closest on {provider}: {c.Type} ({c.GpuCount}× {c.Gpu}, {c.GpuMemoryGiB:0.#} GB each, ${c.OnDemandUsdPerHour:0.####}/hour in {c.Region}), whose GPUs hold one replica ({closest.ReplicaMemoryGiB:0.#} GiB of weights, activations and KV cache at peak; {closest.UsableMemoryGiB:0.#} GiB usable){Bandwidth(closest)}; its speed is not planned: to use it, plan again with the GPU {c.Gpu} and the provider {provider}."));
        }
        else
        {
            text.Append(Invariant($"No {provider} instance holds one replica ({_selector.ReplicaMemoryGiB(plan, recommendation):0.#} GiB of weights, activations and KV cache at peak); plan again with a smaller model or format, or choose another provider."));
        }

        var other = _instances.Instances.FirstOrDefault(i => i.Gpu == gpu && i.Provider != provider && i.GpuCount >= tp)?.Provider;
        return new VmTargetException(text.ToString()) { ClosestGpu = closest?.Instance.Gpu, OtherProvider = other };
    }

    private static string Bandwidth(VmInstanceChoice closest) => closest.BandwidthRatio is { } ratio
        ? Invariant($" with {ratio * 100:0}% of the planned GPUs' memory bandwidth")
        : string.Empty;

    private static void CheckUserDataSize(CloudProvider provider, string cloudInit)
    {
        var bytes = Encoding.UTF8.GetBytes(cloudInit);
        var (size, limit, what) = provider.Value switch
        {
            "aws" => (Gzipped(bytes), AwsUserDataLimit, "gzipped EC2 user data"),
            "azure" => (((Gzipped(bytes) + 2) / 3) * 4, AzureCustomDataLimit, "gzipped base64 Azure custom data"),
            _ => (bytes.Length, GcpMetadataLimit, "Compute Engine user-data metadata"),
        };
        if (size > limit)
        {
            throw new InvalidOperationException(Invariant($"The cloud-init user data is {size} bytes as {what}, above the limit of {limit}; the dashboard or rules grew too large for this provider."));
        }
    }

    private static int Gzipped(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return (int)buffer.Length;
    }

    private static string Count(int n, string what) => Invariant($"{n} {what}{(n == 1 ? string.Empty : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
