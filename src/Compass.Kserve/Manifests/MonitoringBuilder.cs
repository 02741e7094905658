using System.Collections.Immutable;
using System.Globalization;
using Compass.Core;
using Compass.Kserve.Manifests.Resources;
using Compass.Kserve.Yaml;
using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>
/// Builds the ServiceMonitor that scrapes vLLM, the plan's SLO alerts (<see cref="AlertFamily"/>) and, from the same
/// list, the PrometheusRule, the plain rules file and the rest of the <see cref="MonitoringBundle"/>.
/// </summary>
internal static class MonitoringBuilder
{
    /// <summary>Warning alerts fire at this share of a target, so there is time to act before the SLO is missed.</summary>
    public const double WarningShare = 0.8;

    /// <summary>The error-rate thresholds (share of requests answered 5xx).</summary>
    public const double ErrorWarning = 0.01, ErrorCritical = 0.05;

    /// <summary>The KV-cache thresholds (share of blocks in use).</summary>
    public const double KvWarning = 0.9, KvCritical = 0.98;

    public static ServiceMonitor BuildServiceMonitor(ServingSettings settings, IDictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
        Spec = new ServiceMonitorSpec
        {
            Selector = new V1LabelSelector { MatchLabels = ManifestLabels.PredictorSelector(settings.Name) },
            Endpoints = [new ScrapeEndpoint { TargetPort = KserveManifestConstants.ContainerPort }],
        },
    };

