using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Validation;
using Compass.Kserve.Yaml;
using k8s;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Turns a plan and one of its recommendations into Kubernetes manifests: a KServe InferenceService running vLLM (or
/// the Compass simulator), a KEDA ScaledObject, a ServiceMonitor, a PrometheusRule with the plan's SLO alerts, a Grafana
/// dashboard ConfigMap, a PodDisruptionBudget and, when asked for, a NetworkPolicy; beside them, the alerts' runbook,
/// rules file, promtool tests and Alertmanager configuration (<see cref="ManifestSet.Monitoring"/>). The pod runs without privilege
/// escalation or capabilities, under the runtime's default seccomp filter, and requests the local storage its weights
/// need (see <c>docs/deployment.md</c>). Objects are built as typed models, serialized to YAML with
/// YamlDotNet, read back to prove the YAML says exactly what was built, and validated against the CRD schemas; a set
/// that fails is never returned.
/// </summary>
/// <remarks>Thread-safe: the generator holds only the catalog and a validator.</remarks>
public sealed class ManifestGenerator
{
    private readonly KnowledgeCatalog _catalog;
    private readonly ManifestValidator _validator;
    private readonly ManifestOptions _defaults;

    /// <summary>Initializes a new instance of the <see cref="ManifestGenerator"/> class.</summary>
    /// <param name="catalog">The knowledge base (GPU node labels and resource names, model context lengths, use-case hints).</param>
    /// <param name="validator">The validator, or <see langword="null"/> for a new one.</param>
    /// <param name="defaults">The options used when a call gives none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public ManifestGenerator(KnowledgeCatalog catalog, ManifestValidator? validator = null, ManifestOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _validator = validator ?? new ManifestValidator();
        _defaults = defaults ?? new ManifestOptions();
    }

    /// <summary>Generates the manifests for one recommendation of a plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="recommendation">The recommendation to deploy, or <see langword="null"/> for the plan's first (rank 1).</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The manifests, validated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The plan has no recommendation, an option is invalid, the GPU is not in the catalog, or no vLLM image fits the
    /// GPU's vendor (none given for a vendor Compass has no default for, or the other vendor's default given).
    /// </exception>
    /// <exception cref="ManifestValidationException">A generated manifest does not validate (a bug; nothing is returned).</exception>
    public ManifestSet Generate(Plan plan, Recommendation? recommendation = null, ManifestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        options ??= _defaults;
        options.Validate();
        recommendation ??= plan.Recommendations.IsDefaultOrEmpty
            ? throw new ArgumentException("The plan has no recommendation to deploy: no configuration met the SLOs.", nameof(plan))
            : plan.Recommendations[0];
        var gpu = _catalog.GetGpu(recommendation.Gpu)
            ?? throw new ArgumentException($"The GPU '{recommendation.Gpu}' is not in the catalog, so its Kubernetes resource name and node label are unknown.", nameof(recommendation));
        if (recommendation.TensorParallel < 1 || recommendation.Replicas < 1)
        {
            throw new ArgumentException($"Recommendation {recommendation.Rank} has {recommendation.Replicas} replica(s) of tensor parallelism {recommendation.TensorParallel}; both must be at least 1.", nameof(recommendation));
        }

        var notes = new List<string>();
        var name = options.Name ?? ResourceNames.Derive(recommendation.Model);
        var settings = ServingSettingsCalculator.Compute(
            plan, recommendation, gpu, _catalog.GetModel(recommendation.Model), _catalog.FindUseCase(plan.UseCase), options, name, notes);
        var labels = ManifestLabels.Common(name);
        var annotations = ManifestLabels.Annotations(recommendation, settings, plan);
        if (!options.Simulator)
        {
            notes.Add($"Create the Hugging Face token Secret first: kubectl -n {options.Namespace} create secret generic {options.HuggingFaceTokenSecret} --from-literal={options.HuggingFaceTokenKey}=<token>");
        }

        var image = options.Simulator ? null : VllmImages.For(gpu, options);
        if (image is { HasDigest: true, Tag: { } tag })
        {
            notes.Add($"The image is pinned by digest, so the manifest names it by digest alone ({image}); the tag '{tag}' given beside it is dropped.");
        }

        if (!options.Simulator && options.VllmRunsAsNonRoot && string.Equals(gpu.Vendor, "AMD", StringComparison.OrdinalIgnoreCase))
        {
            notes.Add($"vLLM runs as a non-root user on {gpu.Type}: the ROCm devices (/dev/kfd, /dev/dri/renderD*) usually belong to the node's render group, so add its id to the pod's supplementalGroups unless the device plugin makes them world-accessible.");
        }

        if (options.NetworkPolicy is { } policy)
        {
            var allowed = new[] { policy.GatewayNamespaces, policy.MonitoringNamespaces }.Where(n => !n.IsDefault).SelectMany(n => n);
            notes.Add($"The NetworkPolicy admits traffic to port {KserveManifestConstants.ContainerPort} only from the namespaces {string.Join(", ", allowed)}; it takes effect only where the cluster's network plugin enforces NetworkPolicy (Calico, Cilium and most managed CNIs do; flannel does not).");
        }

        if (settings.ScaleToZero)
        {
            notes.Add("The service scales to zero when idle; vLLM's own metrics vanish at zero, so the first request after idling waits for a cold start (minutes) unless a gateway metric wakes it earlier.");
        }

        var monitoring = options.Monitoring;
        var families = MonitoringBuilder.Families(settings, plan, recommendation, monitoring);
        var rule = MonitoringBuilder.BuildRules(settings, plan, families, monitoring, labels);
        var dashboard = DashboardBuilder.Json(settings, plan, families, monitoring);
        var bundle = new MonitoringBundle
        {
            Alerts = MonitoringBuilder.Definitions(families, monitoring),
            RulesFile = MonitoringBuilder.RulesFile(rule),
            RuleTests = RuleTestBuilder.Build(settings, families, monitoring),
            AlertmanagerConfig = AlertmanagerConfigBuilder.Build(settings, monitoring.Alertmanager),
            Runbook = RunbookBuilder.Build(settings, plan, recommendation, families, monitoring),
            DashboardJson = dashboard,
        };
        var objects = new List<(string File, object Model)>
        {
            ("01-inferenceservice.yaml", InferenceServiceBuilder.Build(settings, gpu, image, options, labels, annotations)),
            ("02-scaledobject.yaml", AutoscalingBuilder.Build(settings, options, labels)),
            ("03-poddisruptionbudget.yaml", DisruptionBudgetBuilder.Build(settings, labels)),
            ("04-servicemonitor.yaml", MonitoringBuilder.BuildServiceMonitor(settings, labels)),
            ("05-prometheusrule.yaml", rule),
            ("06-dashboard-configmap.yaml", DashboardBuilder.Build(settings, dashboard, labels)),
        };
        if (options.NetworkPolicy is { } networkPolicy)
        {
            objects.Add(("07-networkpolicy.yaml", NetworkPolicyBuilder.Build(settings, networkPolicy, labels)));
        }

        var documents = ImmutableArray.CreateBuilder<ManifestDocument>(objects.Count);
        foreach (var (file, model) in objects)
        {
            documents.Add(ToDocument(model, file));
        }

        var set = new ManifestSet { Documents = documents.MoveToImmutable(), Settings = settings, Rank = recommendation.Rank, Notes = [.. notes], Monitoring = bundle };
        _validator.Validate(set).ThrowIfInvalid();
        return set;
    }

    private static ManifestDocument ToDocument(object model, string file)
    {
        var node = ToNode(model);
        var yaml = YamlTree.ToYaml(node);

        // The YAML must read back as exactly the object that was built: nothing a value contains can change the structure.
        var back = YamlTree.Parse(yaml);
        if (back.Count != 1 || !JsonNode.DeepEquals(back[0], node))
        {
            throw new InvalidOperationException($"The YAML of {file} does not read back as the object that was built.");
        }

        return new ManifestDocument(
            node["apiVersion"]!.GetValue<string>(), node["kind"]!.GetValue<string>(), node["metadata"]!["name"]!.GetValue<string>(), file, yaml);
    }

    /// <summary>Serializes a typed model (KubernetesClient's or Compass's CRD records) to a JSON tree, without nulls.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The tree.</returns>
    internal static JsonObject ToNode(object model)
        => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
}
