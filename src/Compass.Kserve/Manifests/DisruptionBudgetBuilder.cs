using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>Builds the PodDisruptionBudget that lets a node drain take one predictor replica at a time.</summary>
internal static class DisruptionBudgetBuilder
{
    public static V1PodDisruptionBudget Build(ServingSettings settings, IDictionary<string, string> labels) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = ManifestLabels.PredictorSelector(settings.Name) },
        },
    };
}