    /// <summary>The plan's alert families, in rule order.</summary>
    public static IReadOnlyList<AlertFamily> Families(ServingSettings settings, Plan plan, Recommendation recommendation, MonitoringOptions options)
    {
        var slo = plan.Slo;
        var predicted = recommendation.Predicted;
        var q = slo.Percentile / 100;
        var p = Invariant($"p{slo.Percentile:0.#}");
        var window = PrometheusDuration.Format(options.RateWindow);
        var sel = PromQl.Selector(settings);
        var gpus = Invariant($"{recommendation.TensorParallel}× {recommendation.Gpu}");
        var replicas = settings.MinReplicas == settings.MaxReplicas
            ? Invariant($"{settings.MinReplicas}")
            : Invariant($"{settings.MinReplicas}–{settings.MaxReplicas} (autoscaled)");
        var peak = Invariant($"{plan.Traffic.PeakQps:0.##} req/s");
        var perReplica = Invariant($"{predicted.MaxRequestRate:0.##} req/s");
        var more = Invariant($"Raise the replicas (now {replicas}; the plan holds the SLO up to about {perReplica} per replica, for a planned peak of {peak}): `compass plan` again with the measured peak, or raise the autoscaler's maximum.");
        var busier = Invariant($"Lower `--max-num-seqs` (now {settings.MaxNumSeqs}) so each step batches fewer sequences, and add replicas to keep throughput.");
        var gpu = Invariant($"Move to a faster GPU or more tensor parallelism than {gpus}: re-plan with `compass plan` and compare the recommendations.");
        var load = Invariant($"Load above the planned peak of {peak} ({perReplica} per replica is where the plan's SLO ends).");
        var cold = "A replica that just started (vLLM warms up, CUDA graphs are captured) or is being preempted by the node.";

        // Latency alerts count the observations above a bucket bound (SloBound) instead of comparing an interpolated
        // quantile with the target: the share over the bound against the share the percentile allows (5% for p95).
        // 'what' names the share, with {bound} where the bound goes.
        AlertFamily Latency(string prefix, string name, string observations, string what, string[] histograms, IReadOnlyList<double> buckets, double targetMs, double predictedMs, string meaning, string[] causes, string[] changes)
        {
            var latency = new LatencySignal
            {
                Name = name,
                Observations = observations,
                Histograms = histograms,
                Buckets = buckets,
                Quantile = q,
                Bound = SloBound.Choose(targetMs / 1000, buckets, predictedMs / 1000),
                QuantileQuery = PromQl.Quantile(q, histograms, settings, window),
            };
            var allowed = GoFormat.HumanizePercentage(latency.Allowed);
            var target = $"the {p} SLO of {Ms(targetMs)}";
            return new()
            {
                Prefix = prefix,
                What = what.Replace("{bound}", Seconds(latency.Bound.Bound), StringComparison.Ordinal),
                Signal = PromQl.ShareAbove(latency.Bound.Bound, histograms, settings, window),
                Shape = SignalShape.SlowShare,
                Latency = latency,
                Critical = latency.Allowed,
                Warning = Math.Round(latency.Allowed * WarningShare, 9),
                CriticalMeaning = $"the {allowed} {target} allows",
                WarningMeaning = Invariant($"{GoFormat.HumanizePercentage(Math.Round(latency.Allowed * WarningShare, 9))} ({WarningShare:0%} of the {allowed} {target} allows)"),
                Predicted = Invariant($"a {p} {name} of {Ms(predictedMs)} at {predicted.RequestRate:0.##} req/s per replica"),
                Meaning = meaning,
                Causes = causes,
                Changes = changes,
            };
        }

        return
        [
            Latency("VllmTtftSlo", "time to first token", "requests", "share of requests waiting over {bound} for their first token", [VllmMetrics.TimeToFirstToken], VllmMetrics.TimeToFirstTokenBuckets, slo.TtftMs, predicted.TtftMs,
                "Users wait longer than the SLO for the first token: requests queue before they are scheduled, or prefill is slow.",
                [load, "Long prompts (prefill grows with prompt length) compared with the plan's prompt profile.", cold, "Too few replicas ready: the autoscaler is at its maximum, or pods cannot start (GPU capacity, image pull)."],
                [more, Invariant($"Lower `--max-num-batched-tokens` (now {settings.MaxNumBatchedTokens}) only if ITL is the problem too; a larger budget prefills faster."), gpu]),
            Latency("VllmItlSlo", "inter-token latency", "token gaps", "share of token gaps (inter-token latency) over {bound}", [VllmMetrics.InterTokenLatency, VllmMetrics.TimePerOutputToken], VllmMetrics.InterTokenLatencyBuckets, slo.ItlMs, predicted.ItlMs,
                "Tokens stream slower than the SLO: each engine step takes too long, because the batch is large or long prompts are prefilled alongside decoding.",
                [Invariant($"Batches larger than the plan's (up to `--max-num-seqs` {settings.MaxNumSeqs} sequences per step)."), load, cold, "A slower GPU than planned (a different node pool), or a noisy neighbour on the node."],
                [busier, more, gpu]),
            Latency("VllmE2eSlo", "end-to-end latency", "requests", "share of requests taking over {bound} end to end", [VllmMetrics.E2eLatency], VllmMetrics.RequestLatencyBuckets, slo.E2eMs, predicted.E2eMs,
                "Whole requests take longer than the SLO: the sum of queueing, time to first token and every token's latency.",
                ["Answers longer than the plan's output profile (check `vllm:request_generation_tokens`).", load, "Inter-token latency above plan (see the ITL alert).", cold],
                [more, busier, gpu]),
            new()
            {
                Prefix = "VllmErrorRate",
                What = "share of requests answered 5xx",
                Signal = $"sum(rate({VllmMetrics.HttpRequests}{PromQl.Selector(settings, "status=\"5xx\"")}[{window}])) / sum(rate({VllmMetrics.HttpRequests}{sel}[{window}]))",
                Shape = SignalShape.ErrorRatio,
                Critical = ErrorCritical,
                Warning = ErrorWarning,
                CriticalMeaning = Invariant($"{ErrorCritical:0%} of requests"),
                WarningMeaning = Invariant($"{ErrorWarning:0%} of requests"),
                Meaning = "The server answers requests with 5xx errors: users get failures, not slow answers.",
                Causes = ["The engine crashed or restarted (CUDA errors, out of GPU memory): check the pods' restarts and logs.", "Requests the engine cannot serve (context longer than `--max-model-len` is a 400, but a failing tokenizer or template is a 500).", "A rollout in progress, with pods that fail their probes."],
                Changes = [Invariant($"If the logs show out-of-memory, lower `--gpu-memory-utilization` (now {settings.GpuMemoryUtilization:0.##}) or `--max-num-seqs` (now {settings.MaxNumSeqs})."), "Roll back to the last good revision (`compass rollback`) if the errors started with a deploy.", more],
            },
            new()
            {
                Prefix = "VllmQueueDepth",
                What = "number of requests waiting per replica",
                Signal = $"sum({VllmMetrics.RequestsWaiting}{sel}) / clamp_min(count({VllmMetrics.RequestsRunning}{sel}), 1)",
                Shape = SignalShape.Waiting,
                Critical = 4 * settings.WaitingTarget,
                Warning = settings.WaitingTarget,
                CriticalMeaning = Invariant($"{4 * settings.WaitingTarget} requests per replica (4× the autoscaler's threshold)"),
                WarningMeaning = Invariant($"{settings.WaitingTarget} requests per replica (the autoscaler's scale-up threshold)"),
                Meaning = Invariant($"Requests wait for a batch slot: every running batch is full (`--max-num-seqs` {settings.MaxNumSeqs}) or the KV cache is, so time to first token grows with the queue."),
                Causes = [load, "The autoscaler is at its maximum, or new replicas cannot start (no free GPUs, image pull, model download).", "Longer answers than planned keep sequences in the batch longer."],
                Changes = [more, Invariant($"Raise `--max-num-seqs` (now {settings.MaxNumSeqs}) only while ITL has headroom and the KV cache is below 90%."), gpu],
            },
            new()
            {
                Prefix = "VllmKvCacheSaturation",
                What = "KV-cache use",
                Signal = $"max({VllmMetrics.KvCacheUsage}{sel} or {VllmMetrics.GpuCacheUsage}{sel})",
                Shape = SignalShape.KvCache,
                Critical = KvCritical,
                Warning = KvWarning,
                CriticalMeaning = Invariant($"{KvCritical:0%} of the KV cache"),
                WarningMeaning = Invariant($"{KvWarning:0%} of the KV cache"),
                Meaning = "The KV cache is nearly full: vLLM preempts running sequences (recomputing them later) and stops admitting new ones, so latency rises for everyone.",
                Causes = ["Prompts or answers longer than the plan's profile.", Invariant($"Many long sequences at once (up to `--max-num-seqs` {settings.MaxNumSeqs}, `--max-model-len` {settings.MaxModelLen})."), load],
                Changes = [Invariant($"Lower `--max-num-seqs` (now {settings.MaxNumSeqs}) or `--max-model-len` (now {settings.MaxModelLen})."), "Use an FP8 KV cache (`--kv-cache-dtype fp8`) if the plan did not.", more, gpu],
            },
        ];
    }

    /// <summary>The alerts of the families: critical then warning for each.</summary>
    public static ImmutableArray<AlertDefinition> Definitions(IReadOnlyList<AlertFamily> families, MonitoringOptions options)
        => [.. families.SelectMany(f => new[] { Definition(f, "critical", options), Definition(f, "warning", options) })];

    public static PrometheusRule BuildRules(ServingSettings settings, Plan plan, IReadOnlyList<AlertFamily> families, MonitoringOptions options, IDictionary<string, string> labels)
    {
        var rules = new List<AlertRule>();
        foreach (var family in families)
        {
            foreach (var severity in new[] { "critical", "warning" })
            {
                var alert = Definition(family, severity, options);
                rules.Add(new AlertRule
                {
                    Alert = alert.Name,
                    Expr = alert.Expression,
                    For = PrometheusDuration.Format(options.AlertFor),
                    Labels = AlertLabels(settings, severity),
                    Annotations = Annotations(settings, family, alert, options),
                });
            }
        }

        return new PrometheusRule
        {
            Metadata = new V1ObjectMeta { Name = settings.Name, NamespaceProperty = settings.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
            Spec = new PrometheusRuleSpec([new RuleGroup(GroupName(settings), rules)]),
        };
    }

    /// <summary>
    /// An alert's annotations; the value appears as <see cref="AlertFamily.ValueTemplate"/>, which Prometheus renders. A
    /// latency alert's description adds the interpolated percentile (<see cref="LatencySignal.ContextTemplate"/>) and
    /// says which bucket bound it counts above, and why (<see cref="SloBound.Note"/>).
    /// </summary>
    public static SortedDictionary<string, string> Annotations(ServingSettings settings, AlertFamily family, AlertDefinition alert, MonitoringOptions options)
    {
        var meaning = alert.Severity == "critical" ? family.CriticalMeaning : family.WarningMeaning;
        var forText = PrometheusDuration.Format(options.AlertFor);
        var predicted = family.Predicted is null ? string.Empty : $" The plan predicted {family.Predicted}.";
        var context = family.Latency?.ContextTemplate ?? string.Empty;
        var bound = family.Latency is { } latency ? " " + latency.Bound.Note(latency.Observations) : string.Empty;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = $"{settings.Name}: {family.What} is {family.ValueTemplate}, above {meaning}",
            ["description"] = $"In {settings.Namespace}/{settings.Name}, the {family.What} has been above {meaning} for {forText}; it is now {family.ValueTemplate}{context}.{bound}{predicted} {family.Meaning} See the runbook for causes and fixes.",
            ["runbook_url"] = alert.RunbookUrl,
        };
    }

    /// <summary>The PrometheusRule's groups as a Prometheus rules file: the same tree, without the Kubernetes wrapper.</summary>
    public static string RulesFile(PrometheusRule rule)
    {
        var spec = ManifestGenerator.ToNode(rule)["spec"]!.DeepClone();
        return "# Generated by Compass from the same rules as the PrometheusRule; check with: promtool check rules " + MonitoringBundle.RulesFileName + "\n" + YamlTree.ToYaml(spec);
    }

    /// <summary>The labels every alert carries: its severity and the deployment it is about (the expressions aggregate theirs away).</summary>
    public static SortedDictionary<string, string> AlertLabels(ServingSettings settings, string severity) => new(StringComparer.Ordinal)
    {
        ["severity"] = severity,
        ["namespace"] = settings.Namespace,
        ["service"] = ResourceNames.Predictor(settings.Name),
    };

    public static string GroupName(ServingSettings settings) => $"{settings.Name}.slo";

    /// <summary>The runbook anchor of an alert (GitHub's for a <c>## Name</c> heading).</summary>
    public static string Anchor(string alert) => alert.ToLowerInvariant();

    public static AlertDefinition Definition(AlertFamily family, string severity, MonitoringOptions options)
    {
        var name = family.Prefix + (severity == "critical" ? "Critical" : "Warning");
        var threshold = severity == "critical" ? family.Critical : family.Warning;
        var runbook = (options.RunbookUrl?.AbsoluteUri ?? MonitoringBundle.RunbookFileName) + "#" + Anchor(name);
        return new AlertDefinition(name, severity, family.Signal, threshold, $"{family.Signal} > {Number(threshold)}", options.AlertFor, runbook);
    }

    /// <summary>A threshold as PromQL writes it.</summary>
    public static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Ms(double ms) => ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.##} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:0.##} ms");

    /// <summary>A duration given in seconds, as <see cref="Ms"/> writes it.</summary>
    public static string Seconds(double seconds) => Ms(seconds * 1000);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
