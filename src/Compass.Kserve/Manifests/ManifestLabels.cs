using System.Collections.Immutable;
using Compass.Core;

namespace Compass.Kserve.Manifests;

/// <summary>The labels and annotations every generated object carries.</summary>
internal static class ManifestLabels
{
    public static ImmutableSortedDictionary<string, string> Common(string name) => ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, string>(KserveNames.ManagedByLabel, KserveNames.Manager),
        new KeyValuePair<string, string>(KserveNames.InstanceLabel, name),
        new KeyValuePair<string, string>("app.kubernetes.io/name", "vllm"),
        new KeyValuePair<string, string>("app.kubernetes.io/part-of", "compass"),
    ]);

    /// <summary>Plan facts, as annotations (free text is allowed there; the YAML writer quotes it).</summary>
    public static ImmutableSortedDictionary<string, string> Annotations(Recommendation recommendation, ServingSettings settings, Plan plan)
        => ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "model", recommendation.Model.Value),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "checkpoint", recommendation.Checkpoint.Value),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "gpu", $"{recommendation.TensorParallel}x{recommendation.Gpu.Value}"),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "replicas", settings.MinReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "use-case", plan.UseCase.Value),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "slo", plan.Slo.ToString()),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "prediction-source", recommendation.Source.ToString().ToLowerInvariant()),
            new KeyValuePair<string, string>(KserveManifestConstants.AnnotationPrefix + "mode", settings.Simulator ? "simulator" : "vllm"),
        ]);

    /// <summary>The labels KServe puts on the predictor's pods and Service, which selectors match.</summary>
    public static Dictionary<string, string> PredictorSelector(string name) => new(StringComparer.Ordinal)
    {
        [KserveManifestConstants.InferenceServiceLabel] = name,
        [KserveManifestConstants.ComponentLabel] = "predictor",
    };
}
