using System.Globalization;
using System.Text.Json.Nodes;

namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>
/// A scripted KServe controller: every time an InferenceService is read, it moves one step towards Ready —
/// a pending pod and PredictorReady=False (ContainerCreating), then a running pod and PredictorReady=True, then
/// IngressReady=True, Ready=True and a <c>status.url</c> after <see cref="PollsToReady"/> reads. With
/// <see cref="PollsToReady"/> null it never gets there: the pod stays Pending with a FailedScheduling warning.
/// </summary>
internal sealed class FakeInferenceServiceController(FakeStore store)
{
    private readonly Dictionary<string, int> _polls = new(StringComparer.Ordinal);

    public int? PollsToReady { get; set; } = 3;

    public void OnRead(string ns, string name)
    {
        var isvc = store.Find(FakeStore.Resource("inferenceservices"), ns, name);
        if (isvc is null)
        {
            return;
        }

        int poll;
        lock (store.Gate)
        {
            var key = $"{ns}/{name}/{isvc.Content["metadata"]!["uid"]}";
            poll = _polls[key] = _polls.GetValueOrDefault(key) + 1;
        }

        var ready = PollsToReady is { } n && poll >= n;
        var predictorReady = ready || (PollsToReady is { } m && poll >= m - 1 && m > 1);
        var pod = $"{name}-predictor-00001-deployment-7d9f8";
        if (poll == 1)
        {
            Event(ns, "Pod", pod, "Normal", "Scheduled", $"Successfully assigned {ns}/{pod} to gpu-node-1");
        }

        if (PollsToReady is null && poll == 2)
        {
            Event(ns, "Pod", pod, "Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");
        }

        Pod(ns, name, pod, predictorReady);
        var updated = isvc.Clone();
        updated.Content["status"] = new JsonObject
        {
            ["observedGeneration"] = isvc.Content["metadata"]!["generation"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("IngressReady", ready, ready ? null : "Uninitialized", ready ? null : "Waiting for the predictor"),
                Condition("PredictorReady", predictorReady, predictorReady ? null : "ContainerCreating", predictorReady ? null : "Pulling image vllm/vllm-openai"),
                Condition("Ready", ready, ready ? null : predictorReady ? "IngressNotConfigured" : "ContainerCreating", ready ? null : "Revision not ready")),
        };
        if (ready)
        {
            updated.Content["status"]!["url"] = $"http://{name}.{ns}.example.com";
            if (poll == PollsToReady)
            {
                Event(ns, "InferenceService", name, "Normal", "InferenceServiceReady", "InferenceService [" + name + "] is Ready");
            }
        }

        store.Put(updated);
    }

    private void Pod(string ns, string isvc, string name, bool ready)
    {
        var running = ready;
        var content = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["serving.kserve.io/inferenceservice"] = isvc, ["component"] = "predictor" },
            },
            ["status"] = new JsonObject
            {
                ["phase"] = running ? "Running" : "Pending",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = running ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "kserve-container",
                    ["ready"] = running,
                    ["restartCount"] = 0,
                    ["state"] = running
                        ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-01-01T00:01:00Z" } }
                        : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                }),
            },
        };
        store.Put(new StoredObject(FakeStore.Resource("pods"), content));
    }

    private int _events;

    private void Event(string ns, string kind, string name, string type, string reason, string message)
    {
        var n = Interlocked.Increment(ref _events);
        store.Put(new StoredObject(FakeStore.Resource("events"), new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = $"{name}.{n:D4}", ["namespace"] = ns },
            ["involvedObject"] = new JsonObject { ["kind"] = kind, ["name"] = name, ["namespace"] = ns },
            ["type"] = type,
            ["reason"] = reason,
            ["message"] = message,
            ["count"] = 1,
            ["lastTimestamp"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(n).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
    }

    private static JsonObject Condition(string type, bool ok, string? reason, string? message)
    {
        var c = new JsonObject { ["type"] = type, ["status"] = ok ? "True" : "False", ["lastTransitionTime"] = "2026-01-01T00:00:00Z" };
        if (reason is not null)
        {
            c["reason"] = reason;
        }

        if (message is not null)
        {
            c["message"] = message;
        }

        return c;
    }
}
