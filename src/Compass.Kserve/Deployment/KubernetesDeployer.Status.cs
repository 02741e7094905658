using System.Globalization;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Deployment;

/// <summary>Status, waiting for Ready, and list.</summary>
public sealed partial class KubernetesDeployer
{
    private const int MaxEvents = 10;

    /// <inheritdoc/>
    public async Task<DeploymentStatus> GetStatusAsync(string name, string? namespaceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var ns = Namespace(namespaceName);
        var isvc = await _resources.GetAsync(ResourceCatalog.InferenceService, ns, name, cancellationToken).ConfigureAwait(false)
            ?? throw new DeploymentException(DeploymentFailure.NotFound, $"InferenceService {name} was not found in namespace {ns}; check the name and the namespace (listing the Compass deployments shows both).", $"InferenceService {ns}/{name}", System.Net.HttpStatusCode.NotFound)
            {
                Setting = nameof(DeploymentRequest.Namespace),
            };
        var conditions = StatusReader.Conditions(isvc);
        var pods = (await _resources.ListAsync(Pods, ns, $"{InferenceServiceLabel}={name}", cancellationToken).ConfigureAwait(false))
            .Select(StatusReader.Pod).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var podNames = pods.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var events = (await _resources.ListAsync(Events, ns, labelSelector: null, cancellationToken).ConfigureAwait(false))
            .Where(e => StatusReader.Text(e["involvedObject"] as JsonObject, "name") is { } o && (o == name || podNames.Contains(o) || o.StartsWith(name + "-", StringComparison.Ordinal)))
            .Select(StatusReader.Event)
            .OrderBy(e => e.LastSeen ?? DateTimeOffset.MinValue)
            .TakeLast(MaxEvents)
            .ToList();
        int? revision = null;
        try
        {
            revision = (await _revisions.ReadAsync(ns, name, cancellationToken).ConfigureAwait(false)).Current;
        }
        catch (DeploymentException ex) when (ex.Failure == DeploymentFailure.Forbidden)
        {
            // Reading the revision history is optional for status.
        }

        return new DeploymentStatus(name, ns, StatusReader.Ready(conditions), StatusReader.Url(isvc), conditions, pods, events, revision);
    }

    /// <inheritdoc/>
    public async Task<DeploymentStatus> WaitForReadyAsync(string name, string? namespaceName = null, TimeSpan? timeout = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var limit = timeout ?? _options.ReadyTimeout;
        if (limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");
        }

        var ns = Namespace(namespaceName);
        var started = _time.GetTimestamp();
        string? lastConditions = null;
        string? lastPods = null;
        var seenEvents = new HashSet<string>(StringComparer.Ordinal);
        progress?.Report($"Waiting up to {Seconds(limit)} for InferenceService {ns}/{name} to become Ready");
        while (true)
        {
            var status = await GetStatusAsync(name, ns, cancellationToken).ConfigureAwait(false);
            var conditions = status.Conditions.Count == 0 ? "no conditions yet" : string.Join(", ", status.Conditions.Select(c => c.ToString()));
            if (conditions != lastConditions)
            {
                progress?.Report("conditions: " + conditions);
                lastConditions = conditions;
            }

            var pods = status.Pods.Count == 0 ? "no pods yet" : string.Join(", ", status.Pods.Select(p => $"{p.Name} {p.Phase}{(p.Ready ? " ready" : string.Empty)}{(p.Reason is null ? string.Empty : $" ({p.Reason})")}"));
            if (pods != lastPods)
            {
                progress?.Report($"pods: {status.ReadyPods}/{status.Pods.Count} ready: {pods}");
                lastPods = pods;
            }

            foreach (var e in status.Events.Where(e => seenEvents.Add($"{e.InvolvedObject}|{e.Reason}|{e.Message}|{e.Count}")))
            {
                progress?.Report($"event: {e.Type} {e.Reason} {e.InvolvedObject}: {e.Message}");
            }

            if (status.Ready)
            {
                progress?.Report($"Ready after {Seconds(_time.GetElapsedTime(started))}{(status.Url is null ? string.Empty : ": " + status.Url)}");
                return status;
            }

            var remaining = limit - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new DeploymentException(DeploymentFailure.Timeout, TimeoutMessage(status, limit), $"InferenceService {ns}/{name}")
                {
                    Setting = nameof(KubernetesDeploymentOptions.ReadyTimeout),
                };
            }

            await Task.Delay(remaining < _options.PollInterval ? remaining : _options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeploymentSummary>> ListAsync(string? namespaceName = null, CancellationToken cancellationToken = default)
    {
        var ns = Namespace(namespaceName);
        var items = await _resources.ListAsync(ResourceCatalog.InferenceService, ns, $"{KserveNames.ManagedByLabel}={KserveNames.Manager}", cancellationToken).ConfigureAwait(false);
        return [.. items.Select(i =>
        {
            var metadata = i["metadata"] as JsonObject;
            var created = StatusReader.Text(metadata, "creationTimestamp") is { } c && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
            return new DeploymentSummary(StatusReader.Text(metadata, "name") ?? "?", StatusReader.Text(metadata, "namespace") ?? ns, StatusReader.Ready(StatusReader.Conditions(i)), StatusReader.Url(i), created);
        }).OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    private static string TimeoutMessage(DeploymentStatus status, TimeSpan limit)
    {
        var blocking = status.Blocking;
        var why = blocking is null
            ? "no status conditions were reported (is the KServe controller running? kubectl get pods -n kserve)"
            : $"last condition {blocking.Type}={blocking.Status}{(blocking.Reason is null ? string.Empty : $", reason {blocking.Reason}")}{(blocking.Message is null ? string.Empty : $": {blocking.Message.TrimEnd('.')}")}";
        var pods = status.Pods.Count == 0
            ? "no pods"
            : $"{status.ReadyPods}/{status.Pods.Count} pods ready{(status.Pods.FirstOrDefault(p => p.Reason is not null)?.Reason is { } r ? $" ({r})" : string.Empty)}";
        var warning = status.Events.LastOrDefault(e => e.Type == "Warning");
        return $"InferenceService {status.Namespace}/{status.Name} was not Ready after {Seconds(limit)}: {why}; {pods}"
            + (warning is null ? string.Empty : $"; last warning: {warning.Reason}: {warning.Message.TrimEnd('.')}")
            + $". Check its status (kubectl describe inferenceservice {status.Name} -n {status.Namespace}), or wait longer (a longer ready timeout).";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
