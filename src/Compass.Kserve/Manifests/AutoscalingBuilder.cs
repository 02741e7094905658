using System.Globalization;
using Compass.Kserve.Manifests.Resources;
using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>Builds the KEDA ScaledObject that scales the predictor on vLLM's queue and running requests.</summary>
internal static class AutoscalingBuilder
{
    public static ScaledObject Build(ServingSettings settings, ManifestOptions options, IDictionary<string, string> labels)
    {
        var selector = PromQl.Selector(settings);
        var server = options.PrometheusAddress.ToString().TrimEnd('/');
        return new ScaledObject
        {
            Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
            Spec = new ScaledObjectSpec
            {
                ScaleTargetRef = new ScaleTargetRef("apps/v1", "Deployment", ResourceNames.Predictor(settings.Name)),
                PollingInterval = 15,
                CooldownPeriod = settings.ScaleToZero ? 900 : 300,
                IdleReplicaCount = settings.ScaleToZero ? 0 : null,
                MinReplicaCount = settings.MinReplicas,
                MaxReplicaCount = settings.MaxReplicas,
                Advanced = new ScaledObjectAdvanced(new HorizontalPodAutoscalerConfig(new V2HorizontalPodAutoscalerBehavior
                {
                    // A GPU replica takes minutes to start: add quickly, remove slowly.
                    ScaleUp = new V2HPAScalingRules { StabilizationWindowSeconds = 0, Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 2, PeriodSeconds = 60 }] },
                    ScaleDown = new V2HPAScalingRules { StabilizationWindowSeconds = 600, Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 1, PeriodSeconds = 300 }] },
                })),
                Triggers =
                [
                    Trigger("vllm-waiting", server, $"sum({VllmMetrics.RequestsWaiting}{selector})", settings.WaitingTarget, settings.ScaleToZero),
                    Trigger("vllm-running", server, $"sum({VllmMetrics.RequestsRunning}{selector})", settings.RunningTarget, settings.ScaleToZero),
                ],
            },
        };
    }

    private static ScaleTrigger Trigger(string name, string server, string query, int threshold, bool activation)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["serverAddress"] = server,
            ["query"] = query,
            ["threshold"] = threshold.ToString(CultureInfo.InvariantCulture),
            ["ignoreNullValues"] = "true",
        };
        if (activation)
        {
            metadata["activationThreshold"] = "0";
        }

        return new ScaleTrigger { Type = "prometheus", Name = name, MetricType = "AverageValue", Metadata = metadata };
    }
}
